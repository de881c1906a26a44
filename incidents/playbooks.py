"""The incident playbooks, loaded from playbooks.yaml into frozen dataclasses.

The playbooks are content, not code: a practitioner can reword a step without a
developer. What the code guarantees is that the file is well formed, checked at
start-up, because a broken playbook discovered during a cyberattack is the worst
possible moment. Every error names the file and the faulty key.

Step keys are unique across *all* playbooks (and across the whole file), since an
incident stores the status of each step by key alone.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from incidents.records import RECORDS
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models.contacts import ContactKind
from resilience.content import ContentError, check_source, check_unique, load_yaml, require_fields

PLAYBOOKS_FILE = Path(__file__).with_name("playbooks.yaml")

# Who usually does a step. The interface shows the label; the key is stored.
ROLE_LABELS = {
    "titulaire": "Titulaire du cabinet",
    "praticien": "Praticien",
    "secretariat": "Secrétariat",
    "tous": "Toute l'équipe",
    "prestataire": "Prestataire informatique",
}
ROLES = frozenset(ROLE_LABELS)
CONTACT_KINDS = frozenset(ContactKind.values)

# The playbooks the rest of the product links to by key (triage, printed kit).
SCENARIO_A = "scenario_a"
SCENARIO_B = "scenario_b"
LOST_DEVICE = "lost_device"
DEGRADED = "degraded"
EXIT = "exit"
REQUIRED_PLAYBOOKS = (SCENARIO_A, SCENARIO_B, DEGRADED, EXIT, LOST_DEVICE)
# The playbooks an incident can be declared under (its scenario); the triage proposes one of them.
SCENARIO_PLAYBOOKS = (SCENARIO_A, SCENARIO_B, LOST_DEVICE)

# Keys end up in URLs, forms and stored rows: keep them boring.
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Step:
    key: str
    text: str
    role: str
    source: str
    detail: str = ""
    recorded_by: str = ""  # a legal record that completes the step (incidents.records.RECORDS)
    call: str = ""  # the kind of emergency contact the step says to call (resilience ContactKind)

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class Playbook:
    key: str
    title: str
    summary: str
    source: str
    steps: tuple[Step, ...]

    def step_keys(self) -> tuple[str, ...]:
        return tuple(step.key for step in self.steps)


@dataclass(frozen=True)
class TriageSign:
    key: str
    text: str
    source: str


@dataclass(frozen=True)
class TriageAnswer:
    key: str
    label: str
    proposes: str  # a playbook key
    detail: str = ""


@dataclass(frozen=True)
class Triage:
    question: str
    source: str
    signs: tuple[TriageSign, ...]
    answers: tuple[TriageAnswer, ...]

    def proposal(self, answer_key: str) -> str:
        """The playbook key proposed for an answer (KeyError if unknown)."""
        for answer in self.answers:
            if answer.key == answer_key:
                return answer.proposes
        raise KeyError(answer_key)


@dataclass(frozen=True)
class HelpLink:
    key: str
    title: str
    url: str
    text: str
    source: str


@dataclass(frozen=True)
class Exemption:
    key: str
    text: str


@dataclass(frozen=True)
class PatientInformation:
    """GDPR art. 34 explained plainly: when to tell patients, and when not."""

    title: str
    intro: str
    exemptions: tuple[Exemption, ...]
    note: str
    source: str


@dataclass(frozen=True)
class PlaybookLibrary:
    version: str
    triage: Triage
    playbooks: tuple[Playbook, ...]
    help_links: tuple[HelpLink, ...]
    patient_information: PatientInformation

    @property
    def reflexes(self):
        """The three reflexes, kept once in the core with the self-assessment's content."""
        return get_questionnaire().reflexes

    def get(self, key: str) -> Playbook:
        for playbook in self.playbooks:
            if playbook.key == key:
                return playbook
        raise KeyError(key)

    def step(self, key: str) -> Step:
        for playbook in self.playbooks:
            for step in playbook.steps:
                if step.key == key:
                    return step
        raise KeyError(key)


def _key(item: dict, where: str) -> str:
    key = item.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        raise ContentError(f"{where}: invalid key {key!r} (lowercase letters, digits and _)")
    return key


def _list(value, where: str) -> list:
    if not isinstance(value, list) or not value:
        raise ContentError(f"{where}: expected a non-empty list")
    return value


def _step(item: dict, where: str) -> Step:
    require_fields(item, ["key"], where)
    key = _key(item, where)
    where = f"{where} {key!r}"
    require_fields(item, ["text", "role", "source"], where)
    if not isinstance(item["role"], str) or item["role"] not in ROLES:
        raise ContentError(f"{where}: unknown role {item['role']!r} (expected one of {', '.join(sorted(ROLES))})")
    recorded_by, call = item.get("recorded_by") or "", item.get("call") or ""
    if recorded_by and recorded_by not in RECORDS:
        raise ContentError(f"{where}: unknown record {recorded_by!r} (expected one of {', '.join(sorted(RECORDS))})")
    if call and call not in CONTACT_KINDS:
        raise ContentError(f"{where}: unknown contact kind {call!r} (expected one of {', '.join(sorted(CONTACT_KINDS))})")
    return Step(
        key=key,
        text=item["text"],
        role=item["role"],
        source=check_source(item["source"], where),
        detail=item.get("detail") or "",
        recorded_by=recorded_by,
        call=call,
    )


