"""The national numbers every cabinet's contact sheet starts with (a data file)."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resilience.content import check_source, check_unique, load_yaml, require_fields

NATIONAL_CONTACTS_FILE = Path(__file__).parent / "data" / "national_contacts.yaml"


@dataclass(frozen=True)
class NationalContact:
    key: str
    name: str
    role: str
    phone: str
    url: str
    source: str


@cache
def national_contacts() -> tuple[NationalContact, ...]:
    data = load_yaml(NATIONAL_CONTACTS_FILE)
    entries = data.get("contacts") or []
    check_unique((entry.get("key") for entry in entries), str(NATIONAL_CONTACTS_FILE))
    contacts = []
    for entry in entries:
        where = f"{NATIONAL_CONTACTS_FILE}: {entry.get('key')}"
        require_fields(entry, ["key", "name", "role", "url", "source"], where)
        check_source(entry["source"], where)
        contacts.append(NationalContact(entry["key"], entry["name"], entry["role"], entry.get("phone", ""), entry["url"], entry["source"]))
    return tuple(contacts)
