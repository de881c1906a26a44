from django.core.management.base import BaseCommand, CommandError

from resilience.models import Cabinet, Membership, Role
from resilience.portability.export import write_export
from resilience.tenancy import Tenant


class Command(BaseCommand):
    help = "Write the export of one cabinet (the zip its titulaire downloads) to a file, for operators."

    def add_arguments(self, parser):
        parser.add_argument("cabinet_id", type=int)
        parser.add_argument("file", help="where to write the zip")

    def handle(self, *args, cabinet_id, file, **options):
        cabinet = Cabinet.objects.filter(pk=cabinet_id).first()
        if cabinet is None:
            raise CommandError(f"No cabinet {cabinet_id}.")
        members = Membership.objects.filter(cabinet=cabinet).order_by("pk")
        membership = members.filter(role=Role.TITULAIRE).first() or members.first()
        if membership is None:
            raise CommandError("The documents are rendered for a member: this cabinet has none.")
        with open(file, "wb") as out:
            report = write_export(Tenant(membership), out)
        self.stdout.write(self.style.SUCCESS(f"{sum(report.counts.values())} rows, {len(report.documents)} documents → {file}"))
