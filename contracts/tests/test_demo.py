"""load_demo gives "Cabinet démo" one maintenance contract and a partly completed review."""

import pytest

from contracts.checklist import get_checklist
from contracts.models import Contract, ContractReview, Kind, ReviewAnswer
from contracts.reviews import item_count
from contracts.verdicts import BLOQUANT, overall_verdict
from resilience import demo
from resilience.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_demo_cabinet_has_a_maintenance_contract_with_a_partly_completed_review():
    demo.load(PASSWORD)
    contract = Contract.objects.get(cabinet__name=demo.DEMO_CABINET)
    assert contract.kind == Kind.INFOGERANCE and contract.provider
    assert contract.tacit_renewal and contract.last_notice_day is not None
    review = ContractReview.objects.get(contract=contract)
    answered = len(review.answer_values())
    assert 0 < answered < item_count()
    assert overall_verdict(get_checklist(), review.answer_values()) == BLOQUANT
    assert not Contract.objects.filter(cabinet__name=demo.OTHER_CABINET).exists()


def test_loading_the_demo_twice_changes_nothing():
    demo.load(PASSWORD)
    counts = (Contract.objects.count(), ContractReview.objects.count(), ReviewAnswer.objects.count())
    demo.load(PASSWORD)
    assert (Contract.objects.count(), ContractReview.objects.count(), ReviewAnswer.objects.count()) == counts
