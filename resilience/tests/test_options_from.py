"""`options_from`: a model choice field's options written from objects already read give the same HTML as its queryset."""

import pytest
from django.template import engines

from contracts.forms import CompareForm
from contracts.models import ContractReview
from contracts.tests.factories import ReviewFactory
from contracts.views.compare import REVIEWS
from resilience.assessment.forms import ActionItemForm
from resilience.models import ActionItem
from resilience.restores.forms import RestoreTestForm
from resilience.tests.factories import EmergencyContactFactory, MembershipFactory
from resilience.tests.html_support import tenant_request

pytestmark = pytest.mark.django_db

CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")


def _forms(tenant, bound):
    data = {"owner": "-1", "left": "x", "right": "y", "performed_by": "999999"} if bound else None
    reviews = tenant.scope(ContractReview).select_related("contract")
    yield CompareForm(data, reviews=reviews, listed=tenant.fetch(REVIEWS))
    yield RestoreTestForm(data, tenant=tenant)
    yield ActionItemForm(data, instance=ActionItem.objects.filter(cabinet=tenant.cabinet).first(), tenant=tenant)


def test_the_options_are_those_the_queryset_wrote(team, monkeypatch):
    from resilience.tests.assessment_support import answers, finish_assessment

    finish_assessment(team, answers("no"))
    MembershipFactory(cabinet=team.cabinet, user__first_name="Zoé <b>", user__last_name="& Co")
    for kind in ("it_provider", "software_vendor", "other", "insurer"):
        EmergencyContactFactory(cabinet=team.cabinet, kind=kind, name=f"Contact {kind} <i>")
    EmergencyContactFactory(cabinet=team.other_cabinet, kind="it_provider", name="Voisin")
    for _ in range(3):
        ReviewFactory(contract__cabinet=team.cabinet, contract__provider="Presta <x>")
    tenant = tenant_request(team.cabinet, team.titulaire).tenant
    for bound in (False, True):
        written = [CRISPY.render({"form": form}) for form in _forms(tenant, bound)]
        for module in ("contracts.forms", "resilience.assessment.forms", "resilience.restores.forms"):
            monkeypatch.setattr(f"{module}.options_from", lambda field, objects: None)
        by_queryset = [CRISPY.render({"form": form}) for form in _forms(tenant, bound)]
        monkeypatch.undo()
        assert written == by_queryset
        assert "Zoé &lt;b&gt; &amp; Co" in written[1] and "Voisin" not in written[1] and "Presta &lt;x&gt;" in written[0]
