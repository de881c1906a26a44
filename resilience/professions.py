"""What a cabinet's practitioners are called, and its practitioners by profession as words.

A cabinet records how many practitioners of each profession work there (a solo kiné;
a maison de santé with 3 médecins, 2 infirmiers and 1 kiné). The pure functions here
turn such counts into the words every page and document uses.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields
from resilience.models.cabinets import Profession

PROFESSIONS_FILE = Path(__file__).parent / "data" / "professions.yaml"


@dataclass(frozen=True)
class ProfessionWords:
    key: str
    singular: str
    plural: str
    short_singular: str
    short_plural: str

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
    fields = ("key", "singular", "plural", "short_singular", "short_plural")
    for index, item in enumerate(items):
        require_fields(item, fields, f"{PROFESSIONS_FILE}: profession #{index + 1}")
    check_unique((item["key"] for item in items), str(PROFESSIONS_FILE))
    words = {item["key"]: ProfessionWords(**{f: item[f] for f in fields}) for item in items}
    if set(words) != set(Profession.values):
        raise ContentError(f"{PROFESSIONS_FILE}: professions must be exactly {sorted(Profession.values)}")
    return words


def ordered(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    """Professions with at least one practitioner, most practitioners first (ties: the choices' order)."""
    order = {code: index for index, code in enumerate(Profession.values)}
    return sorted(((code, n) for code, n in counts.items() if n > 0), key=lambda item: (-item[1], order[item[0]]))


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
