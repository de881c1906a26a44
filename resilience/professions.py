"""What a cabinet's practitioners are called, and its practitioners by profession as words.

A cabinet records how many practitioners of each profession work there (a solo kiné;
a maison de santé with 3 médecins, 2 infirmiers and 1 kiné). The pure functions here
turn such counts into the words every page and document uses.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields
from resilience.choices import Profession

PROFESSIONS_FILE = Path(__file__).parent / "data" / "professions.yaml"


@dataclass(frozen=True)
class Tip:
    """One piece of advice for working on paper that only some professions need."""

    text: str
    source: str


@dataclass(frozen=True)
class ProfessionWords:
    key: str
    singular: str
    plural: str
    short_singular: str
    short_plural: str
    # The kit's words (kit/printables.py): the patient notice and the blank exam sheet.
    your_practitioner: str  # « votre kinésithérapeute »
    exam_sheet: str  # « Fiche de séance »
    exam_reason: str
    exam_body: str
    exam_documents: tuple[str, ...]  # the boxes ticked for what the patient takes away
    paper_documents: tuple[str, ...]  # « les feuilles de soins »: only the forms this profession writes
    degraded_tips: tuple[Tip, ...] = ()  # beside the degraded-consultation playbook
    # Where no prescription right could be confirmed, the kit gives no pad and says where to ask instead.
    forms_note: str = ""

    def count(self, n: int, short: bool = True) -> str:
        """« 1 kiné », « 3 médecins » (French: 0 and 1 are singular, but 0 is never shown)."""
        if short:
            return f"{n} {self.short_singular if n <= 1 else self.short_plural}"
        return f"{n} {self.singular if n <= 1 else self.plural}"


@cache
def profession_words() -> dict[str, ProfessionWords]:
    data = load_yaml(PROFESSIONS_FILE)
    check_source(data.get("source"), str(PROFESSIONS_FILE))
    items = data.get("professions") or []
    texts = ("key", "singular", "plural", "short_singular", "short_plural", "your_practitioner",
             "exam_sheet", "exam_reason", "exam_body")
    lists = ("exam_documents", "paper_documents")
    for index, item in enumerate(items):
        where = f"{PROFESSIONS_FILE}: profession #{index + 1}"
        require_fields(item, texts + lists, where)
        for field in lists:
            if not isinstance(item[field], list) or not item[field] or not all(isinstance(v, str) for v in item[field]):
                raise ContentError(f"{where}: {field} must be a non-empty list of texts")
    check_unique((item["key"] for item in items), str(PROFESSIONS_FILE))
    words = {
        item["key"]: ProfessionWords(
            **{f: item[f] for f in texts},
            **{f: tuple(item[f]) for f in lists},
            degraded_tips=_tips(item.get("degraded_tips") or [], f"{PROFESSIONS_FILE}: {item['key']}"),
            forms_note=_optional_text(item.get("forms_note"), f"{PROFESSIONS_FILE}: {item['key']} forms_note"),
        )
        for item in items
    }
    if set(words) != set(Profession.values):
        raise ContentError(f"{PROFESSIONS_FILE}: professions must be exactly {sorted(Profession.values)}")
    return words


def _tips(items, where: str) -> tuple[Tip, ...]:
    if not isinstance(items, list):
        raise ContentError(f"{where}: degraded_tips must be a list")
    tips = []
    for item in items:
        require_fields(item, ("text", "source"), f"{where} degraded_tips")
        tips.append(Tip(item["text"], check_source(item["source"], f"{where} degraded_tips")))
    return tuple(tips)


def _optional_text(value, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: must be a non-empty text when given")
    return value.strip()


def forms_notes(codes) -> list[str]:
    """Where to ask about the forms to order, for the cabinet's professions whose rights the kit could not confirm."""
    words = profession_words()
    return list(dict.fromkeys(words[code].forms_note for code in codes if words[code].forms_note))


def degraded_tips(codes) -> list[Tip]:
    """The cabinet's professions' advice for working on paper, each once (a kiné and a nurse share SCOR's)."""
    words = profession_words()
    tips: list[Tip] = []
    for code in codes:
        tips.extend(tip for tip in words[code].degraded_tips if tip not in tips)
    return tips


CHOICES_ORDER = {code: index for index, code in enumerate(Profession.values)}  # `Profession.values` builds a list each time


def ordered(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Professions with at least one practitioner, most practitioners first (ties: the choices' order)."""
    return sorted(((code, n) for code, n in counts.items() if n > 0), key=lambda item: (-item[1], CHOICES_ORDER[item[0]]))


def main_profession(counts: Mapping[str, int]) -> str:
    """The profession with the most practitioners: the cabinet's profession in a one-word context."""
    items = ordered(counts)
    if not items:
        raise ValueError("a cabinet has at least one practitioner")
    return items[0][0]


def summary(counts: Mapping[str, int], short: bool = True) -> str:
    """« 3 médecins, 2 infirmiers, 1 kiné »."""
    words = profession_words()
    return ", ".join(words[code].count(n, short) for code, n in ordered(counts))


def your_practitioner(codes) -> str:
    """« votre kinésithérapeute » for a cabinet of one profession; « votre soignant » when several work there."""
    words = profession_words()
    names = {words[code].your_practitioner for code in codes}
    return names.pop() if len(names) == 1 else _("votre soignant")


def paper_documents(codes) -> str:
    """The forms the cabinet's professions fill in by hand, joined: « les ordonnances, les feuilles de soins et … »."""
    words = profession_words()
    seen: list[str] = []
    for code in codes:
        seen.extend(doc for doc in words[code].paper_documents if doc not in seen)
    return seen[0] if len(seen) == 1 else _("%(first)s et %(last)s") % {"first": ", ".join(seen[:-1]), "last": seen[-1]}
