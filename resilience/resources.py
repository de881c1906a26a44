"""The « Ressources » page's content: the guides' "pour aller plus loin" links, from a data file.

Each link comes from a seed guide (or an official page) and says so in its
`source`; the file is validated when first read, and a malformed one fails loudly.
A resource written for some professions only (the kinés' register model) carries
them, and a cabinet without those professions is not shown it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from resilience.content import ContentError, check_professions, check_source, check_unique, load_yaml, require_fields

RESOURCES_FILE = Path(__file__).parent / "data" / "resources.yaml"


@dataclass(frozen=True)
class Resource:
    key: str
    title: str
    publisher: str
    text: str
    url: str
    source: str
    professions: tuple[str, ...] = ()  # empty: every profession

    def applies_to(self, profession_codes: Iterable[str]) -> bool:
        return not self.professions or bool(set(self.professions) & set(profession_codes))


@dataclass(frozen=True)
class ResourceGroup:
    key: str
    title: str
    resources: tuple[Resource, ...]


def _resource(item, where: str) -> Resource:
    require_fields(item, ["key"], where)
    where = f"{where} {item['key']!r}"
    require_fields(item, ["title", "publisher", "text", "url", "source"], where)
    if not str(item["url"]).startswith("https://"):
        raise ContentError(f"{where}: url must start with https://, got {item['url']!r}")
    return Resource(
        key=item["key"],
        title=item["title"],
        publisher=item["publisher"],
        text=item["text"],
        url=item["url"],
        source=check_source(item["source"], where),
        professions=check_professions(item.get("professions"), where),
    )


def load_resources(path: Path = RESOURCES_FILE) -> tuple[ResourceGroup, ...]:
    data = load_yaml(path)
    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        raise ContentError(f"{path}: 'groups' must be a non-empty list")
    loaded = []
    for index, group in enumerate(groups):
        where = f"{path}: group #{index + 1}"
        require_fields(group, ["key", "title", "resources"], where)
        if not isinstance(group["resources"], list):
            raise ContentError(f"{where}: 'resources' must be a list")
        resources = tuple(_resource(item, f"{path}: resource") for item in group["resources"])
        loaded.append(ResourceGroup(group["key"], group["title"], resources))
    check_unique([g.key for g in loaded] + [r.key for g in loaded for r in g.resources], f"{path}: keys")
    return tuple(loaded)


@cache
def resource_groups() -> tuple[ResourceGroup, ...]:
    return load_resources(RESOURCES_FILE)


def groups_for(profession_codes: Iterable[str]) -> list[ResourceGroup]:
    """The groups as a cabinet with these professions sees them (empty groups left out)."""
    codes = tuple(profession_codes)
    shown = []
    for group in resource_groups():
        resources = tuple(r for r in group.resources if r.applies_to(codes))
        if resources:
            shown.append(ResourceGroup(group.key, group.title, resources))
    return shown
