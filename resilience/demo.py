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

from resilience.models import Cabinet, ContactKind, EmergencyContact, Membership, Profession, Role, User
from resilience.practitioners import set_practitioners
from resilience.statistics import synthetic as synthetic_cabinets
from resilience.urps_admins import create_urps_admin

DEMO_CABINET = "Cabinet démo"
OTHER_CABINET = "Cabinet des Tilleuls"
MSP_CABINET = "Maison de santé des Chartrons"  # a maison de santé pluriprofessionnelle
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


# The demo cabinet's emergency contacts: the playbook steps that say to call someone show these numbers.
DEMO_CONTACTS = [
    {"kind": ContactKind.IT_PROVIDER, "name": "Gironde Informatique Santé", "phone": "05 56 11 22 33",
     "email": "support@example.org", "hours": "Lundi-vendredi 8 h-19 h, astreinte le samedi", "reference": "Contrat n° GIS-2024-118"},
    {"kind": ContactKind.SOFTWARE_VENDOR, "name": "Éditeur du logiciel métier (support)", "phone": "05 56 44 55 66",
     "hours": "Lundi-samedi 8 h-20 h"},
    {"kind": ContactKind.INSURER, "name": "Assurance cyber du cabinet", "phone": "05 56 77 88 99",
     "reference": "Police n° CYB-33-0042", "notes": "Déclarer le sinistre dès que possible ; la plainte est exigée sous 72 h."},
]


def _contacts(cabinet):
    for contact in DEMO_CONTACTS:
        fields = dict(contact)
        EmergencyContact.objects.update_or_create(cabinet=cabinet, kind=fields.pop("kind"), name=fields.pop("name"), defaults=fields)


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
    _contacts(demo)
    msp = _cabinet(
        MSP_CABINET,
        {Profession.MEDECINE_GENERALE: 3, Profession.SOINS_INFIRMIERS: 2, Profession.KINESITHERAPIE: 1},
        region="nouvelle-aquitaine",
        departement="33",
        address="40 rue Notre-Dame, 33000 Bordeaux",
        phone="05 56 11 11 11",
        share_statistics=True,
    )
    _member(msp, _person("chartrons@example.org", password, "Sophie", "Laurent"), Role.TITULAIRE)

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

    cabinets = {DEMO_CABINET: demo, OTHER_CABINET: tilleuls, MSP_CABINET: msp}
    for extension in _extensions:
        extension(cabinets)
    return {"totp_secret": secret, "cabinets": cabinets}
