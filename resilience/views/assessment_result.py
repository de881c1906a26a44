"""The result of a finished assessment: scores, chart, action plan, reflexes; and its PDF."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.assessment import services
from resilience.assessment.charts import theme_chart
from resilience.pdf import pdf_response
from resilience.tenancy import cabinet_view


def _context(tenant, assessment):
    view = services.result_view(tenant, assessment)
    result = view.result
    return {
        "cabinet": tenant.cabinet,
        "assessment": assessment,
        "view": view,
        "result": result,
        "questionnaire": result.questionnaire,
        "chart": theme_chart([(row.theme.title, row.score, row.previous) for row in result.themes]),
    }


@cabinet_view
def assessment_result(request, assessment_id):
    assessment = services.get_assessment(request.tenant, assessment_id)
    if not assessment.is_finished:
        return redirect("resilience:assessment_review", assessment_id=assessment.pk)
    return render(request, "resilience/assessment/result.html", _context(request.tenant, assessment))


@cabinet_view
def assessment_pdf(request, assessment_id):
    assessment = services.get_assessment(request.tenant, assessment_id)
    if not assessment.is_finished:
        return redirect("resilience:assessment_review", assessment_id=assessment.pk)
    date = f"{timezone.localtime(assessment.finished_at):%Y-%m-%d}"
    filename = _("autodiagnostic %(cabinet)s %(date)s") % {"cabinet": request.tenant.cabinet.name, "date": date}
    return pdf_response("resilience/assessment/result_pdf.html", _context(request.tenant, assessment), filename=filename)
