"""What the URL walk (test_tenancy_urls) needs to know about the core's URLs."""

from resilience.models import Membership
from resilience.tests.factories import EmergencyContactFactory, InvitationFactory

# URL argument -> the primary key of an object of the victim cabinet.
OBJECT_FACTORIES = {
    "member_id": lambda team: Membership.objects.get(cabinet=team.cabinet, user=team.member).pk,
    "invitation_id": lambda team: InvitationFactory(cabinet=team.cabinet).pk,
    "cabinet_id": lambda team: team.cabinet.pk,
    "contact_id": lambda team: EmergencyContactFactory(cabinet=team.cabinet).pk,
}

# Reachable without signing in.
PUBLIC_URL_NAMES = {"resilience:invitation_accept", "healthz"}

# Signed-in pages that are not about the current cabinet.
NOT_CABINET_PAGES = {"resilience:home", "resilience:urps_home", "resilience:cabinet_create", "resilience:cabinet_switch"}
