"""Demo data: the cabinets, people and URPS admin described in README.md.

Idempotent: running it again updates the same rows. Later issues add their own
demo data through `register`, the way apps add panels to the dashboard.
"""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.db import transaction

from resilience.models import Cabinet, Membership, Profession, Role, User
from resilience.practitioners import set_practitioners
from resilience.statistics import synthetic as synthetic_cabinets
from resilience.urps_admins import create_urps_admin

DEMO_CABINET = "Cabinet démo"
OTHER_CABINET = "Cabinet des Tilleuls"
SYNTHETIC_PREFIX = "Cabinet synthétique"
REGION_PREFIX = "Cabinet de la région"
REGION_CABINETS = 400

_extensions: list[Callable] = []


def register(extension: Callable) -> Callable:
    """Apps add demo data with a function (cabinets: dict name -> Cabinet, stdout)."""
    if extension not in _extensions:
        _extensions.append(extension)
    return extension


def _person(email, password, first_name, last_name):
    user, _ = User.objects.get_or_create(email=email, defaults={"first_name": first_name, "last_name": last_name})
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _cabinet(name, counts, **fields):
    """A demo cabinet and its practitioners by profession ({profession: count})."""
    cabinet, _ = Cabinet.objects.update_or_create(
        name=name, defaults={**fields, "profession": next(iter(counts)), "practitioners": sum(counts.values())}
    )
    set_practitioners(cabinet, counts)
    return cabinet


def _member(cabinet, user, role):
    Membership.objects.update_or_create(cabinet=cabinet, user=user, defaults={"role": role})


def _totp_secret(user) -> str:
    """The URPS admin's authenticator, created once and kept on later runs."""
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing:
        return decrypt(existing.data["secret"])
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


@transaction.atomic
def load(password: str, synthetic: int = 0, seed: int = 2026, history: int = 18) -> dict:
    demo = _cabinet(
        DEMO_CABINET,
        {Profession.MEDECINE_GENERALE: 3},
        region="nouvelle-aquitaine",
        departement="33",
        address="12 cours de l'Intendance, 33000 Bordeaux",
        phone="05 56 00 00 00",
        share_statistics=True,
    )
    tilleuls = _cabinet(
        OTHER_CABINET,
        {Profession.KINESITHERAPIE: 2},
        region="nouvelle-aquitaine",
        departement="64",
        address="3 allée des Tilleuls, 64000 Pau",
        phone="05 59 00 00 00",
        share_statistics=True,
    )
    _member(demo, _person("demo@example.org", password, "Claire", "Martin"), Role.TITULAIRE)
    _member(demo, _person("secretariat@example.org", password, "Julie", "Bernard"), Role.SECRETARIAT)
    _member(tilleuls, _person("autre@example.org", password, "Marc", "Petit"), Role.TITULAIRE)

    urps = create_urps_admin("urps@example.org", "nouvelle-aquitaine", [Profession.MEDECINE_GENERALE], password)
    secret = _totp_secret(urps.user)

    # The URPS dashboard's demo: enough cabinets in the demo admin's scope to show figures at once,
    # and `synthetic` more over every region (added up to that total: a second run adds none).
    existing = Cabinet.objects.filter(name__startswith=REGION_PREFIX).count()
    synthetic_cabinets.create(max(REGION_CABINETS - existing, 0), history_months=history, seed=seed,
                              region="nouvelle-aquitaine", start_number=existing + 1, prefix=REGION_PREFIX)
    existing = Cabinet.objects.filter(name__startswith=SYNTHETIC_PREFIX).count()
    synthetic_cabinets.create(max(synthetic - existing, 0), history_months=history, seed=seed,
                              start_number=existing + 1, prefix=SYNTHETIC_PREFIX)

    cabinets = {DEMO_CABINET: demo, OTHER_CABINET: tilleuls}
    for extension in _extensions:
        extension(cabinets)
    return {"totp_secret": secret, "cabinets": cabinets}
