import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resilience.models import Profession
from resilience.territories import regions
from resilience.urps_admins import create_urps_admin


class Command(BaseCommand):
    help = "Create (or update) an URPS admin attached to a region and one or more professions."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--region", required=True, choices=list(regions()))
        parser.add_argument("--profession", nargs="+", required=True, choices=Profession.values, dest="professions")
        parser.add_argument("--password", help="Prompted for when omitted.")

    def handle(self, *args, email, region, professions, password, **options):
        password = password or getpass.getpass("Mot de passe : ")
        try:
            validate_password(password)
            admin = create_urps_admin(email, region, professions, password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"URPS admin {admin.user.email} ({admin.region}: {', '.join(admin.professions)}). "
                "Two-step verification will be required at first sign-in."
            )
        )
