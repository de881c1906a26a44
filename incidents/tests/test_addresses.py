"""The incident's addresses reversed once per process are the addresses `reverse` gives, for any id."""

import pytest
from django.urls import reverse

from incidents.addresses import DETAIL_LINKS, detail_links
from incidents.models import Status
from incidents.tests.factories import IncidentFactory


@pytest.mark.parametrize("incident_id", [1, 7, 42, 730491113, 2**31 - 1])
def test_every_link_of_the_incident_page_is_reverse_s(incident_id):
    assert detail_links(incident_id) == {name: reverse(f"incidents:{name}", args=[incident_id]) for name in DETAIL_LINKS}


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.OPEN, Status.CLOSED])
def test_the_incident_page_links_to_its_incident_s_pages(team, status):
    from django.utils import timezone

    incident = IncidentFactory(cabinet=team.cabinet, status=status, closed_at=timezone.now() if status == Status.CLOSED else None)
    page = team.client_for(team.titulaire).get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    shown = ["declarations", "catchup", "report", "journal"] + (
        ["scenario", "awareness", "personal_data", "status", "close", "note"] if status == Status.OPEN else ["reopen"]
    )
    for name in shown:
        assert f'"{reverse(f"incidents:{name}", args=[incident.pk])}"' in page, name
