"""Offline use: the service worker served from the root, the manifest, the member's pages."""

import json

import pytest
from django.urls import reverse

from incidents.models import Status
from incidents.tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_for_anyone(client):
    response = client.get("/incidents/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    config = json.loads(body.split("\n", 1)[0].removeprefix("self.OFFLINE_CONFIG = ").rstrip(";"))
    assert config["pagesUrl"] == reverse("incidents:offline_pages")
    assert any(url.startswith("/static/vendor/bootstrap/css/bootstrap.min.") for url in config["precache"])
    assert config["pagePatterns"] == ["^/incidents/que-faire/", "^/contacts/$", "^/tableau-de-bord/$", r"^/incidents/\d+/$"]
    assert config["aliases"] == {"/": "/tableau-de-bord/"}
    assert 'request.method !== "GET"' in body  # never a POST


def test_the_member_pages_are_the_playbooks_the_contacts_and_open_incidents_only(team):
    open_incident = IncidentFactory(cabinet=team.cabinet)
    closed = IncidentFactory(cabinet=team.cabinet, status=Status.CLOSED, closed_at=open_incident.aware_at)
    elsewhere = IncidentFactory(cabinet=team.other_cabinet)
    response = team.client_for(team.secretary).get(reverse("incidents:offline_pages"))
    urls = response.json()["urls"]
    assert reverse("incidents:playbook", args=["scenario_b"]) in urls and reverse("resilience:contacts") in urls
    assert reverse("resilience:dashboard") in urls  # the page opened first, kept for offline use
    assert reverse("incidents:detail", args=[open_incident.pk]) in urls
    assert reverse("incidents:detail", args=[closed.pk]) not in urls and reverse("incidents:detail", args=[elsewhere.pk]) not in urls
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_every_page_links_the_manifest_and_registers_the_worker_only_when_signed_in(client, team):
    anonymous = client.get(reverse("account_login")).content.decode()
    assert 'rel="manifest"' in anonymous and 'data-member=""' in anonymous  # the script forgets the copies
    signed_in = team.client_for(team.secretary).get(reverse("resilience:contacts")).content.decode()
    assert f'data-member="{team.secretary.pk}-{team.cabinet.pk}"' in signed_in
    assert 'data-worker="/incidents/sw.js"' in signed_in


def test_the_manifest_is_installable():
    from django.contrib.staticfiles import finders

    manifest = json.loads(open(finders.find("incidents/manifest.webmanifest"), encoding="utf-8").read())
    assert manifest["scope"] == "/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
