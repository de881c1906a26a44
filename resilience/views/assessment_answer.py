"""Answering the self-assessment: one theme per page, every answer saved at once.

Any member may answer. With JavaScript each radio button saves its answer the
moment it changes (htmx); without, "Enregistrer et continuer" saves the page.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from resilience.assessment import services
from resilience.assessment.charts import history_chart
from resilience.assessment.forms import AnswerForm, ThemeAnswersForm
from resilience.assessment.progress import neighbours, progress, question_rows, resume_theme
from resilience.models import Assessment
from resilience.tenancy import cabinet_view



def finished_response():
    return HttpResponseBadRequest(_("Cet autodiagnostic est terminé : ses réponses ne changent plus."))


def theme_url(assessment, theme_key):
    return reverse("resilience:assessment_theme", kwargs={"assessment_id": assessment.pk, "theme": theme_key})


def resume_url(questionnaire, assessment, answers) -> str:
    theme = resume_theme(questionnaire, answers)
    if theme is None:
        return reverse("resilience:assessment_review", kwargs={"assessment_id": assessment.pk})
    return theme_url(assessment, theme)


@cabinet_view
def assessment_home(request):
    tenant = request.tenant
    assessments = list(tenant.scope(Assessment).order_by("-started_at", "-id"))
    current = next((a for a in assessments if not a.is_finished), None)
    finished = [a for a in assessments if a.is_finished]
    context = {"current": current, "finished": finished, "latest": finished[0] if finished else None}
    if current is not None:
        questionnaire = services.cabinet_questionnaire(tenant, current.questionnaire_version)
        answered = services.answered_keys(tenant, current)
        context["progress"] = progress(questionnaire, dict.fromkeys(answered, ""))
        context["resume_url"] = resume_url(questionnaire, current, answered)
    if finished:
        context["history_chart"] = history_chart(services.score_history(finished[: services.HISTORY_LENGTH]))
    return render(request, "resilience/assessment/home.html", context)


@cabinet_view
def assessment_start(request):
    if request.method != "POST":  # starting changes data: the button on the overview posts
        return redirect("resilience:assessment_home")
    assessment, created = services.start(request.tenant, request.user)
    if not created:
        messages.info(request, _("Un autodiagnostic est déjà en cours : vous reprenez là où il s'est arrêté."))
    questionnaire = services.cabinet_questionnaire(request.tenant, assessment.questionnaire_version)
    return redirect(resume_url(questionnaire, assessment, services.answered_keys(request.tenant, assessment)))


@cabinet_view
def assessment_theme(request, assessment_id, theme):
    tenant = request.tenant
    posting = request.method == "POST"
    assessment = services.get_assessment(tenant, assessment_id, for_update=posting)
    questionnaire = services.cabinet_questionnaire(tenant, assessment.questionnaire_version)
    if theme not in {t.key for t in questionnaire.themes}:
        raise Http404
    if assessment.is_finished:
        if posting:
            return finished_response()
        return redirect("resilience:assessment_result", assessment_id=assessment.pk)

    answers, previous_answers = services.load_answers(tenant, assessment)
    form = ThemeAnswersForm(request.POST if posting else None, questionnaire=questionnaire, theme=theme, answers=answers)
    before, after = neighbours(questionnaire, theme)
    if posting:
        if not form.is_valid():
            return HttpResponseBadRequest(_("Réponse non valable : rien n'a été enregistré."))
        services.save_answers(assessment, form.answers(), request.user)
        if request.POST.get("go") == "previous" and before:
            return redirect(theme_url(assessment, before))
        if after:
            return redirect(theme_url(assessment, after))
        return redirect("resilience:assessment_review", assessment_id=assessment.pk)

    state = progress(questionnaire, answers)
    return render(
        request,
        "resilience/assessment/theme.html",
        {
            "assessment": assessment,
            "theme": questionnaire.theme(theme),
            "page": next(t for t in state.themes if t.theme.key == theme),
            "progress": state,
            "rows": question_rows(questionnaire, theme, answers, previous_answers),
            "previous_theme": before,
            "next_theme": after,
            "form_prefix": form.prefix,
        },
    )


@cabinet_view
@require_POST
def assessment_answer(request, assessment_id):
    """Save one answer (htmx autosave) and send back its confirmation and the progress bar."""
    tenant = request.tenant
    assessment = services.get_assessment(tenant, assessment_id, for_update=True)
    if assessment.is_finished:
        return finished_response()
    questionnaire = services.cabinet_questionnaire(tenant, assessment.questionnaire_version)
    form = AnswerForm(request.POST, questionnaire=questionnaire)
    if not form.is_valid():
        return HttpResponseBadRequest(" ".join(form.non_field_errors()) or _("Réponse non valable."))
    services.save_answers(assessment, form.answers(), request.user)
    answered = services.answered_keys(tenant, assessment)
    return render(
        request,
        "resilience/assessment/_saved.html",
        {"progress": progress(questionnaire, dict.fromkeys(answered, "")), "oob": True},
    )


@cabinet_view
def assessment_review(request, assessment_id):
    tenant = request.tenant
    assessment = services.get_assessment(tenant, assessment_id)
    if assessment.is_finished:
        return redirect("resilience:assessment_result", assessment_id=assessment.pk)
    questionnaire = services.cabinet_questionnaire(tenant, assessment.questionnaire_version)
    answers, _previous = services.load_answers(tenant, assessment)
    state = progress(questionnaire, answers)
    missing = [
        (page, [q for q in questionnaire.questions_in(page.theme.key) if q.key not in answers])
        for page in state.themes
        if not page.complete
    ]
    return render(
        request,
        "resilience/assessment/review.html",
        {"assessment": assessment, "progress": state, "missing": missing, "unanswered": state.total - state.answered},
    )


@cabinet_view
@require_POST
def assessment_finish(request, assessment_id):
    tenant = request.tenant
    assessment = services.get_assessment(tenant, assessment_id, for_update=True)
    if not assessment.is_finished:  # a second click on "Terminer" changes nothing
        services.finish(tenant, assessment, request.user)
        messages.success(request, _("L'autodiagnostic est terminé. Voici votre résultat et votre plan d'action."))
    return redirect("resilience:assessment_result", assessment_id=assessment.pk)
