"""The ten-point checklist of an IT-provider contract, loaded from checklist.yaml.

The clauses a cabinet checks in its contract with its IT provider are content,
not code: they live in ``checklist.yaml`` next to this module, each with a stable
key that stored answers refer to. This module turns the file into frozen
dataclasses and refuses a malformed file with a ContentError that names the file
and the faulty key, so that a bad edit stops the application at start-up rather
than showing a cabinet a wrong verdict.
"""

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields

CHECKLIST_PATH = Path(__file__).resolve().with_name("checklist.yaml")

# The seed guide has exactly ten categories; the gap report and the letter are
# laid out around them, so a file with more or fewer is a mistake.
CATEGORY_COUNT = 10

_TOP_FIELDS = {"version", "categories"}
_CATEGORY_FIELDS = {
    "key", "number", "title", "why", "weaknesses", "alerts", "recommendations", "source", "items",
}
_ITEM_FIELDS = {"key", "label", "ask", "critical", "legal", "source", "seed_text"}
_LEGAL_FIELDS = {"label", "url"}

# Stored answers refer to keys for years: keep them plain, lowercase and dotted.
_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


@dataclass(frozen=True)
class LegalRef:
    """A legal text that applies to a clause, shown with a link to its official page."""

    label: str
    url: str


@dataclass(frozen=True)
class Item:
    """One clause to look for in the contract.

    ``ask`` is the sentence the cabinet asks its provider to add (used in the
    letter); ``seed_text`` is the line of the seed guide the clause comes from,
    kept so that a test can prove that no line of the guide was forgotten.
    """

    key: str
    label: str
    ask: str
    critical: bool
    source: str
    seed_text: str
    legal: tuple[LegalRef, ...] = ()


@dataclass(frozen=True)
class Category:
    """One of the ten points of the guide, with its explanations for the practitioner."""

    key: str
    number: int
    title: str
    why: str
    weaknesses: tuple[str, ...]
    alerts: tuple[str, ...]
    recommendations: tuple[str, ...]
    source: str
    items: tuple[Item, ...]

    @property
    def critical_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.critical)


@dataclass(frozen=True)
class Checklist:
    """The whole checklist; ``version`` is stored with each review."""

    version: str
    categories: tuple[Category, ...]

    def all_items(self) -> Iterator[Item]:
        """Every item, in category then file order."""
        for category in self.categories:
            yield from category.items

    def item(self, key: str) -> Item:
        for item in self.all_items():
            if item.key == key:
                return item
        raise KeyError(key)

    def category(self, key: str) -> Category:
        for category in self.categories:
            if category.key == key:
                return category
        raise KeyError(key)


def _check_known_fields(data: Mapping, allowed: set, where: str) -> None:
    """A misspelt field (``critcal``, ``legals``) would otherwise be silently ignored."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")


def _key(value, where: str) -> str:
    if not isinstance(value, str) or not _KEY_PATTERN.match(value):
        raise ContentError(f"{where}: key must be lowercase letters, digits, '_' and '.', got {value!r}")
    return value


def _text(value, field: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {field} must be a non-empty text")
    return " ".join(value.split())


def _texts(value, field: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: {field} must be a non-empty list of texts")
    return tuple(_text(entry, field, where) for entry in value)


def _parse_legal(value, where: str) -> tuple[LegalRef, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: legal must be a list of {{label, url}}")
    refs = []
    for entry in value:
        require_fields(entry, ("label", "url"), f"{where}: legal")
        _check_known_fields(entry, _LEGAL_FIELDS, f"{where}: legal")
        url = entry["url"]
        if not isinstance(url, str) or not url.startswith("https://"):
            raise ContentError(f"{where}: legal url must be an https:// URL, got {url!r}")
        refs.append(LegalRef(label=_text(entry["label"], "legal label", where), url=url))
    return tuple(refs)


def _parse_item(data, where: str) -> Item:
    require_fields(data, ("key",), where)
    where = f"{where} item {data['key']!r}"
    _check_known_fields(data, _ITEM_FIELDS, where)
    require_fields(data, ("label", "ask", "source", "seed_text"), where)
    # A missing or quoted "critical" must not silently become False: it decides
    # whether a gap blocks the whole review.
    if not isinstance(data.get("critical"), bool):
        raise ContentError(f"{where}: critical must be true or false, got {data.get('critical')!r}")
    return Item(
        key=_key(data["key"], where),
        label=_text(data["label"], "label", where),
        ask=_text(data["ask"], "ask", where),
        critical=data["critical"],
        source=check_source(data["source"], where),
        seed_text=_text(data["seed_text"], "seed_text", where),
        legal=_parse_legal(data.get("legal"), where),
    )


def _parse_category(data, where: str) -> Category:
    require_fields(data, ("key",), where)
    where = f"{where} category {data['key']!r}"
    _check_known_fields(data, _CATEGORY_FIELDS, where)
    require_fields(data, ("number", "title", "why", "source", "items"), where)
    number = data["number"]
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= CATEGORY_COUNT:
        raise ContentError(f"{where}: number must be an integer from 1 to {CATEGORY_COUNT}")
    if not isinstance(data["items"], list):
        raise ContentError(f"{where}: items must be a list")
    return Category(
        key=_key(data["key"], where),
        number=number,
        title=_text(data["title"], "title", where),
        why=_text(data["why"], "why", where),
        weaknesses=_texts(data.get("weaknesses"), "weaknesses", where),
        alerts=_texts(data.get("alerts"), "alerts", where),
        recommendations=_texts(data.get("recommendations"), "recommendations", where),
        source=check_source(data["source"], where),
        items=tuple(_parse_item(item, where) for item in data["items"]),
    )


def load_checklist(path: Path = CHECKLIST_PATH) -> Checklist:
    """Read and validate a checklist file; raise ContentError naming the file and key."""
    data = load_yaml(path)
    where = str(path)
    _check_known_fields(data, _TOP_FIELDS, where)
    raw_categories = data.get("categories")
    if not isinstance(raw_categories, list) or len(raw_categories) != CATEGORY_COUNT:
        found = len(raw_categories) if isinstance(raw_categories, list) else 0
        raise ContentError(f"{where}: expected exactly {CATEGORY_COUNT} categories, found {found}")
    categories = [_parse_category(raw, where) for raw in raw_categories]

    check_unique((c.key for c in categories), f"{where}: categories")
    check_unique((i.key for c in categories for i in c.items), f"{where}: items")
    numbers = sorted(c.number for c in categories)
    if numbers != list(range(1, CATEGORY_COUNT + 1)):
        raise ContentError(
            f"{where}: category numbers must be 1 to {CATEGORY_COUNT}, each once; got {numbers}"
        )
    return Checklist(
        version=str(data["version"]).strip(),
        categories=tuple(sorted(categories, key=lambda c: c.number)),
    )


@cache
def get_checklist() -> Checklist:
    """The product's checklist, read once per process (content does not change at run time)."""
    return load_checklist(CHECKLIST_PATH)
