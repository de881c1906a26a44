from django.core.management.base import BaseCommand

from resilience.portability import deletion


class Command(BaseCommand):
    help = "Delete now every cabinet whose scheduled deletion date has come (what Celery beat runs hourly)."

    def handle(self, *args, **options):
        names = deletion.purge_due()
        for name in names:
            self.stdout.write(f"Deleted: {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(names)} cabinet(s) deleted."))
