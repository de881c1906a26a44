"""Demo data: each demo cabinet has a kit of its own professions.

"Cabinet démo" (3 médecins) has a partly stocked kit and a kit test seven months
old (so overdue); "Cabinet des Tilleuls" (2 kinés) a kiné's kit tested two months
ago; the maison de santé (3 médecins, 2 infirmiers, 1 kiné) each profession's
forms, some short, never tested.

Idempotent: the same rows are updated on every run. The demo test is found
again by its note; a test recorded by hand in the demo stays untouched, and,
being more recent, decides the next due date.
"""

from django.db.models import Max
from django.utils import timezone

from kit.catalogue import get_catalogue
from kit.models import CheckResult, Equipment, EquipmentState, Kit, KitTest, Prescriber, StockLevel
from kit.schedule import add_months, next_test_due
from kit.services import ensure_equipment
from resilience.demo import DEMO_CABINET, MSP_CABINET, OTHER_CABINET
from resilience.models import Membership, Role

DEMO_TEST_NOTE = "Test de démonstration : le partage de connexion 4G/5G (point d'accès) n'a pas été essayé, faute d'abonnement actif."

MG = "medecine_generale"

# For 3 médecins: some lines full, some short, some never counted. A form printed with the
# prescriber's identity is counted per prescriber (line key, profession, number): médecin 1's
# three blocks would not help médecin 3.
STOCK = {
    **{("ordonnances_classiques", MG, n): 2 for n in (1, 2, 3)},
    ("ordonnances_securisees", MG, 1): 2,
    ("ordonnances_securisees", MG, 2): 1,  # médecin 3 has none: short
    ("ordonnances_bizone", MG, 1): 1,
    ("ordonnances_bizone", MG, 2): 1,  # médecin 3 has none: short
    "feuilles_de_soins": 80,  # minimum 150
    **{("arrets_de_travail", MG, n): 1 for n in (1, 2, 3)},
    "certificats_at_mp": 30,
    "fiches_examen": 40,  # minimum 150
    "suivi_facturation_differee": 15,
    "registre_consultations": 15,
    "fiche_contacts": 1,
    "fiches_reflexes": 1,
}

EQUIPMENT = {
    Equipment.USB_KEY: {
        "quantity": 1, "state": EquipmentState.READY, "location": "Coffre du bureau du Dr Martin",
        "encrypted": True, "templates_present": True,
    },
    "imprimante_autonome": {"quantity": 1, "state": EquipmentState.READY, "location": "Accueil"},
    "poste_secours": {"quantity": 1, "state": EquipmentState.TO_CHECK, "location": "Réserve, sous l'étagère"},
    "telephone_ecps": {"quantity": 2, "state": EquipmentState.READY, "location": "Téléphones des praticiens"},
}

# Two kinés: their own feuilles de soins and bilans, no prescriber's form.
KINE_STOCK = {
    ("ordonnances_classiques", "kinesitherapie", 1): 2,
    ("ordonnances_classiques", "kinesitherapie", 2): 2,
    "feuilles_de_soins_auxiliaires": 100,
    "bilans_kine": 12,  # minimum 20
    "releve_prescriptions_scor": 10,
    "fiches_examen": 100,
    "suivi_facturation_differee": 20,
    "registre_consultations": 10,
    "fiche_contacts": 1,
    "fiches_reflexes": 1,
    "affiche_patients": 2,
}

# 3 médecins, 2 infirmiers, 1 kiné: each profession's forms, some short.
MSP_STOCK = {
    **{("ordonnances_classiques", MG, n): 2 for n in (1, 2, 3)},
    ("ordonnances_classiques", "soins_infirmiers", 1): 2,
    ("ordonnances_classiques", "kinesitherapie", 1): 1,  # minimum 2
    ("ordonnances_securisees", MG, 1): 3,  # médecins 2 and 3 have none: two prescribers short
    **{("arrets_de_travail", MG, n): 2 for n in (1, 2)},  # médecin 3 has none
    "feuilles_de_soins": 150,
    "feuilles_de_soins_auxiliaires": 60,  # minimum 150 (2 infirmiers + 1 kiné)
    "tournee_infirmiere": 4,  # minimum 10
    "bilans_kine": 10,
    "fiches_examen": 200,  # minimum 300
    "registre_consultations": 10,
}

