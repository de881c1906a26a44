from django.core.management.base import BaseCommand

from resilience.statistics import warming


class Command(BaseCommand):
    help = (
        "Compute and cache the URPS figures of the current data version for every URPS admin's scope "
        "(what the periodic task does; a deploy step, or a cron line on hosts without Celery beat)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even if this version is marked as warmed: pieces missing from the cache (evicted) are computed again.")

    def handle(self, *args, **options):
        result = warming.warm(force=options["force"])
        if result["warmed"]:
            self.stdout.write(f"URPS figures warmed for {result['scopes']} scopes.")
        elif result["busy"]:
            self.stdout.write("Another warming of the URPS figures is running: nothing done.")
        else:
            self.stdout.write("URPS figures already warm for this data version.")
