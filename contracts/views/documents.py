"""The contract's PDF: uploaded by the titulaire, downloaded by the cabinet's members only."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from contracts.forms import DocumentForm, pdf_name
from contracts.models import Contract, ContractDocument
from resilience import audit
from resilience.models import Role
from resilience.tenancy import cabinet_view

TITULAIRE_ONLY = {Role.TITULAIRE}


@cabinet_view(roles=TITULAIRE_ONLY)
def document_upload(request, contract_id):
    tenant = request.tenant
    contract = tenant.get(Contract, pk=contract_id)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document = ContractDocument.from_bytes(contract, form.cleaned_name, form.document_bytes, request.user)
        document.save()
        audit.record(
            tenant.cabinet, request.user, "contract.document_add",
            _("Document ajouté au contrat %(name)s : %(file)s") % {"name": contract.provider, "file": document.name},
        )
        messages.success(request, _("Le fichier %(file)s est joint au contrat.") % {"file": document.name})
        return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/document_upload.html", {"form": form, "contract": contract})


@cabinet_view
def document_download(request, document_id):
    document = request.tenant.get(ContractDocument.objects.with_content(), pk=document_id)
    response = HttpResponse(bytes(document.content), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, pdf_name(document.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@cabinet_view(roles=TITULAIRE_ONLY)
def document_delete(request, document_id):
    tenant = request.tenant
    document = tenant.get(ContractDocument.objects.select_related("contract"), pk=document_id)
    contract = document.contract
    if request.method == "POST":
        document.delete()
        audit.record(
            tenant.cabinet, request.user, "contract.document_delete",
            _("Document retiré du contrat %(name)s : %(file)s") % {"name": contract.provider, "file": document.name},
        )
        messages.success(request, _("Le fichier %(file)s est supprimé.") % {"file": document.name})
        return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/document_delete.html", {"document": document, "contract": contract})
