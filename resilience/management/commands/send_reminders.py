from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError

from resilience.reminders import tasks


def _moment(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--now: not an ISO date and time: {value!r}") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("Europe/Paris"))


class Command(BaseCommand):
    help = (
        "Run the reminders sweep now and send what is due in this process: the same code as the "
        "periodic task Celery beat runs every 15 minutes, for a check by hand or hosts without beat."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this moment (ISO 8601, Paris time unless an offset is given).")

    def handle(self, *args, now=None, **options):
        result = tasks.dispatch(_moment(now) if now else None, inline=True)
        self.stdout.write(
            f"{len(result['digests'])} digest(s) and {len(result['urgent'])} urgent reminder(s) due, {result['sent']} sent."
        )
