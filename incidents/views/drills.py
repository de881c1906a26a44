"""Exercise mode: run a playbook as a timed drill, apart from incidents and the breach register."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from incidents.clocks import format_duration
from incidents.forms import DrillFinishForm, DrillStartForm
from incidents.models import Drill, DrillStep
from incidents.playbooks import get_playbooks
from incidents.views.common import is_htmx
from resilience import audit
from resilience.tenancy import cabinet_view


def _drill(request, drill_id, lock=False) -> Drill:
    queryset = Drill.objects.select_for_update(of=("self",)) if lock else Drill.objects.all()
    return request.tenant.get(queryset, pk=drill_id)


@cabinet_view
def drill_list(request):
    form = DrillStartForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        library = get_playbooks()
        playbook = library.get(form.cleaned_data["playbook"])
        drill = Drill.objects.create(
            cabinet=request.tenant.cabinet, playbook_key=playbook.key, playbooks_version=library.version, started_by=request.user
        )
        audit.record(request.tenant.cabinet, request.user, "drill.start", _("Exercice lancé : %(p)s") % {"p": playbook.title})
        return redirect("incidents:drill", drill_id=drill.pk)
    drills = request.tenant.scope(Drill).select_related("started_by")
    library = get_playbooks()
    titles = {p.key: p.title for p in library.playbooks}
    return render(
        request,
        "incidents/drills.html",
        {"form": form, "playbooks": library.playbooks, "drills": [(d, titles.get(d.playbook_key, d.playbook_key)) for d in drills]},
    )


def _steps(drill):
    playbook = get_playbooks().get(drill.playbook_key)
    done = {s.step_key: s for s in drill.steps.select_related("done_by")}
    return playbook, [(step, done.get(step.key)) for step in playbook.steps]


def _render_drill(request, drill, finish_form, status=200):
    playbook, steps = _steps(drill)
    return render(
        request,
        "incidents/drill.html",
        {
            "drill": drill,
            "playbook": playbook,
            "steps": steps,
            "done_count": sum(1 for _step, mark in steps if mark),
            "duration": format_duration(drill.duration),
            "finish_form": finish_form,
        },
        status=status,
    )


@cabinet_view
def drill_detail(request, drill_id):
    return _render_drill(request, _drill(request, drill_id), DrillFinishForm())


@cabinet_view
@require_POST
def drill_step(request, drill_id, step_key):
    drill = _drill(request, drill_id, lock=True)
    playbook = get_playbooks().get(drill.playbook_key)
    step = next((s for s in playbook.steps if s.key == step_key), None)
    if step is None:
        raise Http404
    if drill.is_running:
        if request.POST.get("done") == "1":
            DrillStep.objects.get_or_create(
                drill=drill, step_key=step.key, defaults={"cabinet_id": drill.cabinet_id, "done_by": request.user}
            )
        else:
            drill.steps.filter(step_key=step.key).delete()
    if is_htmx(request):
        mark = drill.steps.filter(step_key=step.key).select_related("done_by").first()
        return render(request, "incidents/includes/drill_step.html", {"drill": drill, "step": step, "mark": mark})
    return redirect(reverse("incidents:drill", kwargs={"drill_id": drill.pk}) + f"#etape-{step.key}")


@cabinet_view
@require_POST
def drill_finish(request, drill_id):
    drill = _drill(request, drill_id, lock=True)
    form = DrillFinishForm(request.POST)
    if drill.is_running and form.is_valid():
        playbook = get_playbooks().get(drill.playbook_key)
        done = set(drill.steps.values_list("step_key", flat=True))
        covered = [key for key in playbook.step_keys() if key in done]
        now = timezone.now()
        Drill.objects.filter(pk=drill.pk).update(finished_at=now, finished_by=request.user, covered_steps=covered, note=form.cleaned_data["note"])
        audit.record(
            request.tenant.cabinet,
            request.user,
            "drill.finish",
            ngettext(
                "Exercice terminé : %(p)s, %(n)d étape sur %(t)d en %(d)s",
                "Exercice terminé : %(p)s, %(n)d étapes sur %(t)d en %(d)s",
                len(covered),
            )
            % {"p": playbook.title, "n": len(covered), "t": len(playbook.steps), "d": format_duration(now - drill.started_at)},
        )
        messages.success(request, _("Exercice terminé. Il apparaît sur le tableau de bord."))
    elif drill.is_running:
        # The note is too long (or otherwise refused): show why, with what was typed, drill still running.
        return _render_drill(request, drill, form)
    return redirect("incidents:drill", drill_id=drill.pk)
