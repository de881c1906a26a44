"""The mode-dégradé kit catalogue: what a cabinet keeps ready for an outage.

The content lives in ``catalogue.yaml`` next to this module (content is data).
This module turns it into frozen dataclasses and refuses a malformed file when
it is loaded, naming the faulty line. The rules it enforces are the ones whose
breach would hurt a cabinet on the day of a failure: a quantity that cannot be
scaled, a secure form the app would wrongly offer to print (a printed arrêt de
travail or secure prescription is refused), a printable line the app has no
sheet for, or an updated form reference shown without its source.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields
from resilience.models import Profession

CATALOGUE_PATH = Path(__file__).with_name("catalogue.yaml")


ALL_PROFESSIONS = "all"


class Scale(StrEnum):
    """How a line's quantity grows with the cabinet: per practitioner of its professions, or once."""

    PER_PRACTITIONER = "per_practitioner"
    PER_CABINET = "per_cabinet"


class HeldBy(StrEnum):
    """Who holds a line's stock: the cabinet as one pool, or each prescriber their own.

    Forms printed with the prescriber's identity (ordonnances sécurisées, the
    secure arrêt de travail) cannot be lent: three blocks in one médecin's
    drawer are no use to the other two.
    """

    CABINET = "cabinet"
    PRESCRIBER = "prescriber"


class Kind(StrEnum):
    """What the cabinet does to get a line: print it, order it, or buy it."""

    PRINTABLE = "printable"
    ORDER = "order"
    EQUIPMENT = "equipment"

    @property
    def label(self) -> str:
        return {"printable": "à imprimer", "order": "à commander", "equipment": "équipement"}[self.value]


# The sheets the app knows how to render. A printable line must name one of
# them, otherwise the printed kit would silently lack it.
PRINTABLE_SHEETS = frozenset(
    {
        "exam_sheet", "deferred_billing", "consultation_register", "contacts", "playbooks", "patient_notice",
        "kine_assessment", "nurse_round", "scor_log",
    }
)

_LINE_FIELDS = frozenset(
    {
        "key", "label", "kind", "unit", "min", "recommended", "professions", "scale", "note", "source",
        "printable", "order_from", "order_from_source",
        "seed_reference", "current_reference", "current_reference_note", "current_reference_source",
        "reference_note", "held_by", "professions_sources",
    }
)
_SECTION_FIELDS = frozenset({"key", "label", "note", "lines"})
_CHECK_FIELDS = frozenset({"key", "label", "help", "source"})
_NOTICE_FIELDS = frozenset(
    {"title", "intro", "changes_title", "changes", "help_title", "help", "closing", "signature", "source"}
)
_TOP_FIELDS = frozenset({"version", "sections", "kit_test_checks", "patient_notice"})


@dataclass(frozen=True)
class KitLine:
    """One line of the kit, with its quantity for ONE practitioner.

    ``professions`` says who needs it (None: every profession). Per-cabinet
    lines (a printer, a hotspot, the day's register) are needed once whatever
    the size of the cabinet; the others are multiplied by the number of
    practitioners of those professions (see ``kit.scaling``).
    """

    key: str
    label: str
    kind: Kind
    unit: str
    section: str
    min: int
    recommended: int
    source: str
    scale: Scale = Scale.PER_PRACTITIONER
    professions: frozenset[str] | None = None  # None: every profession
    note: str = ""
    printable: str | None = None
    order_from: str = ""
    order_from_source: str | None = None
    seed_reference: str | None = None
    current_reference: str | None = None
    current_reference_note: str = ""
    current_reference_source: str | None = None
    reference_note: str = ""  # where no number is confirmed: where to ask
    held_by: HeldBy = HeldBy.CABINET
    # Why each profession may use the line (a prescription right), with its source.
    professions_sources: tuple[tuple[str, str], ...] = ()

    @property
    def per_prescriber(self) -> bool:
        """Each prescriber keeps their own stock, counted and short on its own (never one pool)."""
        return self.held_by is HeldBy.PRESCRIBER

    @property
    def per_cabinet(self) -> bool:
        return self.scale is Scale.PER_CABINET

    def applies_to(self, profession: str) -> bool:
        return self.professions is None or profession in self.professions

    @property
    def reference_changed(self) -> bool:
        """True when the current cerfa number differs from the seed's reference."""
        return self.current_reference is not None

    @property
    def reference(self) -> str:
        """What to quote when ordering: « S3110, cerfa n° 12541 », the seed's alone, or nothing."""
        if self.seed_reference and self.current_reference:
            return f"{self.seed_reference}, {self.current_reference}"
        return self.seed_reference or self.current_reference or ""


