"""The self-assessment questionnaire, loaded from versioned YAML files.

Why a data file: the questions, their "why" and the actions they trigger are
written and reviewed by people who know the guides, not by programmers, and each
item must cite its source. Stored assessments refer to a questionnaire version
and to question keys, so every version ever shipped stays loadable: an old
assessment still renders after the content changes (DESIGN.md, "Content is data").

Files live in ``questionnaires/`` and are named ``v<version>.yaml``. A file is
validated completely when loaded; a malformed one raises ContentError naming the
file and the faulty key, so it fails at start-up instead of as a wrong result page.
"""

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from resilience.content import ContentError, check_professions, check_source, check_unique, load_yaml, require_fields

# Answer codes, in the order a form shows them. Stored answers use these codes.
ANSWER_CODES = ("yes", "partial", "no", "unknown", "na")
# Offered for every question: "Je ne sais pas" is always an honest option.
# "partial" and "na" are offered only where a question says so.
ALWAYS_OFFERED = ("yes", "no", "unknown")
ANSWER_LABELS = MappingProxyType(
    {
        "yes": "Oui",
        "partial": "Partiellement",
        "no": "Non",
        "unknown": "Je ne sais pas",
        "na": "Non concerné",
    }
)
MIN_WEIGHT, MAX_WEIGHT = 1, 3

QUESTIONNAIRE_DIR = Path(__file__).resolve().parent / "questionnaires"

_KEY = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")  # snake_case
_URL_NAME = re.compile(r"^[a-z][a-z0-9_]*:[a-z][a-z0-9_-]*$")  # "namespace:name"
_FILE_NAME = re.compile(r"^v([1-9][0-9]*)\.yaml$")


@dataclass(frozen=True)
class Theme:
    """One page of the questionnaire."""

    key: str
    title: str
    intro: str
    order: int


@dataclass(frozen=True)
class Question:
    key: str
    theme: str
    text: str
    why: str
    answers: tuple[str, ...]  # allowed codes, in ANSWER_CODES order
    weight: int
    actions: tuple[str, ...]  # triggered by "no" and "partial"
    unknown_actions: tuple[str, ...]  # triggered by "unknown"
    source: str
    # The professions the question is asked of (e.g. the kiné's bilan); empty: every cabinet.
    professions: tuple[str, ...] = ()

    @property
    def shared(self) -> bool:
        """Asked of every cabinet: the questions URPS comparisons are made on."""
        return not self.professions

    def applies_to(self, profession_codes) -> bool:
        return self.shared or bool(set(self.professions) & set(profession_codes))

    def triggered_actions(self, answer: str) -> tuple[str, ...]:
        """The action keys an answer triggers; "yes" and "na" trigger none."""
        if answer in ("no", "partial"):
            return self.actions
        if answer == "unknown":
            return self.unknown_actions
        return ()


@dataclass(frozen=True)
class Action:
    """A measure of the action plan; `rank` is its fixed priority (lower = first)."""

    key: str
    rank: int
    title: str
    why: str
    how: tuple[str, ...]
    source: str
    link: str | None = None  # a Django URL name; shown only if it resolves


@dataclass(frozen=True)
class Reflex:
    key: str
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class CnilRule:
    text: str
    url: str
    source: str


