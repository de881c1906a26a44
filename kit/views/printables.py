"""The PDFs of the kit: the full printed kit, the patient notice, the order list and each blank sheet."""

from django.views.decorators.http import require_safe

from kit import printables
from kit.summary import summarize
from resilience.pdf import pdf_response
from resilience.tenancy import cabinet_view


@cabinet_view
@require_safe
def pdf_kit(request):
    context = printables.kit_context(request.tenant)
    return pdf_response("kit/pdf/kit.html", context, f"kit mode degrade {request.tenant.cabinet.name}")


@cabinet_view
@require_safe
def patient_notice(request):
    context = printables.notice_context(request.tenant)
    return pdf_response("kit/pdf/notice.html", context, f"affiche patients {request.tenant.cabinet.name}")


@cabinet_view
@require_safe
def order_list(request):
    context = {**printables.base_context(request.tenant), "inventory": summarize(request.tenant).inventory}
    return pdf_response("kit/pdf/order_list.html", context, f"kit a commander {request.tenant.cabinet.name}")


@cabinet_view
@require_safe
def sheet_pdf(request, sheet):
    """One blank sheet (or the contacts, or the playbooks) alone, to print or photocopy."""
    context = {**printables.kit_context(request.tenant), "sheet": printables.SHEETS[sheet]}
    return pdf_response("kit/pdf/sheet.html", context, f"{printables.SHEETS[sheet].slug} {request.tenant.cabinet.name}")