@dataclass(frozen=True)
class Section:
    """A group of lines as the binder presents them (classeur, clé USB, équipement)."""

    key: str
    label: str
    lines: tuple[KitLine, ...]
    note: str = ""


@dataclass(frozen=True)
class KitTestCheck:
    """One step of the six-monthly kit test."""

    key: str
    label: str
    help: str
    source: str


@dataclass(frozen=True)
class NoticeItem:
    title: str
    text: str


@dataclass(frozen=True)
class PatientNotice:
    """The poster telling patients what changes while the cabinet works on paper."""

    title: str
    intro: tuple[str, ...]
    changes_title: str
    changes: tuple[NoticeItem, ...]
    help_title: str
    help: tuple[str, ...]
    closing: str
    signature: str
    source: str


@dataclass(frozen=True)
class Catalogue:
    version: str
    sections: tuple[Section, ...]
    checks: tuple[KitTestCheck, ...]
    patient_notice: PatientNotice

    @property
    def lines(self) -> tuple[KitLine, ...]:
        """All lines in binder order."""
        return tuple(line for section in self.sections for line in section.lines)

    def line(self, key: str) -> KitLine:
        for line in self.lines:
            if line.key == key:
                return line
        raise KeyError(key)

    def printable_line(self, sheet: str) -> KitLine:
        """The line a rendered sheet belongs to, to print the right quantity."""
        for line in self.lines:
            if line.printable == sheet:
                return line
        raise KeyError(sheet)


# --- validation helpers -------------------------------------------------------


def _reject_unknown(item: Mapping, allowed: frozenset, where: str) -> None:
    """A misspelt field (``recomended``) would otherwise be silently ignored."""
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise ContentError(f"{where}: unknown field(s) {', '.join(map(str, unknown))}")


