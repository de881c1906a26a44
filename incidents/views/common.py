"""Helpers shared by the incident views."""

from datetime import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import services
from incidents.models import Incident


def is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def incident_for(request, incident_id, shown=()) -> Incident:
    """The incident of the current cabinet (404 otherwise); locked when the request writes.

    `shown`: the only fields a page that just reads shows (with its id, cabinet, status and scenario);
    building and compiling a query of the incident's forty-odd columns cost ~1 ms on each visit.
    """
    if request.method == "POST":
        return services.lock(request.tenant, incident_id)
    if shown:
        return request.tenant.get(Incident.objects.only("pk", "cabinet", "status", "scenario", *shown), pk=incident_id)
    return request.tenant.get(Incident, pk=incident_id)


def closed_response(request, incident):
    """Writing to a closed incident: say so and go back to it (the titulaire may reopen it)."""
    messages.warning(request, _("Cet incident est clos : le titulaire peut le rouvrir pour le modifier."))
    return redirect("incidents:detail", incident_id=incident.pk)


def form_page(request, template_context: dict):
    """The small one-form pages (note, status, scenario, legal sections)."""
    return render(request, "incidents/form_page.html", template_context)


def stored_values(form):
    """What is stored now, to show beside the person's own typing after a conflict."""
    rows = []
    for name in form.Meta.fields:
        if name not in form.fields:
            continue
        value = form.initial_values[name]
        if isinstance(value, datetime):
            shown = timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        elif isinstance(value, bool) or value is None:
            shown = {True: _("oui"), False: _("non"), None: "—"}[value]
        else:
            shown = str(value) or "—"
        rows.append((form.fields[name].label, shown))
    return rows
