"""The documents of the core: the result of each finished self-assessment."""

from django.utils import timezone
from django.utils.translation import gettext as _

from resilience.models import Assessment
from resilience.pdf import render_pdf
from resilience.portability.documents import Document


def assessment_results(tenant):
    from resilience.views.assessment_result import _context  # the very context the PDF view renders

    assessments = tenant.scope(Assessment).finished().order_by("finished_at", "pk")
    for number, assessment in enumerate(assessments, 1):
        day = timezone.localtime(assessment.finished_at)
        yield Document(
            f"autodiagnostics/{number:02d}-autodiagnostic-{day:%Y-%m-%d}.pdf",
            _("Résultat de l'autodiagnostic du %(date)s") % {"date": f"{day:%d/%m/%Y}"},
            lambda assessment=assessment: render_pdf("resilience/assessment/result_pdf.html", _context(tenant, assessment)),
        )
