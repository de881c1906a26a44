"""What the URL walk (test_tenancy_urls) needs to know about the core's URLs."""

from django.utils import timezone

from resilience.models import Assessment, Membership
from resilience.tests.factories import ActionItemFactory, EmergencyContactFactory, InvitationFactory, RestoreTestFactory


def _assessment_in_progress(team):
    """The victim cabinet's assessment in progress (there is at most one)."""
    existing = Assessment.objects.in_progress().filter(cabinet=team.cabinet).first()
    return existing or Assessment.objects.create(cabinet=team.cabinet, questionnaire_version=1, started_at=timezone.now())


def _reminder(team):
    from resilience.models import Reminder

    return Reminder.objects.create(
        cabinet=team.cabinet, kind="restore_test", item_id=1, due=timezone.localdate(), stage=1,
        recipient=team.titulaire, title="Test", url="/",
    )


def _ready_export(team):
    from datetime import timedelta

    from resilience.models import CabinetExport, ExportPart, ExportStatus

    now = timezone.now()
    export = CabinetExport.objects.create(
        cabinet=team.cabinet, requested_by=team.titulaire, requested_at=now, status=ExportStatus.READY,
        finished_at=now, expires_at=now + timedelta(days=7), filename="donnees.zip", size=4,
    )
    ExportPart.objects.create(export=export, number=0, data=b"PK\x05\x06")
    return export


# URL argument -> the primary key of an object of the victim cabinet.
OBJECT_FACTORIES = {
    "member_id": lambda team: Membership.objects.get(cabinet=team.cabinet, user=team.member).pk,
    "invitation_id": lambda team: InvitationFactory(cabinet=team.cabinet).pk,
    "cabinet_id": lambda team: team.cabinet.pk,
    "contact_id": lambda team: EmergencyContactFactory(cabinet=team.cabinet).pk,
    "assessment_id": lambda team: _assessment_in_progress(team).pk,
    "theme": lambda team: "sauvegardes",  # not an object: the victim's assessment makes the URL another cabinet's
    "action_id": lambda team: ActionItemFactory(assessment__cabinet=team.cabinet).pk,
    "reminder_id": lambda team: _reminder(team).pk,
    "kind": lambda team: "restore_test",
    "item_id": lambda team: RestoreTestFactory(cabinet=team.cabinet).pk,
    "export_id": lambda team: _ready_export(team).pk,
}

# Reachable without signing in.
PUBLIC_URL_NAMES = {
    "resilience:invitation_accept",
    "healthz",
    "favicon",
    "resilience:calendar_feed",  # the secret token is the credential (calendar apps cannot sign in)
    "resilience:reminder_unsubscribe",  # the signed token is the credential (RFC 8058 one-click)
}

# Signed-in pages that are not about the current cabinet.
NOT_CABINET_PAGES = {"resilience:home", "resilience:urps_home", "resilience:urps_csv", "resilience:urps_xlsx", "resilience:urps_pdf", "resilience:urps_sample", "resilience:cabinet_create", "resilience:cabinet_switch", "resilience:profile"}
