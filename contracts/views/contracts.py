"""Recording a cabinet's contracts: all members read them, the titulaire manages them."""

from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from contracts import reviews
from contracts.checklist import get_checklist
from contracts.forms import ContractForm
from contracts.models import Contract, ContractDocument
from contracts.renewal import NoticeDeadline
from contracts.verdicts import evaluate
from resilience import audit
from resilience.models import Role
from resilience.tenancy import cabinet_view, compiled_once

TITULAIRE_ONLY = {Role.TITULAIRE}


@dataclass
class ContractRow:
    contract: Contract
    result: object
    deadline: NoticeDeadline | None


def contract_rows(contracts, today) -> list[ContractRow]:
    """The list page's rows ({% contract_row %}) of contracts read with `reviews.CONTRACTS_WITH_LATEST_REVIEW`."""
    results = reviews.latest_results(contracts)
    return [ContractRow(contract, results.get(contract.latest_review), contract.notice_deadline(today)) for contract in contracts]


@cabinet_view
def contract_list(request):
    tenant = request.tenant
    contracts = tenant.fetch(reviews.CONTRACTS_WITH_LATEST_REVIEW)
    return render(
        request,
        "contracts/contract_list.html",
        {
            "rows": contract_rows(contracts, timezone.localdate()),
            "can_manage": tenant.membership.is_titulaire,
            "can_compare": sum(contract.review_count for contract in contracts) >= 2,
        },
    )


# The contract page: its contract and its documents, each read by a query built once per process (its reviews:
# `reviews.CONTRACT_REVIEWS`, their answers with them).
CONTRACT = compiled_once(lambda tenant, contract_id: tenant.scope(Contract).filter(pk=contract_id), int)
DOCUMENTS = compiled_once(lambda tenant, contract_id: tenant.scope(ContractDocument).filter(contract=contract_id), int)


@cabinet_view
def contract_detail(request, contract_id):
    tenant = request.tenant
    contract = tenant.fetch_one(CONTRACT, contract_id)
    checklist = get_checklist()
    review_list = [(review, review.answer_values or {}) for review in tenant.fetch(reviews.CONTRACT_REVIEWS, contract.pk)]
    today = timezone.localdate()
    return render(
        request,
        "contracts/contract_detail.html",
        {
            "contract": contract,
            "documents": tenant.fetch(DOCUMENTS, contract.pk),
            "reviews": [
                (review, evaluate(checklist, values), reviews.answered_count(values)) for review, values in review_list
            ],
            "total_items": reviews.item_count(),
            "deadline": contract.notice_deadline(today),
            "hds_status": contract.hds_status(today),
            "can_manage": tenant.membership.is_titulaire,
            "can_review": reviews.can_review(tenant),
        },
    )


@cabinet_view(roles=TITULAIRE_ONLY)
def contract_create(request):
    tenant = request.tenant
    form = ContractForm(request.POST or None, submit_label=_("Enregistrer le contrat"))
    if request.method == "POST" and form.is_valid():
        contract = form.save(commit=False)
        contract.cabinet = tenant.cabinet
        contract.save()
        summary = _("Contrat ajouté : %(name)s") % {"name": contract.provider}
        audit.record(tenant.cabinet, request.user, "contract.create", summary)
        messages.success(request, _("Le contrat est enregistré. Vous pouvez maintenant le relire point par point."))
        return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": None})


@cabinet_view(roles=TITULAIRE_ONLY)
def contract_edit(request, contract_id):
    tenant = request.tenant
    contract = tenant.get(Contract, pk=contract_id)
    before = contract.audit_values()
    name = contract.provider  # the form writes typed values onto the instance, even invalid ones
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        contract = form.save()
        changes = audit.diff(before, contract.audit_values())
        if changes:
            audit.record(
                tenant.cabinet, request.user, "contract.update",
                _("Contrat modifié : %(name)s") % {"name": contract.provider}, changes,
            )
        messages.success(request, _("Le contrat est modifié."))
        return redirect("contracts:detail", contract_id=contract.pk)
    return render(request, "contracts/contract_form.html", {"form": form, "contract": contract, "name": name})


@cabinet_view(roles=TITULAIRE_ONLY)
def contract_delete(request, contract_id):
    tenant = request.tenant
    contract = tenant.get(Contract, pk=contract_id)
    if request.method == "POST":
        name = contract.provider
        contract.delete()
        audit.record(tenant.cabinet, request.user, "contract.delete", _("Contrat supprimé : %(name)s") % {"name": name})
        messages.success(request, _("Le contrat, ses documents et ses revues sont supprimés."))
        return redirect("contracts:list")
    return render(
        request,
        "contracts/contract_delete.html",
        {"contract": contract, "review_count": contract.reviews.count(), "document_count": contract.documents.count()},
    )
