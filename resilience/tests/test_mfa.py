"""Two-step verification: offered to everyone, required of URPS admins and superusers."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from resilience.tests.factories import UrpsAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.parametrize("kind", ["urps", "superuser"])
def test_accounts_with_wide_access_must_set_up_totp_first(client, kind):
    user = UrpsAdminFactory().user if kind == "urps" else UserFactory(is_staff=True, is_superuser=True)
    signed_in(client, user)
    for url in (reverse("resilience:home"), reverse("resilience:urps_home"), "/admin/", reverse("account_change_password")):
        response = client.get(url)
        assert response.status_code == 302 and response.url == reverse("mfa_activate_totp"), url
    # The activation page asks to confirm the password first (a fresh sign-in skips that).
    activation = client.get(reverse("mfa_activate_totp"), follow=True)
    assert activation.status_code == 200
    assert activation.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    assert client.get(reverse("healthz")).status_code == 200


def test_once_totp_is_active_the_urps_admin_reaches_their_page(client):
    admin = UrpsAdminFactory()
    TOTP.activate(admin.user, generate_totp_secret())
    response = signed_in(client, admin.user).get(reverse("resilience:urps_home"))
    assert response.status_code == 200
    assert "Nouvelle-Aquitaine" in response.content.decode()


def test_a_superuser_with_totp_reaches_the_admin(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    TOTP.activate(user, generate_totp_secret())
    assert signed_in(client, user).get("/admin/").status_code == 200


def test_cabinet_members_are_offered_totp_but_not_forced(team):
    client = team.client_for(team.member)
    page = client.get(reverse("resilience:dashboard"))
    assert page.status_code == 200
    assert reverse("mfa_activate_totp") in page.content.decode()


def test_a_cabinet_member_cannot_open_the_urps_page(team):
    assert team.client_for(team.titulaire).get(reverse("resilience:urps_home")).status_code == 403


def test_a_cabinet_counts_under_each_of_its_professions_once():
    from django.test import override_settings

    from resilience.statistics import report
    from resilience.statistics.filters import Calendar, Filters, Scope
    from resilience.tests.factories import CabinetFactory

    scope = Scope.of(UrpsAdminFactory.build(region="nouvelle-aquitaine", professions=["kinesitherapie", "soins_infirmiers"]))
    # Maisons de santé whose main profession is médecine générale, each with a kiné and nurses: counted once each.
    CabinetFactory.create_batch(
        5, share_statistics=True, counts={"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1}
    )
    CabinetFactory(share_statistics=True, counts={"medecine_generale": 2})  # no kiné, no nurse: not counted
    with override_settings(URPS_MIN_CABINETS=5):
        built = report.build(scope, Filters(), Calendar.now())
    assert built.table("participation").rows[0][1].value == 5  # registered in scope
