"""The export zip is built off the request: asked, prepared by a task, stored in the database, downloaded, expired."""

import importlib
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.apps import apps
from django.template.defaultfilters import filesizeformat
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from resilience.models import DeliveryStatus, Reminder
from resilience.portability import archives, export as export_module, models as export_models
from resilience.portability.models import CabinetExport, ExportPart, ExportStatus
from resilience.portability.tables import tables
from resilience.tests.factories import EmergencyContactFactory

pytestmark = pytest.mark.django_db
URL = reverse("resilience:cabinet_export")
STATE_URL = reverse("resilience:cabinet_export_state")


def download_url(export):
    return reverse("resilience:cabinet_export_download", args=[export.pk])


def ask(client, execute=True):
    with TestCase.captureOnCommitCallbacks(execute=execute):
        response = client.post(URL)
    assert response.status_code == 302 and response["Location"] == URL


def test_asking_queues_the_build_and_the_page_polls_until_the_zip_is_ready(team):
    EmergencyContactFactory(cabinet=team.cabinet, name="Assureur Mutuel")
    client = team.client_for(team.titulaire)
    with TestCase.captureOnCommitCallbacks(execute=False) as queued:
        client.post(URL)
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    assert export.status == ExportStatus.PENDING and export.requested_by == team.titulaire
    assert len(queued) == 1  # the task goes to the broker once the request has committed

    page = client.get(URL).content.decode()
    assert "Fichier en préparation…" in page
    assert f'hx-get="{STATE_URL}"' in page and 'hx-trigger="every 3s"' in page
    # A second click while it is being prepared queues nothing more.
    ask(client, execute=False)
    assert CabinetExport.objects.filter(cabinet=team.cabinet).count() == 1

    for callback in queued:  # what the worker does
        callback()
    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.size > 0
    assert export.expires_at == export.finished_at + timedelta(days=7)
    assert ExportPart.objects.filter(export=export).exists()

    fragment = client.get(STATE_URL)
    assert fragment["Cache-Control"] == "private, no-store"
    html = fragment.content.decode()
    assert "hx-get" not in html  # polling stops
    assert f"Télécharger ({filesizeformat(export.size)})" in html  # French units: « 12,1 Kio »
    assert "disponible jusqu'au" in html
    assert download_url(export) in html

    # The requester is told in the bell (and, unless read by then, in the daily email).
    notification = Reminder.objects.get(cabinet=team.cabinet, kind=archives.NOTIFICATION_KIND)
    assert notification.recipient == team.titulaire and notification.status == DeliveryStatus.PENDING
    assert notification.url == URL
    assert "prêtes à télécharger" in client.get(reverse("resilience:notifications")).content.decode()

    response = client.get(download_url(export))
    assert response["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    contacts = json.loads(archive.read("donnees/resilience.emergencycontact.json"))
    assert [contact["name"] for contact in contacts] == ["Assureur Mutuel"]
    notification.refresh_from_db()
    assert notification.read_at is not None and notification.status == DeliveryStatus.IN_APP  # no email about it now


def test_the_zip_is_stored_in_parts_and_comes_back_byte_for_byte(team, monkeypatch):
    monkeypatch.setattr(export_models, "PART_SIZE", 4096)
    monkeypatch.setattr(archives, "PART_SIZE", 4096)
    client = team.client_for(team.titulaire)
    ask(client)
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    stored = list(ExportPart.objects.filter(export=export).order_by("number").values_list("data", flat=True))
    assert len(stored) >= 2 and all(len(part) == 4096 for part in stored[:-1])
    content = b"".join(client.get(download_url(export)).streaming_content)
    assert content == b"".join(bytes(part) for part in stored) and len(content) == export.size
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None


def test_another_cabinets_export_is_a_404(team):
    ask(team.client_for(team.titulaire))
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    outsider = team.client_for(team.outsider)
    assert outsider.get(download_url(export)).status_code == 404
    session = outsider.session
    session["cabinet_id"] = team.cabinet.pk  # a forged choice of cabinet is not trusted
    session.save()
    assert outsider.get(download_url(export)).status_code == 404
    assert outsider.get(STATE_URL).context["state"] == "none"


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_only_a_titulaire_asks_follows_and_downloads(team, role):
    ask(team.client_for(team.titulaire))
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    client = team.client_for(getattr(team, role))
    for url in (URL, STATE_URL, download_url(export)):
        assert client.get(url).status_code == 403
    assert client.post(URL).status_code == 403
    assert CabinetExport.objects.count() == 1


def test_after_seven_days_the_zip_is_gone(team):
    client = team.client_for(team.titulaire)
    ask(client)
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    assert archives.purge_expired() == 0
    later = timezone.now() + timedelta(days=7, minutes=1)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        client = team.client_for(team.titulaire)  # the first session has expired by then
        assert client.get(download_url(export)).status_code == 404
        assert client.get(URL).context["state"] == "none"
        assert archives.purge_expired() == 1
    assert not CabinetExport.objects.filter(pk=export.pk).exists()
    assert not ExportPart.objects.filter(export_id=export.pk).exists()


def test_a_build_that_fails_or_is_lost_shows_as_failed_and_can_be_asked_again(team, monkeypatch):
    client = team.client_for(team.titulaire)

    def broken(tenant, fileobj):
        raise RuntimeError("disk full")

    monkeypatch.setattr(archives, "write_export", broken)
    ask(client)
    assert CabinetExport.objects.get(cabinet=team.cabinet).status == ExportStatus.FAILED
    assert "n'a pas abouti" in client.get(URL).content.decode()

    monkeypatch.setattr(archives, "write_export", export_module.write_export)
    ask(client, execute=False)  # the broker lost it: an hour later it is given up
    lost = CabinetExport.objects.filter(cabinet=team.cabinet).first()
    CabinetExport.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    assert archives.build(lost.pk) == "skipped"
    assert client.get(URL).context["state"] == "failed"
    archives.purge_expired()
    assert CabinetExport.objects.get(pk=lost.pk).status == ExportStatus.FAILED
    ask(client)
    assert client.get(URL).context["state"] == "ready"


def test_a_task_delivered_twice_builds_once(team):
    ask(team.client_for(team.titulaire), execute=False)
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    assert archives.build(export.pk) == "ready"
    assert archives.build(export.pk) == "skipped"
    assert ExportPart.objects.filter(export=export, number=0).count() == 1


def test_the_export_is_not_part_of_the_cabinets_data():
    labels = {table.label for table in tables()}
    assert "resilience.cabinetexport" not in labels and "resilience.exportpart" not in labels


def test_the_hourly_purge_is_scheduled():
    migration = importlib.import_module("resilience.migrations.0010_cabinet_exports")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(task="portability.purge_expired_exports")
    assert task.enabled and task.crontab.minute == "47" and task.crontab.hour == "*"
