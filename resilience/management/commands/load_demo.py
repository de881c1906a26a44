import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from resilience import demo


class Command(BaseCommand):
    help = "Load the demo cabinets, people and URPS admin (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Password of every demo account (generated and printed when omitted).")
        parser.add_argument("--cabinets", type=int, default=0, help="Add synthetic cabinets over every region, up to N in total, with finished assessments.")
        parser.add_argument("--history", type=int, default=18, help="Spread their assessments over MONTHS (default 18).")

    def handle(self, *args, password, cabinets, history, **options):
        if cabinets < 0:
            raise CommandError("--cabinets must be 0 or more.")
        if history < 1:
            raise CommandError("--history must be 1 month or more.")
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            validate_password(password)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        result = demo.load(password, synthetic=cabinets, history=history)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.stdout.write("  demo@example.org (titulaire, Cabinet démo)")
        self.stdout.write("  secretariat@example.org (secrétariat, Cabinet démo)")
        self.stdout.write("  autre@example.org (titulaire, Cabinet des Tilleuls)")
        self.stdout.write("  urps@example.org (URPS Nouvelle-Aquitaine, médecine générale)")
        self.stdout.write(f"  TOTP secret of urps@example.org: {result['totp_secret']}")
        if generated:
            self.stdout.write(f"  Generated password for every demo account: {password}")
        if cabinets:
            self.stdout.write(f"  {cabinets} synthetic cabinets added.")
