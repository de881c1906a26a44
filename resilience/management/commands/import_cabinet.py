from django.core.management.base import BaseCommand, CommandError

from resilience.portability.importer import ImportFailed, import_cabinet


class Command(BaseCommand):
    help = "Restore a cabinet's export (the zip a titulaire downloads) as a new cabinet of this instance."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the export's zip file")

    def handle(self, *args, file, **options):
        try:
            result = import_cabinet(file)
        except ImportFailed as error:
            raise CommandError(str(error)) from error
        for warning in result.warnings:
            self.stderr.write(warning)
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported cabinet « {result.cabinet.name} » (id {result.cabinet.pk}): {rows} rows; "
                f"{result.people_matched} existing account(s) matched, {result.people_created} created without "
                "a usable password (they set one with « Mot de passe oublié »)."
            )
        )
