"""The contracts' documents in the cabinet's export: the gap report of each review.

The uploaded contract PDFs are rows of `ContractDocument`: the export writes them
by itself, as files.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from contracts.models import ContractReview
from resilience.pdf import render_pdf, safe_filename
from resilience.portability.documents import Document


def gap_reports(tenant):
    from contracts.views.outputs import gap_report_context

    reviews = tenant.scope(ContractReview).select_related("contract").order_by("created_at", "pk")
    for number, review in enumerate(reviews, 1):
        day = timezone.localtime(review.created_at)
        yield Document(
            f"contrats/{number:02d}-rapport-des-ecarts-{safe_filename(review.contract.provider)}-{day:%Y-%m-%d}.pdf",
            _("Rapport des écarts du contrat %(provider)s (revue du %(date)s)")
            % {"provider": review.contract.provider, "date": f"{day:%d/%m/%Y}"},
            lambda review=review: render_pdf("contracts/pdf/gap_report.html", gap_report_context(tenant.cabinet, review)),
        )