@dataclass(frozen=True)
class Questionnaire:
    version: int
    title: str
    themes: tuple[Theme, ...]  # by order
    questions: tuple[Question, ...]  # by theme order, then file order
    actions: tuple[Action, ...]  # by rank, then key
    reflexes: tuple[Reflex, ...]
    cnil_rule: CnilRule
    _themes: Mapping = field(init=False, repr=False, compare=False)
    _questions: Mapping = field(init=False, repr=False, compare=False)
    _actions: Mapping = field(init=False, repr=False, compare=False)
    _positions: Mapping = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        # Lookups by key, built once; the object stays immutable.
        object.__setattr__(self, "_themes", MappingProxyType({t.key: t for t in self.themes}))
        object.__setattr__(self, "_questions", MappingProxyType({q.key: q for q in self.questions}))
        object.__setattr__(self, "_actions", MappingProxyType({a.key: a for a in self.actions}))
        positions = {q.key: i for i, q in enumerate(self.questions)}
        object.__setattr__(self, "_positions", MappingProxyType(positions))

    def theme(self, key: str) -> Theme:
        return self._themes[key]

    def question(self, key: str) -> Question:
        return self._questions[key]

    def action(self, key: str) -> Action:
        return self._actions[key]

    def has_question(self, key: str) -> bool:
        return key in self._questions

    def questions_in(self, theme_key: str) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.theme == theme_key)

    def position(self, question_key: str) -> int:
        """Where a question is shown; used to keep sorted lists stable."""
        return self._positions[question_key]

    def for_professions(self, profession_codes) -> "Questionnaire":
        """The questionnaire as a cabinet with these professions is asked it.

        A question meant for other professions is left out, as if it did not exist:
        it is not asked, not scored, triggers no action. Themes left without a
        question disappear. The version stays the same: stored answers still refer
        to it. Every scoring function works unchanged on the result.
        """
        codes = tuple(profession_codes)
        questions = tuple(q for q in self.questions if q.applies_to(codes))
        if len(questions) == len(self.questions):
            return self
        kept_themes = {q.theme for q in questions}
        return Questionnaire(
            version=self.version,
            title=self.title,
            themes=tuple(t for t in self.themes if t.key in kept_themes),
            questions=questions,
            actions=self.actions,
            reflexes=self.reflexes,
            cnil_rule=self.cnil_rule,
        )

    def shared_part(self) -> "Questionnaire":
        """Only the questions asked of every cabinet (see scoring.shared_score)."""
        return self.for_professions(())


# --- Loading and validation ----------------------------------------------------


def load_questionnaire(path) -> Questionnaire:
    """Read and validate one questionnaire file; raise ContentError if malformed."""
    path = Path(path)
    data = load_yaml(path)
    version = _version(data["version"], path)
    require_fields(data, ("title", "themes", "questions", "actions", "reflexes", "cnil_rule"), str(path))
    title = _text(data, "title", str(path))
    themes = _themes(_items(data, "themes", path), path)
    actions = _actions(_items(data, "actions", path), path)
    questions = _questions(_items(data, "questions", path), path, themes, actions)
    reflexes = _reflexes(_items(data, "reflexes", path), path)
    cnil_rule = _cnil_rule(data["cnil_rule"], path)

    for theme in themes.values():
        if not any(q.theme == theme.key for q in questions):
            raise ContentError(f"{path}: theme {theme.key!r} has no question")
    ordered_themes = tuple(sorted(themes.values(), key=lambda t: t.order))
    theme_order = {t.key: i for i, t in enumerate(ordered_themes)}
    ordered_questions = tuple(sorted(questions, key=lambda q: theme_order[q.theme]))  # stable: file order kept
    return Questionnaire(
        version=version,
        title=title,
        themes=ordered_themes,
        questions=ordered_questions,
        actions=tuple(sorted(actions.values(), key=lambda a: (a.rank, a.key))),
        reflexes=reflexes,
        cnil_rule=cnil_rule,
    )


def _version(value, path: Path) -> int:
    # Versions are whole numbers so that "the latest" is unambiguous.
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ContentError(f"{path}: 'version' must be a positive integer, got {value!r}")
    return value


def _items(data: Mapping, name: str, path: Path) -> list:
    value = data[name]
    if not isinstance(value, list):
        raise ContentError(f"{path}: '{name}' must be a list")
    return value


def _where(path: Path, kind: str, index: int, item) -> str:
    key = item.get("key") if isinstance(item, Mapping) else None
    return f"{path}: {kind} {key!r}" if isinstance(key, str) and key else f"{path}: {kind} #{index + 1}"


