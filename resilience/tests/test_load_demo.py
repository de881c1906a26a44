"""`load_demo`: the demo cabinets and people, idempotent, and everyone can sign in."""

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import CommandError, call_command
from django.urls import reverse

from resilience.demo import DEMO_CABINET, OTHER_CABINET, SYNTHETIC_PREFIX
from resilience.models import Cabinet, Membership, Role, UrpsAdmin, User

pytestmark = pytest.mark.django_db
PASSWORD = "demo-password-2026"


def test_load_demo_creates_the_cabinets_people_and_urps_admin(capsys):
    call_command("load_demo", password=PASSWORD)
    demo = Cabinet.objects.get(name=DEMO_CABINET)
    assert (demo.profession, demo.region, demo.departement, demo.practitioners) == ("medecine_generale", "nouvelle-aquitaine", "33", 3)
    assert Cabinet.objects.get(name=OTHER_CABINET).profession == "kinesitherapie"
    roles = dict(Membership.objects.filter(cabinet=demo).values_list("user__email", "role"))
    assert roles == {"demo@example.org": Role.TITULAIRE, "secretariat@example.org": Role.SECRETARIAT}
    urps = UrpsAdmin.objects.get(user__email="urps@example.org")
    assert urps.region == "nouvelle-aquitaine" and urps.professions == ["medecine_generale"]
    assert Authenticator.objects.filter(user=urps.user, type=Authenticator.Type.TOTP).exists()
    assert "TOTP secret of urps@example.org" in capsys.readouterr().out


def test_load_demo_is_idempotent():
    call_command("load_demo", password=PASSWORD, cabinets=12)
    counts = (Cabinet.objects.count(), User.objects.count(), Membership.objects.count(), Authenticator.objects.count())
    call_command("load_demo", password=PASSWORD, cabinets=12)
    assert (Cabinet.objects.count(), User.objects.count(), Membership.objects.count(), Authenticator.objects.count()) == counts
    synthetic = Cabinet.objects.filter(name__startswith=SYNTHETIC_PREFIX)
    assert synthetic.count() == 12 and synthetic.values("region").distinct().count() == 12


def test_a_generated_password_is_printed_when_none_is_given(capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    password = out.split("Generated password for every demo account: ")[1].strip()
    assert User.objects.get(email="demo@example.org").check_password(password)


@pytest.mark.parametrize("email", ["demo@example.org", "secretariat@example.org", "autre@example.org"])
def test_the_demo_people_sign_in(client, email):
    call_command("load_demo", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("resilience:dashboard")).status_code == 200


def test_the_urps_admin_is_asked_for_the_totp_code(client):
    call_command("load_demo", password=PASSWORD)
    response = client.post(reverse("account_login"), {"login": "urps@example.org", "password": PASSWORD})
    assert response.url == reverse("mfa_authenticate")


def test_a_weak_password_is_refused():
    with pytest.raises(CommandError):
        call_command("load_demo", password="short")
