"""'Que faire si…': the playbooks, readable with or without an incident, and offline once visited."""

from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render

from incidents.models import Incident, Status
from incidents.playbooks import DEGRADED, LOST_DEVICE, SCENARIO_B, get_playbooks
from resilience.professions import degraded_tips
from resilience.tenancy import cabinet_view


def _open_incidents(tenant):
    return tenant.scope(Incident).exclude(status=Status.CLOSED).order_by("-aware_at")


@cabinet_view
def playbook_index(request):
    return render(
        request,
        "incidents/playbooks.html",
        # Linked to by {% playbook_open_incidents %}, which reads these columns only.
        {"library": get_playbooks(), "open_incidents": _open_incidents(request.tenant).only("pk", "scenario", "status")},
    )


@cabinet_view
def playbook_detail(request, playbook_key):
    library = get_playbooks()
    try:
        playbook = library.get(playbook_key)
    except KeyError:
        raise Http404 from None
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    open_incidents = [i for i in _open_incidents(request.tenant) if playbook.key in i.playbook_keys]
    return render(
        request,
        "incidents/playbook.html",
        {
            "library": library,
            "playbook": playbook,
            "open_incidents": open_incidents,
            "show_legal_help": playbook.key in (SCENARIO_B, LOST_DEVICE, "exit"),
            # Working on paper differs by profession (a nurse's round, a kiné's SCOR copies).
            "profession_tips": (
                degraded_tips(request.tenant.cabinet.profession_codes or [request.tenant.cabinet.profession])
                if playbook.key == DEGRADED
                else []
            ),
        },
    )
