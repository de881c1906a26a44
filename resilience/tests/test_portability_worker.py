"""The export zip is built by a real Celery worker process, through a real Redis broker, into the real database."""

import os
import time

import pytest
from django.conf import settings
from django.urls import reverse

from resilience.portability.models import CabinetExport, ExportStatus
from resilience.tests.servers import database_url, start_celery, stop

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """A worker on the test process's own broker (REDIS_URL) and test database."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        "EMAIL_URL": "dummymail://",
    }
    process = start_celery(
        "worker", "--pool=solo", "--loglevel=warning", "-Q", "celery", "-n", f"export-worker-{os.getpid()}@%h", env=env
    )
    yield process
    stop(process)


def test_a_real_worker_builds_the_zip_the_page_then_offers(team, worker):
    from resilience.celery import app

    app.conf.task_always_eager = False  # through the broker, to the worker (the autouse fixture resets it)
    client = team.client_for(team.titulaire)
    assert client.post(reverse("resilience:cabinet_export")).status_code == 302
    export = CabinetExport.objects.get(cabinet=team.cabinet)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status not in (ExportStatus.PENDING, ExportStatus.BUILDING):
            break
        time.sleep(0.5)
    assert export.status == ExportStatus.READY and export.size > 0
    page = client.get(reverse("resilience:cabinet_export")).content.decode()
    assert reverse("resilience:cabinet_export_download", args=[export.pk]) in page
