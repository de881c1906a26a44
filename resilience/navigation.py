"""The navigation registry.

The core owns the menu; each app adds its own area from `AppConfig.ready`
(the way Django's admin registers models), so the menu shows only what
exists and `resilience` imports none of the apps.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from resilience.models import Role


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url_name: str
    order: int
    roles: frozenset | None = None  # None: every member
    urgent: bool = False  # shown as a button beside the brand, one tap on a phone
    # "cabinet": an occasional page about the cabinet itself, listed in the cabinet's menu so that the
    # main bar stays on one line on a laptop. "": a main entry.
    group: str = ""

    def visible_to(self, role) -> bool:
        return self.roles is None or role in self.roles

    @property
    def url(self) -> str:
        return url_of(self.url_name)


def url_of(url_name: str) -> str:
    """The address of a URL name without arguments, reversed once per process (the menu shows ~20 on every page)."""
    return _reversed(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


ID_MARKER = "730491113"  # an id no object has yet, and no fixed part of an address holds


def url_with_id(url_name: str, object_id: int) -> str:
    """The address of a URL name taking one id, as `reverse(url_name, args=[object_id])` gives it.

    Reversed once per process with a marker id, the marker then replaced by the object's id: a page
    listing objects links to each without resolving the URL name each time (~0.05 ms a `reverse`).
    """
    return _with_marker(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF).replace(ID_MARKER, str(int(object_id)))


@lru_cache(maxsize=256)
def _with_marker(url_name: str, script_prefix: str, urlconf: str) -> str:
    address = reverse(url_name, args=[int(ID_MARKER)], urlconf=urlconf)
    if address.count(ID_MARKER) != 1:
        raise ValueError(f"{url_name}: the marker must appear once in {address}")
    return address


@lru_cache(maxsize=256)
def _reversed(url_name: str, script_prefix: str, urlconf: str) -> str:
    return reverse(url_name, urlconf=urlconf)


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.key] = item


def items_for(role, group: str = "") -> list[NavItem]:
    """The menu entries of a role in one group (urgent actions are shown apart, see `urgent_for`)."""
    return sorted(
        (item for item in _items.values() if item.visible_to(role) and not item.urgent and item.group == group),
        key=lambda item: item.order,
    )


def urgent_for(role) -> list[NavItem]:
    return sorted((item for item in _items.values() if item.visible_to(role) and item.urgent), key=lambda item: item.order)


def register_core_items():
    register(NavItem("dashboard", _("Tableau de bord"), "resilience:dashboard", 0))
    register(NavItem("assessment", _("Autodiagnostic"), "resilience:assessment_home", 10))
    register(NavItem("contacts", _("Contacts d'urgence"), "resilience:contacts", 70))
    register(NavItem("resources", _("Ressources"), "resilience:resources", 75))
    register(NavItem("members", _("Équipe"), "resilience:members", 80, group="cabinet"))
    register(
        NavItem("cabinet", _("Réglages du cabinet"), "resilience:cabinet_settings", 90, frozenset({Role.TITULAIRE}), group="cabinet")
    )
    register(NavItem("history", _("Historique"), "resilience:history", 95, frozenset({Role.TITULAIRE}), group="cabinet"))
