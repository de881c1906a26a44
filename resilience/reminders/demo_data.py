"""Demo reminders of "Cabinet démo": a restore test seven months ago (due a month ago) and one late action.

With the kit's overdue test and the contract whose notice deadline is in 10
days (their apps' demo data), `send_reminders` sends the titulaire one digest
listing the four.
"""

from datetime import timedelta

from django.utils import timezone

from resilience.demo import DEMO_CABINET
from resilience.models import (
    ActionItem,
    ActionStatus,
    BackupMedium,
    EmergencyContact,
    Membership,
    ReminderSettings,
    RestoreResult,
    RestoreTarget,
    RestoreTest,
    Role,
)
from resilience.restores.schedule import add_months, next_due

LATE_ACTION = "backups_verify"
DEMO_EVIDENCE = "Ticket prestataire n° 2291"


def load_demo_reminders(cabinets: dict) -> None:
    cabinet = cabinets.get(DEMO_CABINET)
    if cabinet is None:
        return
    today = timezone.localdate()
    settings, _created = ReminderSettings.objects.get_or_create(cabinet=cabinet)
    performed_on = add_months(today, -7)
    titulaire = Membership.objects.filter(cabinet=cabinet, role=Role.TITULAIRE).select_related("user").first()
    provider = EmergencyContact.objects.filter(cabinet=cabinet).order_by("kind", "name").first()
    RestoreTest.objects.update_or_create(
        cabinet=cabinet,
        evidence=DEMO_EVIDENCE,
        defaults={
            "performed_on": performed_on,
            "performed_by": None if provider else titulaire,
            "provider": provider,
            "performer_name": provider.name if provider else (titulaire.user.display_name if titulaire else "Prestataire"),
            "target": RestoreTarget.SOFTWARE_DATABASE,
            "backup_date": performed_on - timedelta(days=1),
            "backup_medium": BackupMedium.NAS,
            "result": RestoreResult.SUCCESS,
            "duration_minutes": 45,
            "next_due": next_due(performed_on, True, settings.restore_interval_months),
        },
    )
    # One late action of the plan, owned by the titulaire.
    ActionItem.objects.filter(cabinet=cabinet, action_key=LATE_ACTION, status__in=[ActionStatus.TODO, ActionStatus.IN_PROGRESS]).update(
        due_date=today - timedelta(days=5), owner=titulaire
    )
