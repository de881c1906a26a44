"""Drafts assembled from an incident: the CNIL notification (GDPR art. 33(3)) and the letter
to patients (art. 34(2)). The cabinet copies them into the CNIL's online form or its
letterhead; what is missing is said, never invented.
"""

from dataclasses import dataclass

from django.utils import timezone

from incidents import summary
from incidents.clocks import deadline_after

MISSING = "[à compléter]"


@dataclass(frozen=True)
class DraftSection:
    key: str
    title: str
    text: str
    complete: bool


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y à %H:%M") if value else MISSING


def _or_missing(text: str) -> str:
    return text.strip() or MISSING


def _count(value, unit: str) -> str:
    return f"environ {value} {unit}" if value is not None else MISSING


def cnil_sections(incident, cabinet) -> list[DraftSection]:
    measures = "\n".join(
        part
        for part in (
            f"Mesures prises : {incident.measures_taken.strip()}" if incident.measures_taken.strip() else "",
            f"Mesures envisagées : {incident.measures_planned.strip()}" if incident.measures_planned.strip() else "",
        )
        if part
    )
    late = (incident.cnil_notified_at or timezone.now()) > deadline_after(incident.aware_at)
    sections = [
        DraftSection(
            "organisation",
            "Organisme",
            f"{cabinet.name}\n{cabinet.address}\n{cabinet.phone}".strip(),
            True,
        ),
        DraftSection(
            "dates",
            "Dates",
            f"Prise de connaissance de la violation : le {_when(incident.aware_at)} (heure de Paris).\n"
            f"Incident déclaré dans l'outil du cabinet le {_when(incident.declared_at)}.",
            True,
        ),
        DraftSection(
            "nature",
            "a) Nature de la violation",
            f"{_or_missing(incident.breach_nature)}\n"
            f"({incident.get_scenario_display()}"
            + {
                "B": " ; une perte de disponibilité des données est une violation au sens du RGPD.",
                "C": " ; un appareil perdu ou volé peut exposer les données qu'il contient : une perte de confidentialité est une violation au sens du RGPD.",
            }.get(incident.scenario, "")
            + ")",
            bool(incident.breach_nature.strip()),
        ),
        DraftSection(
            "people",
            "a) Catégories et nombre approximatif de personnes et d'enregistrements",
            f"Catégories de données : {_or_missing(incident.data_categories)}\n"
            f"Personnes concernées (patients) : {_count(incident.people_affected, 'personnes')}\n"
            f"Enregistrements concernés : {_count(incident.records_affected, 'enregistrements')}",
            bool(incident.data_categories.strip()) and incident.people_affected is not None and incident.records_affected is not None,
        ),
        DraftSection("contact", "b) Contact (délégué à la protection des données ou autre point de contact)", _or_missing(incident.contact_point), bool(incident.contact_point.strip())),
        DraftSection("consequences", "c) Conséquences probables", _or_missing(incident.likely_consequences), bool(incident.likely_consequences.strip())),
        DraftSection(
            "measures",
            "d) Mesures prises ou envisagées, y compris pour atténuer les conséquences",
            measures or MISSING,
            bool(measures),
        ),
    ]
    if late:
        sections.append(
            DraftSection(
                "delay",
                "Motifs du retard (notification après 72 heures)",
                _or_missing(incident.cnil_delay_reason),
                bool(incident.cnil_delay_reason.strip()),
            )
        )
    return sections


def patient_letter(incident, cabinet) -> dict:
    """The plain-language letter of art. 34: what happened, whom to contact, consequences, measures."""
    return {
        "date": timezone.localdate(),
        "when": timezone.localtime(incident.aware_at),
        "nature": _or_missing(incident.breach_nature),
        "categories": _or_missing(incident.data_categories),
        "contact": _or_missing(incident.contact_point),
        "consequences": _or_missing(incident.likely_consequences),
        "measures_taken": incident.measures_taken.strip(),
        "measures_planned": incident.measures_planned.strip(),
        "missing": [
            label
            for label, value in (
                ("la nature de la violation", incident.breach_nature),
                ("les données concernées", incident.data_categories),
                ("le contact", incident.contact_point),
                ("les conséquences probables", incident.likely_consequences),
                ("les mesures prises", incident.measures_taken),
            )
            if not value.strip()
        ],
    }


def register_rows(tenant):
    """The breach register: every incident touching personal data, notified or not (art. 33(5))."""
    from incidents.models import Incident

    from django.db.models import Q

    from incidents.clocks import DATA_AT_RISK_SCENARIOS

    # The same rule as clocks.register_status, as a query: confirmed, or undecided while the CNIL clock runs.
    incidents = (
        tenant.scope(Incident)
        .filter(Q(personal_data=True) | Q(personal_data__isnull=True, scenario__in=DATA_AT_RISK_SCENARIOS))
        .order_by("-aware_at")
    )
    return [(incident, summary.clock_views(incident)) for incident in incidents]
