import pytest
from django.core.management import CommandError, call_command

from resilience.models import UrpsAdmin
from resilience.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_superuser_creates_an_urps_admin_for_a_region_and_professions():
    call_command(
        "create_urps_admin", email="Urps.Bretagne@example.org", region="bretagne",
        professions=["kinesitherapie", "soins_infirmiers"], password="une-phrase-de-passe-solide",
    )
    admin = UrpsAdmin.objects.get(user__email="urps.bretagne@example.org")
    assert admin.region == "bretagne" and admin.professions == ["kinesitherapie", "soins_infirmiers"]
    assert admin.user.check_password("une-phrase-de-passe-solide")


def test_a_cabinet_member_cannot_become_an_urps_admin():
    member = MembershipFactory().user
    with pytest.raises(CommandError, match="membre d'un cabinet"):
        call_command("create_urps_admin", email=member.email, region="bretagne", professions=["autre"], password="une-phrase-de-passe-solide")
    assert not UrpsAdmin.objects.exists()


def test_a_weak_password_is_refused():
    with pytest.raises(CommandError):
        call_command("create_urps_admin", email="x@example.org", region="bretagne", professions=["autre"], password="123")