def _text(item: Mapping, name: str, where: str) -> str:
    value = item.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ContentError(f"{where}: '{name}' must be a non-empty text")
    return value.strip()


def _key(item: Mapping, where: str) -> str:
    key = item.get("key")
    if not isinstance(key, str) or not _KEY.match(key):
        raise ContentError(f"{where}: key must be snake_case, got {key!r}")
    return key


def _int(item: Mapping, name: str, where: str, low: int, high: int | None = None) -> int:
    value = item.get(name)
    ok = isinstance(value, int) and not isinstance(value, bool) and value >= low and (high is None or value <= high)
    if not ok:
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise ContentError(f"{where}: '{name}' must be an integer {bounds}, got {value!r}")
    return value


def _themes(items: list, path: Path) -> dict[str, Theme]:
    themes = {}
    for index, item in enumerate(items):
        where = _where(path, "theme", index, item)
        require_fields(item, ("key", "title", "intro", "order"), where)
        key = _key(item, where)
        if key in themes:
            raise ContentError(f"{path}: themes: duplicate key {key!r}")
        themes[key] = Theme(
            key=key,
            title=_text(item, "title", where),
            intro=_text(item, "intro", where),
            order=_int(item, "order", where, 0),
        )
    if not themes:
        raise ContentError(f"{path}: 'themes' is empty")
    orders = [t.order for t in themes.values()]
    if len(set(orders)) != len(orders):
        raise ContentError(f"{path}: themes: two themes share the same order")
    return themes


def _actions(items: list, path: Path) -> dict[str, Action]:
    actions = {}
    for index, item in enumerate(items):
        where = _where(path, "action", index, item)
        require_fields(item, ("key", "rank", "title", "why", "how", "source"), where)
        key = _key(item, where)
        if key in actions:
            raise ContentError(f"{path}: actions: duplicate key {key!r}")
        how = item["how"]
        if not isinstance(how, list) or not all(isinstance(s, str) and s.strip() for s in how):
            raise ContentError(f"{where}: 'how' must be a list of non-empty texts")
        link = item.get("link")
        if link is not None and not (isinstance(link, str) and _URL_NAME.match(link)):
            raise ContentError(f"{where}: 'link' must be a URL name like 'kit:home', got {link!r}")
        actions[key] = Action(
            key=key,
            rank=_int(item, "rank", where, 1),
            title=_text(item, "title", where),
            why=_text(item, "why", where),
            how=tuple(s.strip() for s in how),
            source=check_source(item["source"], where),
            link=link,
        )
    if not actions:
        raise ContentError(f"{path}: 'actions' is empty")
    return actions


def _questions(items: list, path: Path, themes: Mapping, actions: Mapping) -> list[Question]:
    questions = []
    for index, item in enumerate(items):
        where = _where(path, "question", index, item)
        require_fields(item, ("key", "theme", "text", "why", "answers", "weight", "source"), where)
        key = _key(item, where)
        theme = item["theme"]
        if theme not in themes:
            raise ContentError(f"{where}: unknown theme {theme!r}")
        questions.append(
            Question(
                key=key,
                theme=theme,
                text=_text(item, "text", where),
                why=_text(item, "why", where),
                answers=_answers(item["answers"], where),
                weight=_int(item, "weight", where, MIN_WEIGHT, MAX_WEIGHT),
                actions=_action_refs(item, "actions", where, actions),
                unknown_actions=_action_refs(item, "unknown_actions", where, actions),
                source=check_source(item["source"], where),
                professions=check_professions(item.get("professions"), where),
            )
        )
    if not questions:
        raise ContentError(f"{path}: 'questions' is empty")
    check_unique((q.key for q in questions), f"{path}: questions")
    return questions