KINE_EQUIPMENT = {
    Equipment.USB_KEY: {
        "quantity": 1, "state": EquipmentState.READY, "location": "Tiroir fermé de la salle de soins",
        "encrypted": True, "templates_present": True,
    },
    "hotspot_4g5g": {"quantity": 1, "state": EquipmentState.READY, "location": "Accueil"},
    "telephone_ecps": {"quantity": 2, "state": EquipmentState.READY, "location": "Téléphones des kinés"},
}

CHECKS = {
    "cle_usb_lisible": (CheckResult.OK, ""),
    "stocks_complets": (CheckResult.PROBLEM, "Feuilles de soins et fiches d'examen à recompléter."),
    "formulaires_en_vigueur": (CheckResult.OK, ""),
    "hotspot_connecte": (CheckResult.NOT_DONE, "Pas d'abonnement 4G actif."),
    "poste_et_imprimante": (CheckResult.OK, ""),
    "acces_services_en_ligne": (CheckResult.OK, ""),
    "contacts_a_jour": (CheckResult.OK, ""),
    "classeur_connu": (CheckResult.OK, ""),
}


def load_demo_kit(cabinets: dict) -> None:
    catalogue = get_catalogue()
    today = timezone.localdate()
    if cabinets.get(DEMO_CABINET) is not None:
        _load_kit(
            cabinets[DEMO_CABINET], catalogue, STOCK, EQUIPMENT, add_months(today, -7),
            "Accueil, armoire de gauche, étagère du haut", "Julie Bernard (secrétariat)", NAMES[DEMO_CABINET],
        )
    if cabinets.get(OTHER_CABINET) is not None:
        _load_kit(
            cabinets[OTHER_CABINET], catalogue, KINE_STOCK, KINE_EQUIPMENT, add_months(today, -2),
            "Salle de soins, étagère du bureau", "Les deux kinés du cabinet",
        )
    if cabinets.get(MSP_CABINET) is not None:
        _load_stock(cabinets[MSP_CABINET], MSP_STOCK, NAMES[MSP_CABINET])
        ensure_equipment(cabinets[MSP_CABINET])


# What the cabinets call their first prescriber (the demo's USB key is in « Dr Martin »'s office).
NAMES = {DEMO_CABINET: {(MG, 1): "Dr Martin"}, MSP_CABINET: {(MG, 1): "Dr Lefèvre"}}


def _load_stock(cabinet, stock: dict, names: dict | None = None) -> None:
    for key, quantity in stock.items():
        line_key, profession, number = (key, "", 0) if isinstance(key, str) else key
        StockLevel.objects.update_or_create(
            cabinet=cabinet, line_key=line_key, profession=profession, slot=number, defaults={"quantity": quantity}
        )
    for (profession, number), label in (names or {}).items():
        Prescriber.objects.update_or_create(cabinet=cabinet, profession=profession, number=number, defaults={"label": label})


def _load_kit(
    cabinet, catalogue, stock: dict, equipment: dict, tested_on, binder_location: str, participants: str,
    names: dict | None = None,
) -> None:
    titulaire = (
        Membership.objects.for_cabinet(cabinet).filter(role=Role.TITULAIRE).select_related("user").first()
    )
    user = titulaire.user if titulaire else None
    _load_stock(cabinet, stock, names)

    ensure_equipment(cabinet)
    for key, fields in equipment.items():
        Equipment.objects.filter(cabinet=cabinet, line_key=key).update(last_tested_on=tested_on, **fields)

    checks = [
        {"key": check.key, "label": check.label, "result": str(CHECKS[check.key][0]), "note": CHECKS[check.key][1]}
        for check in catalogue.checks
    ]
    KitTest.objects.update_or_create(
        cabinet=cabinet,
        notes=DEMO_TEST_NOTE,
        defaults={
            "performed_on": tested_on,
            "performed_by": user,
            "performed_by_name": user.display_name if user else "",
            "participants": participants,
            "checks": checks,
            "next_due": next_test_due(tested_on),
            "catalogue_version": catalogue.version,
        },
    )
    latest = KitTest.objects.filter(cabinet=cabinet).aggregate(latest=Max("performed_on"))["latest"]
    kit, _created = Kit.objects.get_or_create(
        cabinet=cabinet,
        defaults={
            "binder_location": binder_location,
            "last_checked_on": tested_on,
            "last_checked_by": user,
        },
    )
    kit.next_test_due = next_test_due(latest)
    kit.save(update_fields=["next_test_due", "updated_at"])
