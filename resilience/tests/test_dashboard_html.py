"""`{% dashboard_content %}` writes the dashboard as its template wrote it (whitespace between tags aside)."""

from pathlib import Path

import pytest
from django.template import engines
from django.urls import reverse

from resilience.models import Role
from resilience.tests.factories import InvitationFactory, MembershipFactory, UserFactory
from resilience.tests.html_support import squeeze

pytestmark = pytest.mark.django_db

BEFORE = Path(__file__).parent / "templates_before" / "dashboard.html"
NAMES = ("cabinet", "tenant", "members", "pending_invitations", "mfa_enabled", "needs_name", "panels")


def _context(client) -> dict:
    response = client.get(reverse("resilience:dashboard"))
    assert response.status_code == 200
    return {name: response.context[name] for name in NAMES}


def _compare(context) -> str:
    expected = squeeze(engines["django"].from_string(BEFORE.read_text()).render(context))
    written = squeeze(engines["django"].from_string("{% load dashboard_tags %}{% dashboard_content %}").render(context))
    assert written == expected
    return written


def test_the_dashboard_is_written_as_its_template_wrote_it(team):
    team.cabinet.name, team.cabinet.share_statistics = "L'Étang <b> & fils", True
    team.cabinet.save()
    MembershipFactory(cabinet=team.cabinet, role=Role.PRATICIEN, user=UserFactory(first_name="<Zoé>", last_name="O'Hara"))
    InvitationFactory(cabinet=team.cabinet)
    titulaire = _context(team.client_for(team.titulaire))
    seen = []
    for needs_name, mfa_enabled, pending in ((True, False, 1), (False, True, 3), (False, False, 0)):
        seen.append(_compare(titulaire | {"needs_name": needs_name, "mfa_enabled": mfa_enabled, "pending_invitations": pending}))
    team.cabinet.share_statistics = False
    team.cabinet.save()
    seen.append(_compare(_context(team.client_for(team.secretary))))
    assert 'data-testid="complete-profile"' in seen[0] and "1 invitation en attente." in seen[0]
    assert "3 invitations en attente." in seen[1] and "Protégé" in seen[1] and "&lt;Zoé&gt; O&#x27;Hara" in seen[1]
    assert 'data-testid="kit-panel"' in seen[2] and "Inviter un membre" in seen[2]
    assert "Voir l'équipe" in seen[3]
    assert "ne sont pas partagés" in seen[3] and "Modifier les réglages" not in seen[3]
