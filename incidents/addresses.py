"""The addresses of an incident's pages, reversed once per process (as `resilience.navigation.url_of` does).

The incident page links to a dozen pages of its incident: each `{% url %}` tag cost ~0.05 ms of
resolving. The address of each URL name is reversed once with a marker id, then the marker is
replaced by the incident's id: the same text `reverse` gives.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

MARKER = "730491113"  # an id no incident has yet, and no fixed part of an address holds


def incident_url(url_name: str, incident_id: int) -> str:
    return _pattern(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF).replace(MARKER, str(int(incident_id)))


@lru_cache(maxsize=64)
def _pattern(url_name: str, script_prefix: str, urlconf: str) -> str:
    address = reverse(url_name, args=[int(MARKER)], urlconf=urlconf)
    if address.count(MARKER) != 1:
        raise ValueError(f"{url_name}: the marker must appear once in {address}")
    return address


# The incident page's links: {{ urls.scenario }} is {% url 'incidents:scenario' incident.pk %}.
DETAIL_LINKS = ("scenario", "awareness", "personal_data", "declarations", "decision", "status", "catchup", "report", "close", "reopen", "note", "journal")


def detail_links(incident_id: int) -> dict[str, str]:
    return {name: incident_url(f"incidents:{name}", incident_id) for name in DETAIL_LINKS}
