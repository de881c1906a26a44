"""Demo data: "Cabinet démo" has a partly stocked kit and a kit test seven months old (so overdue).

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
from resilience.demo import DEMO_CABINET
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
    cabinet = cabinets.get(DEMO_CABINET)
    if cabinet is None:
        return
    catalogue = get_catalogue()
    today = timezone.localdate()
    tested_on = add_months(today, -7)
    titulaire = (
        Membership.objects.for_cabinet(cabinet).filter(role=Role.TITULAIRE).select_related("user").first()
    )
    user = titulaire.user if titulaire else None

    for key, quantity in STOCK.items():
        StockLevel.objects.update_or_create(cabinet=cabinet, line_key=key, defaults={"quantity": quantity})

    ensure_equipment(cabinet)
    for key, fields in EQUIPMENT.items():
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
            "participants": "Julie Bernard (secrétariat)",
            "checks": checks,
            "next_due": next_test_due(tested_on),
            "catalogue_version": catalogue.version,
        },
    )
    latest = KitTest.objects.filter(cabinet=cabinet).aggregate(latest=Max("performed_on"))["latest"]
    kit, _created = Kit.objects.get_or_create(
        cabinet=cabinet,
        defaults={
            "binder_location": "Accueil, armoire de gauche, étagère du haut",
            "last_checked_on": tested_on,
            "last_checked_by": user,
        },
    )
    kit.next_test_due = next_test_due(latest)
    kit.save(update_fields=["next_test_due", "updated_at"])
