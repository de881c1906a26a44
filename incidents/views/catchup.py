"""Degraded-mode follow-up without patient data: counts per day, paper-sheet numbers if wished."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from incidents import services, summary
from incidents.forms import CountForm, SheetActionForm, SheetsForm
from incidents.models import CatchUpDay, Counter, Incident, PaperSheet
from incidents.views.common import closed_response, incident_for, is_htmx
from resilience.tenancy import cabinet_view, compiled_once

# The catch-up page's queries, run on every visit: built per request, each cost ~0.3 ms of ORM Python.
# The page shows the incident's id and whether it is open (not its forty-odd columns), and its totals.
INCIDENT = compiled_once(
    lambda tenant, incident_id: summary.with_catch_up_totals(
        tenant.scope(Incident.objects.only("pk", "cabinet", "status")).filter(pk=incident_id)
    ),
    int,
)
DAYS = compiled_once(lambda tenant, incident_id: tenant.scope(CatchUpDay).filter(incident=incident_id), int)
SHEETS = compiled_once(lambda tenant, incident_id: tenant.scope(PaperSheet).filter(incident=incident_id), int)


def _days(incident, rows):
    """Today first (even before anything is counted), then every day with counts (`rows`, the days stored)."""
    today = timezone.localdate()
    rows = {row.day: row for row in rows}
    if today not in rows and incident.is_open:
        rows[today] = CatchUpDay(incident=incident, day=today)
    return [rows[day] for day in sorted(rows, reverse=True)]


def _catchup_url(incident, day=None):
    url = reverse("incidents:catchup", kwargs={"incident_id": incident.pk})
    return f"{url}#jour-{day.isoformat()}" if day else url


def _page(request, incident, sheets_form):
    # The page's address only shows it: the sheet numbers go to their own view.
    sheets_form.helper.form_action = reverse("incidents:sheets", kwargs={"incident_id": incident.pk})
    all_sheets = request.tenant.fetch(SHEETS, incident.pk)
    return render(
        request,
        "incidents/catchup.html",
        {
            "incident": incident,
            "days": _days(incident, request.tenant.fetch(DAYS, incident.pk)),
            "totals": summary.catch_up_totals(incident),
            "pending_sheets": [s for s in all_sheets if not s.done],
            "done_sheets": sum(1 for s in all_sheets if s.done),
            "sheets_form": sheets_form,
            "counters": Counter.choices,
        },
    )


@cabinet_view
def catchup(request, incident_id):
    incident = request.tenant.fetch_one(INCIDENT, incident_id)
    return _page(request, incident, SheetsForm(initial={"day": timezone.localdate(), "to_bill": True}))


def _day_error(incident, day: date) -> str:
    if day < timezone.localtime(incident.aware_at).date():
        return _("Ce jour précède l'incident.")
    return ""


@cabinet_view
@require_POST
def count(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = CountForm(request.POST)
    error = ""
    if form.is_valid():
        day = form.cleaned_data["day"]
        error = _day_error(incident, day)
        if not error and not services.count(incident, day, form.cleaned_data["counter"], form.cleaned_data["delta"]):
            error = _("Impossible : il y aurait plus de fiches ressaisies que de consultations, plus d'actes facturés que d'actes notés, ou un nombre négatif.")
    else:
        day = timezone.localdate()
        error = " ".join(message for messages_ in form.errors.values() for message in messages_)
    if is_htmx(request):
        row = incident.catch_up_days.filter(day=day).first() or CatchUpDay(incident=incident, day=day)
        return render(
            request,
            "incidents/includes/catchup_swap.html",
            {"incident": incident, "row": row, "error": error, "totals": summary.catch_up_totals(incident), "counters": Counter.choices, "oob": True},
        )
    if error:
        messages.error(request, error)
    return redirect(_catchup_url(incident, day))


@cabinet_view
@require_POST
def sheets(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = SheetsForm(request.POST)
    if form.is_valid():
        day = form.cleaned_data["day"]
        error = _day_error(incident, day)
        if error:
            form.add_error("day", error)
        else:
            new, existing = services.add_sheets(incident, request.user, day, form.cleaned_data["numbers"], form.cleaned_data["to_bill"])
            if new:
                messages.success(request, ngettext("%(n)d fiche ajoutée.", "%(n)d fiches ajoutées.", len(new)) % {"n": len(new)})
            if existing:
                messages.info(request, _("Déjà enregistrées : n° %(numbers)s.") % {"numbers": ", ".join(existing)})
            return redirect(_catchup_url(incident) + "#fiches")
    return _page(request, incident, form)


@cabinet_view
@require_POST
def sheet(request, incident_id, sheet_id):
    incident = incident_for(request, incident_id)
    paper_sheet = request.tenant.scope(PaperSheet).filter(incident=incident, pk=sheet_id).first()
    if paper_sheet is None:
        raise Http404
    if not incident.is_open:
        return closed_response(request, incident)
    form = SheetActionForm(request.POST)
    if form.is_valid():
        services.update_sheet(paper_sheet, form.cleaned_data["action"])
    else:
        messages.error(request, _("Action inconnue."))
    return redirect(_catchup_url(incident) + "#fiches")
