from django.core.management.base import BaseCommand

from resilience.statistics import summary


class Command(BaseCommand):
    help = "Write the URPS summary rows of finished assessments that have none (idempotent; run after migrate)."

    def handle(self, *args, **options):
        added = summary.backfill()
        self.stdout.write(f"{added} assessment summaries added.")
