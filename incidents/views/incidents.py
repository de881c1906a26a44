"""The incident page and the small pages that run it: note, status, scenario, awareness time."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from incidents import services, summary
from incidents.addresses import detail_links
from incidents.forms import AwarenessForm, NoteForm, ScenarioForm, StatusForm
from incidents.models import Drill, EntryKind, Incident, Status
from incidents.views.common import closed_response, form_page, incident_for, stored_values
from resilience.tenancy import cabinet_view, compiled_once

RECENT_ENTRIES = 5

# The incident page, the one a team keeps open during a crisis: its incident read by a query compiled once.
# It carries its catch-up totals (the « Suivi papier » badge).
INCIDENT_WITH_PEOPLE = compiled_once(
    lambda tenant, incident_id: summary.with_catch_up_totals(
        tenant.scope(Incident).select_related("declared_by", "closed_by").filter(pk=incident_id)
    ),
    int,
)
# The journal's incident (its clocks' dates, its id and status), read by a query compiled once too.
INCIDENT = compiled_once(lambda tenant, incident_id: tenant.scope(Incident).filter(pk=incident_id), int)


@cabinet_view
def incident_list(request):
    # The rows show these fields only ({% open_incident_rows %}, {% closed_incident_rows %}): two dozen incidents
    # of forty-odd columns each, and their declarers, were built as objects for nothing.
    incidents = request.tenant.scope(Incident).only("pk", "scenario", "status", "aware_at", "summary")
    return render(
        request,
        "incidents/incident_list.html",
        {
            "open_incidents": [i for i in incidents if i.is_open],
            "closed_incidents": [i for i in incidents if not i.is_open],
            "last_drill": request.tenant.scope(Drill).first(),
        },
    )


def detail_context(incident, marks, now=None):
    """`marks`: the incident's step marks (`summary.STEP_MARKS`)."""
    now = now or timezone.now()
    groups = summary.step_groups(incident, marks)
    views = summary.clock_views(incident, now)
    totals = summary.catch_up_totals(incident)
    return {
        "incident": incident,
        "groups": groups,
        "next_step": summary.next_step(groups) if incident.is_open else None,
        "clocks": views,
        "totals": totals,
        "settled": sum(g.settled for g in groups),
        "total_steps": sum(g.total for g in groups),
        "delay_reason_needed": incident.is_open and summary.cnil_delay_reason_needed(incident, views),
        "now": now,
    }


@cabinet_view
def incident_detail(request, incident_id):
    """Short on top (status, clocks, next step), the steps below; works offline once visited."""
    tenant = request.tenant
    incident = tenant.fetch_one(INCIDENT_WITH_PEOPLE, incident_id)
    context = detail_context(incident, tenant.fetch(summary.STEP_MARKS, incident.pk))
    items = summary.timeline(incident, context["now"], context["clocks"], tenant.fetch(summary.ENTRIES, incident.pk))
    context.update(
        {
            "recent": items[-RECENT_ENTRIES:][::-1],
            "more_entries": len(items) > RECENT_ENTRIES,
            "statuses": [(v, label) for v, label in Status.choices if v != Status.CLOSED],
            "urls": detail_links(incident.pk),
        }
    )
    response = render(request, "incidents/incident_detail.html", context)
    if not incident.is_open:
        response["X-Offline-Cache"] = "no"  # the service worker keeps open incidents only
    return response


@cabinet_view
def journal(request, incident_id):
    incident = request.tenant.fetch_one(INCIDENT, incident_id)
    entries = request.tenant.fetch(summary.ENTRIES, incident.pk)
    return render(
        request,
        "incidents/journal.html",
        {"incident": incident, "items": summary.timeline(incident, entries=entries)},
    )


@cabinet_view
def note(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.add_note(incident, request.user, form.cleaned_data["text"], form.cleaned_data["occurred_at"])
        messages.success(request, _("Note ajoutée au journal."))
        return redirect(reverse("incidents:detail", kwargs={"incident_id": incident.pk}) + "#journal")
    return form_page(
        request,
        {
            "incident": incident,
            "form": form,
            "title": _("Ajouter une note"),
            "intro": _("Ce qui s'est passé, ce qui a été fait, qui a été appelé. Si vous recopiez une note papier, indiquez l'heure réelle."),
        },
    )


@cabinet_view
def status(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = StatusForm(request.POST if request.method == "POST" else None, initial={"status": incident.status})
    if request.method == "POST" and form.is_valid():
        if services.set_status(incident, request.user, form.cleaned_data["status"]):
            messages.success(request, _("Statut : %(s)s.") % {"s": incident.get_status_display()})
        return redirect("incidents:detail", incident_id=incident.pk)
    return form_page(
        request,
        {
            "incident": incident,
            "form": form,
            "title": _("Où en est le cabinet ?"),
            "intro": _("En cours : on réagit. Mode dégradé : on soigne sur papier. Rétablissement : le logiciel revient, on rattrape. Pour clore, passez par « Clôturer »."),
        },
    )


@cabinet_view
def scenario(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = ScenarioForm(request.POST if request.method == "POST" else None, initial={"scenario": incident.scenario})
    if request.method == "POST" and form.is_valid():
        if services.change_scenario(incident, request.user, form.cleaned_data["scenario"], form.cleaned_data["reason"]):
            messages.success(request, _("Scénario changé : %(s)s. Le changement est noté au journal.") % {"s": incident.get_scenario_display()})
        return redirect("incidents:detail", incident_id=incident.pk)
    return form_page(
        request,
        {
            "incident": incident,
            "form": form,
            "title": _("Changer de scénario"),
            "intro": _("Au moindre signe d'attaque (écran bloqué, rançon, fichiers renommés), passez au scénario B. Les étapes déjà faites restent au journal."),
        },
    )


@cabinet_view
def awareness(request, incident_id):
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    form = AwarenessForm(request.POST if request.method == "POST" else None, instance=incident)
    if request.method == "POST" and form.is_valid():
        before = timezone.localtime(form.initial_values["aware_at"])
        changes = services.save_section(incident, request.user, form, "incident.awareness", _("Incident : heure de prise de connaissance ou résumé modifiés"))
        if "aware_at" in changes:
            services.add_entry(
                incident,
                EntryKind.AWARENESS,
                _("Heure de prise de connaissance corrigée : %(a)s → %(b)s. Les délais sont recalculés.")
                % {"a": before.strftime("%d/%m/%Y %H:%M"), "b": timezone.localtime(incident.aware_at).strftime("%d/%m/%Y %H:%M")},
                request.user,
            )
        messages.success(request, _("Enregistré."))
        return redirect("incidents:detail", incident_id=incident.pk)
    return form_page(
        request,
        {
            "incident": incident,
            "form": form,
            "title": _("Quand le cabinet s'en est-il rendu compte ?"),
            "intro": _("Les délais de 72 heures (CNIL, plainte) partent de cette heure, en heure de Paris."),
            "stored_values": stored_values(form) if form.conflict else None,
        },
    )