def _answers(raw, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list):
        raise ContentError(f"{where}: 'answers' must be a list of answer codes")
    for code in raw:
        if isinstance(code, bool):
            # Bare yes/no are booleans in YAML 1.1; say so rather than "bad code True".
            raise ContentError(f"{where}: answer code {code!r} was read as a boolean; quote it (\"yes\", \"no\")")
        if code not in ANSWER_CODES:
            raise ContentError(f"{where}: bad answer code {code!r} (allowed: {', '.join(ANSWER_CODES)})")
    check_unique(raw, f"{where}: answers")
    missing = [code for code in ALWAYS_OFFERED if code not in raw]
    if missing:
        raise ContentError(f"{where}: answers must offer {', '.join(ALWAYS_OFFERED)}; missing {', '.join(missing)}")
    return tuple(code for code in ANSWER_CODES if code in raw)


def _action_refs(item: Mapping, name: str, where: str, actions: Mapping) -> tuple[str, ...]:
    # Both lists are required: a fragile answer must always lead somewhere.
    raw = item.get(name)
    refs = [raw] if isinstance(raw, str) else raw
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise ContentError(f"{where}: '{name}' must list at least one action key")
    check_unique(refs, f"{where}: {name}")
    for ref in refs:
        if ref not in actions:
            raise ContentError(f"{where}: unknown action {ref!r} in '{name}'")
    return tuple(refs)


def _reflexes(items: list, path: Path) -> tuple[Reflex, ...]:
    reflexes = []
    for index, item in enumerate(items):
        where = _where(path, "reflex", index, item)
        require_fields(item, ("key", "title", "text", "source"), where)
        reflexes.append(
            Reflex(
                key=_key(item, where),
                title=_text(item, "title", where),
                text=_text(item, "text", where),
                source=check_source(item["source"], where),
            )
        )
    check_unique((r.key for r in reflexes), f"{path}: reflexes")
    return tuple(reflexes)


def _cnil_rule(item, path: Path) -> CnilRule:
    where = f"{path}: cnil_rule"
    require_fields(item, ("text", "url", "source"), where)
    url = item["url"]
    if not isinstance(url, str) or not url.startswith("https://"):
        raise ContentError(f"{where}: 'url' must be an https:// URL, got {url!r}")
    return CnilRule(text=_text(item, "text", where), url=url, source=check_source(item["source"], where))


# --- All shipped versions, cached ----------------------------------------------


def load_directory(directory) -> Mapping[int, Questionnaire]:
    """Load every ``v<N>.yaml`` of a directory, keyed by version, oldest first."""
    directory = Path(directory)
    found = {}
    for path in sorted(directory.glob("*.yaml")):
        match = _FILE_NAME.match(path.name)
        if not match:
            raise ContentError(f"{path}: questionnaire files must be named v<version>.yaml")
        questionnaire = load_questionnaire(path)
        if questionnaire.version != int(match.group(1)):
            raise ContentError(
                f"{path}: the file name says version {match.group(1)} but the file says {questionnaire.version}"
            )
        found[questionnaire.version] = questionnaire
    if not found:
        raise ContentError(f"{directory}: no questionnaire file (v1.yaml, v2.yaml…)")
    return MappingProxyType(dict(sorted(found.items())))


@functools.cache
def shipped_questionnaires() -> Mapping[int, Questionnaire]:
    """Every shipped version, loaded and validated once per process.

    All versions are loaded, not only the latest: assessments answered on an
    older version must still render, and a broken old file must fail at start-up.
    """
    return load_directory(QUESTIONNAIRE_DIR)


def get_questionnaire(version: int | str | None = None) -> Questionnaire:
    """The questionnaire of a version (an int or its digits), or the latest for None."""
    loaded = shipped_questionnaires()
    if version is None:
        return loaded[max(loaded)]
    try:
        number = int(version) if not isinstance(version, bool) else None
    except (TypeError, ValueError):
        number = None
    if number not in loaded:
        raise LookupError(f"no questionnaire version {version!r}; available: {sorted(loaded)}")
    return loaded[number]
