"""The addresses of an incident's pages (`resilience.navigation.url_with_id`: reversed once per process)."""

from resilience.navigation import url_with_id

# The incident page's links: {{ urls.scenario }} is {% url 'incidents:scenario' incident.pk %}.
DETAIL_LINKS = ("scenario", "awareness", "personal_data", "declarations", "decision", "status", "catchup", "report", "close", "reopen", "note", "journal")


def detail_links(incident_id: int) -> dict[str, str]:
    return {name: url_with_id(f"incidents:{name}", incident_id) for name in DETAIL_LINKS}
