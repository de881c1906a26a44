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
from kit.models import CheckResult, Equipment, EquipmentState, Kit, KitTest, StockLevel
from kit.schedule import add_months, next_test_due
from kit.services import ensure_equipment
from resilience.demo import DEMO_CABINET, MSP_CABINET, OTHER_CABINET
from resilience.models import Membership, Role

DEMO_TEST_NOTE = "Test de démonstration : le partage de connexion 4G/5G (point d'accès) n'a pas été essayé, faute d'abonnement actif."

# For 3 practitioners: some lines full, some short, some never counted.
STOCK = {
    "ordonnances_classiques": 6,
    "ordonnances_securisees": 3,
    "ordonnances_bizone": 2,  # minimum 3
    "feuilles_de_soins": 80,  # minimum 150
    "arrets_de_travail": 3,
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
    "ordonnances_classiques": 4,
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
    "ordonnances_classiques": 12,
    "ordonnances_securisees": 3,
    "arrets_de_travail": 4,
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
            "Accueil, armoire de gauche, étagère du haut", "Julie Bernard (secrétariat)",
        )
    if cabinets.get(OTHER_CABINET) is not None:
        _load_kit(
            cabinets[OTHER_CABINET], catalogue, KINE_STOCK, KINE_EQUIPMENT, add_months(today, -2),
            "Salle de soins, étagère du bureau", "Les deux kinés du cabinet",
        )
    if cabinets.get(MSP_CABINET) is not None:
        _load_stock(cabinets[MSP_CABINET], MSP_STOCK)
        ensure_equipment(cabinets[MSP_CABINET])


def _load_stock(cabinet, stock: dict) -> None:
    for key, quantity in stock.items():
        StockLevel.objects.update_or_create(cabinet=cabinet, line_key=key, defaults={"quantity": quantity})


def _load_kit(cabinet, catalogue, stock: dict, equipment: dict, tested_on, binder_location: str, participants: str) -> None:
    titulaire = (
        Membership.objects.for_cabinet(cabinet).filter(role=Role.TITULAIRE).select_related("user").first()
    )
    user = titulaire.user if titulaire else None
    _load_stock(cabinet, stock)

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
