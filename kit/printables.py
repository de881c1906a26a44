"""The printed kit, its sheets and the patient notice: which template prints what, and with what data.

Only lines of kind ``printable`` have a sheet here; a secure form (kind
``order``) has no template and no URL, so the app can never offer to print it.
The playbooks are read from the incidents app's data, never copied.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders

from incidents.playbooks import DEGRADED, EXIT, LOST_DEVICE, SCENARIO_A, SCENARIO_B, get_playbooks
from kit.catalogue import PRINTABLE_SHEETS, NoticeItem, PatientNotice, get_catalogue
from kit.summary import summarize
from resilience.contacts import national_contacts
from resilience.restores.services import last_success_on
from resilience.models import EmergencyContact
from kit.inventory import cabinet_counts
from resilience.professions import degraded_tips, ordered, paper_documents, profession_words, your_practitioner

STYLESHEET = "kit/pdf.css"


@dataclass(frozen=True)
class Sheet:
    key: str  # the catalogue's `printable` id
    slug: str  # its URL
    title: str
    template: str  # the partial printed alone and inside the full kit
    anchor: str = ""  # its id in the full kit


SHEETS = {
    sheet.key: sheet
    for sheet in (
        Sheet("exam_sheet", "fiche-examen", "Fiche d'examen simplifiée", "kit/pdf/_exam_sheet.html"),
        Sheet("deferred_billing", "suivi-facturation", "Suivi de la facturation différée", "kit/pdf/_deferred_billing.html"),
        Sheet("consultation_register", "registre", "Registre des consultations", "kit/pdf/_consultation_register.html"),
        Sheet("contacts", "contacts", "Contacts d'urgence", "kit/pdf/_contacts.html"),
        Sheet("playbooks", "fiches-reflexes", "Fiches réflexes", "kit/pdf/_playbooks.html"),
        Sheet("kine_assessment", "bilan-kine", "Bilan kinésithérapique", "kit/pdf/_kine_assessment.html", "bilan-kine"),
        Sheet("nurse_round", "visites-du-jour", "Visites à domicile du jour", "kit/pdf/_nurse_round.html", "tournee"),
        Sheet("scor_log", "prescriptions-scor", "Prescriptions à scanner (SCOR)", "kit/pdf/_scor_log.html", "scor"),
    )
}
# Working papers only some professions use: printed in the full kit when the cabinet's kit has their line.
PROFESSION_SHEETS = ("kine_assessment", "nurse_round", "scor_log")

# The patient notice is a poster with its own page layout and URL.
NOTICE = "patient_notice"

# URL name of each printable sheet, for the print buttons of the kit page.
SHEET_URL_NAMES = {**{key: f"kit:sheet_{key}" for key in SHEETS}, NOTICE: "kit:patient_notice"}

if set(SHEET_URL_NAMES) != set(PRINTABLE_SHEETS):  # pragma: no cover - caught by the tests and at start-up
    raise RuntimeError(f"printable sheets without a template: {sorted(set(PRINTABLE_SHEETS) - set(SHEET_URL_NAMES))}")


@cache
def stylesheet_uri() -> str:
    """The kit's print styles as a file:// URI (the PDF renderer fetches local files only)."""
    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - a packaging mistake
        raise FileNotFoundError(STYLESHEET)
    return Path(path).resolve().as_uri()


def exam_sheets(codes) -> list:
    """One blank exam sheet per kind the cabinet's professions use (a médecin's fiche d'examen, a kiné's fiche de séance)."""
    words = profession_words()
    sheets, seen = [], set()
    for code in codes:
        w = words[code]
        shape = (w.exam_sheet, w.exam_reason, w.exam_body, w.exam_documents)
        if shape not in seen:
            seen.add(shape)
            sheets.append(w)
    return sheets


def patient_notice(notice: PatientNotice, codes) -> PatientNotice:
    """The poster in the cabinet's words: « votre kinésithérapeute », and only the forms its professions write."""
    values = {"your_practitioner": your_practitioner(codes), "paper_documents": paper_documents(codes)}

    def fill(text: str) -> str:
        return text.format(**values)

    return replace(
        notice,
        intro=tuple(fill(p) for p in notice.intro),
        changes=tuple(NoticeItem(fill(item.title), fill(item.text)) for item in notice.changes),
        help=tuple(fill(p) for p in notice.help),
        closing=fill(notice.closing),
    )


def playbook_context() -> dict:
    library = get_playbooks()
    return {
        "triage": library.triage,
        "triage_answers": [(answer, library.get(answer.proposes)) for answer in library.triage.answers],
        "scenario_a": library.get(SCENARIO_A),
        "scenario_b": library.get(SCENARIO_B),
        "lost_device": library.get(LOST_DEVICE),
        "degraded": library.get(DEGRADED),
        "exit": library.get(EXIT),
    }


def base_context(tenant) -> dict:
    return {"cabinet": tenant.cabinet, "kit_css": stylesheet_uri()}


def document_context(cabinet, kit, inventory, contacts) -> dict:
    """Everything the full kit prints, from plain values (the benchmark builds them without a database)."""
    return {
        "cabinet": cabinet,
        "kit_css": stylesheet_uri(),
        **playbook_context(),
        "kit": kit,
        "inventory": inventory,
        "exam_sheets": exam_sheets(inventory.profession_codes),
        "degraded_tips": degraded_tips(inventory.profession_codes),
        # The working papers of this cabinet's professions (a kiné's bilan, a nurse's round): no other.
        "profession_sheets": [
            SHEETS[key] for key in PROFESSION_SHEETS if key in {row.line.printable for row in inventory.rows}
        ],
        "contacts": contacts,
        "national": national_contacts(),
    }


def kit_context(tenant) -> dict:
    """The full kit of the request's cabinet."""
    summary = summarize(tenant)
    context = document_context(tenant.cabinet, summary.kit, summary.inventory, list(tenant.scope(EmergencyContact)))
    context["last_restore_success"] = last_success_on(tenant.cabinet)
    return context


def notice_context(tenant) -> dict:
    codes = [code for code, _n in ordered(cabinet_counts(tenant.cabinet))]
    notice = patient_notice(get_catalogue().patient_notice, codes)
    return {**base_context(tenant), "notice": notice}