def _playbook(item: dict, where: str) -> Playbook:
    require_fields(item, ["key"], where)
    key = _key(item, where)
    where = f"{where} {key!r}"
    if not item.get("steps"):
        raise ContentError(f"{where}: the playbook has no steps")
    require_fields(item, ["title", "summary", "source"], where)
    steps = tuple(_step(step, f"{where}, step") for step in _list(item["steps"], where))
    return Playbook(
        key=key,
        title=item["title"],
        summary=item["summary"],
        source=check_source(item["source"], where),
        steps=steps,
    )


def _triage(item, where: str, playbook_keys: set[str]) -> Triage:
    require_fields(item, ["question", "source", "signs", "answers"], where)
    signs = []
    for sign in _list(item["signs"], f"{where} signs"):
        require_fields(sign, ["key"], f"{where} sign")
        sign_where = f"{where} sign {_key(sign, f'{where} sign')!r}"
        require_fields(sign, ["text", "source"], sign_where)
        signs.append(TriageSign(sign["key"], sign["text"], check_source(sign["source"], sign_where)))
    answers = []
    for answer in _list(item["answers"], f"{where} answers"):
        require_fields(answer, ["key"], f"{where} answer")
        answer_where = f"{where} answer {_key(answer, f'{where} answer')!r}"
        require_fields(answer, ["label", "proposes"], answer_where)
        if answer["proposes"] not in playbook_keys:
            raise ContentError(f"{answer_where}: proposes unknown playbook {answer['proposes']!r}")
        if answer["proposes"] not in SCENARIO_PLAYBOOKS:
            raise ContentError(f"{answer_where}: proposes {answer['proposes']!r}, which is not a scenario playbook")
        answers.append(TriageAnswer(answer["key"], answer["label"], answer["proposes"], answer.get("detail") or ""))
    proposed = {answer.proposes for answer in answers}
    if not {SCENARIO_A, SCENARIO_B} <= proposed:
        raise ContentError(f"{where}: the answers must lead to both {SCENARIO_A!r} and {SCENARIO_B!r}")
    return Triage(item["question"], check_source(item["source"], where), tuple(signs), tuple(answers))


def _help_link(item: dict, where: str) -> HelpLink:
    require_fields(item, ["key"], where)
    where = f"{where} {_key(item, where)!r}"
    require_fields(item, ["title", "url", "text", "source"], where)
    if not str(item["url"]).startswith("https://"):
        raise ContentError(f"{where}: url must start with https://, got {item['url']!r}")
    return HelpLink(item["key"], item["title"], item["url"], item["text"], check_source(item["source"], where))


def _patient_information(item, where: str) -> PatientInformation:
    require_fields(item, ["title", "intro", "exemptions", "note", "source"], where)
    exemptions = []
    for exemption in _list(item["exemptions"], f"{where} exemptions"):
        require_fields(exemption, ["key"], f"{where} exemption")
        exemption_where = f"{where} exemption {_key(exemption, f'{where} exemption')!r}"
        require_fields(exemption, ["text"], exemption_where)
        exemptions.append(Exemption(exemption["key"], exemption["text"]))
    return PatientInformation(
        title=item["title"],
        intro=item["intro"],
        exemptions=tuple(exemptions),
        note=item["note"],
        source=check_source(item["source"], where),
    )


def load_playbooks(path: Path = PLAYBOOKS_FILE) -> PlaybookLibrary:
    """Read and validate a playbooks file; raise ContentError on any defect."""
    data = load_yaml(path)  # refuses a file without a version
    where = str(path)
    require_fields(data, ["triage", "playbooks", "help"], where)

    playbooks = tuple(_playbook(item, f"{where}: playbook") for item in _list(data["playbooks"], f"{where}: playbooks"))
    check_unique((p.key for p in playbooks), f"{where}: playbooks")
    missing = [key for key in REQUIRED_PLAYBOOKS if key not in {p.key for p in playbooks}]
    if missing:
        raise ContentError(f"{where}: missing playbook {', '.join(map(repr, missing))}")
    check_unique((s.key for p in playbooks for s in p.steps), f"{where}: steps (across all playbooks)")

    triage = _triage(data["triage"], f"{where}: triage", {p.key for p in playbooks})
    help_section = data["help"]
    require_fields(help_section, ["links", "patient_information"], f"{where}: help")
    links = tuple(_help_link(item, f"{where}: help link") for item in _list(help_section["links"], f"{where}: help"))
    patient_information = _patient_information(help_section["patient_information"], f"{where}: help patient_information")

    # One namespace for every key of the file, so a key never means two things.
    check_unique(
        [p.key for p in playbooks]
        + [s.key for p in playbooks for s in p.steps]
        + [s.key for s in triage.signs]
        + [a.key for a in triage.answers]
        + [link.key for link in links]
        + [e.key for e in patient_information.exemptions],
        f"{where}: keys",
    )
    return PlaybookLibrary(
        version=str(data["version"]),
        triage=triage,
        playbooks=playbooks,
        help_links=links,
        patient_information=patient_information,
    )


@cache
def get_playbooks() -> PlaybookLibrary:
    """The product's playbooks, read once per process."""
    return load_playbooks(PLAYBOOKS_FILE)
