"""Demo data: "Cabinet démo" has one maintenance contract and a review half done.

Idempotent: the same contract and review are updated on every run.
"""

from datetime import date, timedelta

from django.utils import timezone

from contracts.checklist import get_checklist
from contracts.models import Contract, ContractReview, Kind, ReviewAnswer
from resilience.demo import DEMO_CABINET

PROVIDER = "Gironde Info Services"

# The first four points answered, the other six left to do.
ANSWERS = {
    "scope.services": ("present", "Art. 2", ""),
    "scope.exclusions": ("partial", "Art. 2.3", "Seuls les imprimantes et le téléphone sont exclus."),
    "scope.business_software": ("present", "Annexe 1", ""),
    "scope.duty_to_advise": ("absent", "", ""),
    "scope.responsibilities": ("partial", "Art. 9", ""),
    "scope.corrective_maintenance": ("present", "Art. 3", ""),
    "incidents.critical_response_time": ("partial", "Art. 5.1", "« Dans les meilleurs délais » : aucun délai chiffré."),
    "incidents.other_response_times": ("absent", "", ""),
    "incidents.hours_oncall_costs": ("present", "Art. 5.3", ""),
    "incidents.cyberattack_procedure": ("absent", "", "Rien sur les cyberattaques."),
    "incidents.isolation": ("absent", "", ""),
    "incidents.analysis": ("absent", "", ""),
    "incidents.restoration": ("unknown", "", ""),
    "incidents.cnil_help": ("absent", "", ""),
    "incidents.communication": ("present", "Art. 5.4", "Hotline 05 56 00 00 99"),
    "updates.security_included": ("present", "Art. 4", ""),
    "updates.automatic_or_scheduled": ("partial", "Art. 4.2", "Sur demande du cabinet seulement."),
    "updates.critical_patch_delay": ("absent", "", ""),
    "updates.operating_system": ("present", "Art. 4.1", ""),
    "updates.compatibility": ("unknown", "", ""),
    "backups.daily": ("present", "Art. 6", ""),
    "backups.encrypted": ("present", "Art. 6.2", ""),
    "backups.hds_hosting": ("unknown", "", "Demander le nom de l'hébergeur."),
    "backups.versions": ("absent", "", ""),
    "backups.restore_test": ("absent", "", ""),
    "backups.restore_procedure": ("partial", "Art. 6.4", ""),
    "backups.offline_copy": ("absent", "", ""),
}


def _renewal_date(today: date) -> date:
    """The next 1st of a month at least five months ahead: the notice deadline is about two months away."""
    ahead = today + timedelta(days=150)
    return date(ahead.year + ahead.month // 12, ahead.month % 12 + 1, 1)


def load_demo_contract(cabinets: dict) -> None:
    cabinet = cabinets.get(DEMO_CABINET)
    if cabinet is None:
        return
    today = timezone.localdate()
    ends_on = _renewal_date(today)
    contract, _ = Contract.objects.update_or_create(
        cabinet=cabinet,
        provider=PROVIDER,
        kind=Kind.INFOGERANCE,
        defaults={
            "provider_address": "Service clients\n8 quai des Chartrons\n33000 Bordeaux",
            "reference": "MAINT-2024-118",
            "signed_on": date(ends_on.year - 2, ends_on.month, 1) - timedelta(days=20),
            "starts_on": date(ends_on.year - 2, ends_on.month, 1),
            "ends_on": ends_on,
            "tacit_renewal": True,
            "notice_months": 3,
            "notice_days": None,
            "notes": "Contrat de maintenance du réseau, des postes et des sauvegardes.",
        },
    )
    review = contract.reviews.order_by("created_at", "id").first()
    if review is None:
        review = ContractReview.objects.create(
            cabinet=cabinet, contract=contract, checklist_version=get_checklist().version
        )
    for key, (value, clause_ref, note) in ANSWERS.items():
        ReviewAnswer.objects.update_or_create(
            review=review,
            item_key=key,
            defaults={"cabinet": cabinet, "value": value, "clause_ref": clause_ref, "note": note, "checked": True},
        )