def _text(value, field: str, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: {field} must be a non-empty text")
    return value.strip()


def _optional_text(item: Mapping, field: str, where: str) -> str | None:
    value = item.get(field)
    return None if value is None else _text(value, field, where)


def _count(value, field: str, where: str) -> int:
    # bool is an int in Python: `min: yes` must not become 1.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError(f"{where}: {field} must be a whole number of at least 1, got {value!r}")
    return value


def _texts(value, field: str, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: {field} must be a non-empty list")
    return tuple(_text(v, f"{field}[{i}]", where) for i, v in enumerate(value))


def _professions(value, where: str) -> frozenset[str] | None:
    """`all`, or a non-empty list of known professions (resilience.models.Profession)."""
    if value == ALL_PROFESSIONS:
        return None
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: professions must be {ALL_PROFESSIONS!r} or a non-empty list of professions")
    unknown = sorted(str(v) for v in value if v not in Profession.values)
    if unknown:
        raise ContentError(
            f"{where}: unknown profession(s) {', '.join(unknown)}; known: {', '.join(Profession.values)}"
        )
    return frozenset(value)


def _professions_sources(value, professions: frozenset[str] | None, where: str) -> tuple[tuple[str, str], ...]:
    """{profession: source} for the line's professions: where each one's right to use it is written."""
    if value is None:
        return ()
    if not isinstance(value, dict) or not value:
        raise ContentError(f"{where}: professions_sources must be a mapping of professions to sources")
    for code in value:
        if professions is not None and code not in professions:
            raise ContentError(f"{where}: professions_sources names {code!r}, which is not among the line's professions")
    return tuple((code, check_source(source, f"{where} professions_sources {code}")) for code, source in value.items())


# --- parsing --------------------------------------------------------------------


def _parse_line(raw, section: str, where: str) -> KitLine:
    require_fields(raw, ("key", "label", "kind", "unit", "source"), where)
    where = f"{where} ({raw['key']})"
    _reject_unknown(raw, _LINE_FIELDS, where)

    try:
        kind = Kind(raw["kind"])
    except ValueError:
        raise ContentError(
            f"{where}: kind must be one of {', '.join(k.value for k in Kind)}, got {raw['kind']!r}"
        ) from None

    require_fields(raw, ("professions", "scale"), where)
    professions = _professions(raw["professions"], where)
    try:
        scale = Scale(raw["scale"])
    except ValueError:
        raise ContentError(
            f"{where}: scale must be one of {', '.join(s.value for s in Scale)}, got {raw['scale']!r}"
        ) from None
    if scale is Scale.PER_CABINET:
        # "1 per cabinet" unless the file says otherwise (two notices, say).
        minimum = _count(raw.get("min", 1), "min", where)
        recommended = _count(raw.get("recommended", minimum), "recommended", where)
    else:
        require_fields(raw, ("min", "recommended"), where)
        minimum = _count(raw["min"], "min", where)
        recommended = _count(raw["recommended"], "recommended", where)
    if recommended < minimum:
        raise ContentError(f"{where}: recommended ({recommended}) is below min ({minimum})")

    printable = raw.get("printable")
    order_from = raw.get("order_from")
    if kind is Kind.PRINTABLE:
        if not isinstance(printable, str) or printable not in PRINTABLE_SHEETS:
            raise ContentError(
                f"{where}: a printable line needs a printable id among "
                f"{', '.join(sorted(PRINTABLE_SHEETS))}, got {printable!r}"
            )
        if order_from is not None:
            raise ContentError(f"{where}: a printable line is printed by the app, not ordered (order_from)")
    else:
        # Any value, even `printable: true`, is a claim that the app can print
        # it: wrong for a secure form, which is refused unless ordered.
        if printable is not None:
            raise ContentError(f"{where}: a line of kind {kind.value!r} cannot be printable")
        if kind is Kind.ORDER and order_from is None:
            raise ContentError(f"{where}: an order line must say where it is ordered (order_from)")

    order_from_source = raw.get("order_from_source")
    if order_from_source is not None:
        if order_from is None:
            raise ContentError(f"{where}: order_from_source without order_from")
        order_from_source = check_source(order_from_source, where)

    current = _optional_text(raw, "current_reference", where)
    seed_reference = _optional_text(raw, "seed_reference", where)
    current_note = raw.get("current_reference_note")
    current_source = raw.get("current_reference_source")
    if current is not None:
        # The updated reference is shown beside the seed's, with why and where from.
        require_fields(raw, ("seed_reference", "current_reference_note", "current_reference_source"), where)
        current_note = _text(current_note, "current_reference_note", where)
        current_source = check_source(current_source, f"{where} current_reference_source")
    elif current_note is not None or current_source is not None:
        raise ContentError(f"{where}: current_reference_note/source without current_reference")
    reference_note = _optional_text(raw, "reference_note", where)

    try:
        held_by = HeldBy(raw.get("held_by", HeldBy.CABINET))
    except ValueError:
        raise ContentError(
            f"{where}: held_by must be one of {', '.join(h.value for h in HeldBy)}, got {raw['held_by']!r}"
        ) from None
    if held_by is HeldBy.PRESCRIBER and (kind is not Kind.ORDER or scale is not Scale.PER_PRACTITIONER):
        # Only an ordered form carries a prescriber's identity, and it is needed per prescriber.
        raise ContentError(f"{where}: a line held by each prescriber must be an order line scaled per_practitioner")
    professions_sources = _professions_sources(raw.get("professions_sources"), professions, where)

    return KitLine(
        key=_text(raw["key"], "key", where),
        label=_text(raw["label"], "label", where),
        kind=kind,
        unit=_text(raw["unit"], "unit", where),
        section=section,
        min=minimum,
        recommended=recommended,
        scale=scale,
        professions=professions,
        note=_optional_text(raw, "note", where) or "",
        source=check_source(raw["source"], where),
        printable=printable,
        order_from=_text(order_from, "order_from", where) if order_from is not None else "",
        order_from_source=order_from_source,
        seed_reference=seed_reference,
        current_reference=current,
        current_reference_note=current_note or "",
        current_reference_source=current_source,
        reference_note=reference_note or "",
        held_by=held_by,
        professions_sources=professions_sources,
    )


def _parse_section(raw, where: str) -> Section:
    require_fields(raw, ("key", "label", "lines"), where)
    where = f"{where} ({raw['key']})"
    _reject_unknown(raw, _SECTION_FIELDS, where)
    if not isinstance(raw["lines"], list):
        raise ContentError(f"{where}: lines must be a list")
    key = _text(raw["key"], "key", where)
    lines = tuple(_parse_line(item, key, f"{where} line {i}") for i, item in enumerate(raw["lines"]))
    return Section(
        key=key,
        label=_text(raw["label"], "label", where),
        lines=lines,
        note=_optional_text(raw, "note", where) or "",
    )


def _parse_check(raw, where: str) -> KitTestCheck:
    require_fields(raw, ("key", "label", "help", "source"), where)
    where = f"{where} ({raw['key']})"
    _reject_unknown(raw, _CHECK_FIELDS, where)
    return KitTestCheck(
        key=_text(raw["key"], "key", where),
        label=_text(raw["label"], "label", where),
        help=_text(raw["help"], "help", where),
        source=check_source(raw["source"], where),
    )


# The words the patient notice takes from the cabinet's professions (kit.printables.patient_notice).
NOTICE_PLACEHOLDERS = ("your_practitioner", "paper_documents")


def _placeholders_known(text: str, where: str) -> str:
    try:
        text.format(**{name: "" for name in NOTICE_PLACEHOLDERS})
    except (KeyError, IndexError, ValueError) as error:
        raise ContentError(
            f"{where}: unknown placeholder or stray brace ({error}); known: {', '.join(NOTICE_PLACEHOLDERS)}"
        ) from None
    return text


def _parse_notice(raw, where: str) -> PatientNotice:
    require_fields(raw, sorted(_NOTICE_FIELDS), where)
    _reject_unknown(raw, _NOTICE_FIELDS, where)
    if not isinstance(raw["changes"], list) or not raw["changes"]:
        raise ContentError(f"{where}: changes must be a non-empty list")
    changes = []
    for i, item in enumerate(raw["changes"]):
        item_where = f"{where} changes[{i}]"
        require_fields(item, ("title", "text"), item_where)
        _reject_unknown(item, frozenset({"title", "text"}), item_where)
        changes.append(NoticeItem(_text(item["title"], "title", item_where), _text(item["text"], "text", item_where)))
    notice = PatientNotice(
        title=_text(raw["title"], "title", where),
        intro=_texts(raw["intro"], "intro", where),
        changes_title=_text(raw["changes_title"], "changes_title", where),
        changes=tuple(changes),
        help_title=_text(raw["help_title"], "help_title", where),
        help=_texts(raw["help"], "help", where),
        closing=_text(raw["closing"], "closing", where),
        signature=_text(raw["signature"], "signature", where),
        source=check_source(raw["source"], where),
    )
    for text in (*notice.intro, *(t for item in notice.changes for t in (item.title, item.text)), *notice.help,
                 notice.closing):
        _placeholders_known(text, where)
    return notice


def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    """Read and validate a catalogue file; raise ContentError on the first fault."""
    data = load_yaml(path)
    where = str(path)
    _reject_unknown(data, _TOP_FIELDS, where)
    require_fields(data, ("sections", "kit_test_checks", "patient_notice"), where)
    for field in ("sections", "kit_test_checks"):
        if not isinstance(data[field], list):
            raise ContentError(f"{where}: {field} must be a list")

    sections = tuple(_parse_section(raw, f"{where} section {i}") for i, raw in enumerate(data["sections"]))
    check_unique((s.key for s in sections), f"{where} sections")
    lines = [line for section in sections for line in section.lines]
    if not lines:
        raise ContentError(f"{where}: the catalogue has no line")
    # Keys are what stored inventories refer to: unique across sections.
    check_unique((line.key for line in lines), f"{where} lines")
    # One line per rendered sheet, so the printed quantity is unambiguous.
    check_unique((line.printable for line in lines if line.printable), f"{where} printable ids")

    checks = tuple(_parse_check(raw, f"{where} kit_test_checks {i}") for i, raw in enumerate(data["kit_test_checks"]))
    if not checks:
        raise ContentError(f"{where}: kit_test_checks is empty")
    check_unique((c.key for c in checks), f"{where} kit_test_checks")

    return Catalogue(
        version=str(data["version"]),
        sections=sections,
        checks=checks,
        patient_notice=_parse_notice(data["patient_notice"], f"{where} patient_notice"),
    )


@lru_cache(maxsize=1)
def get_catalogue() -> Catalogue:
    """The shipped catalogue, read once per process (it only changes with a release)."""
    return load_catalogue(CATALOGUE_PATH)
