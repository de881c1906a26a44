"""The export zip is built by a real Celery worker process, through a real Redis broker, into the real database."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from resilience.portability.models import CabinetExport, ExportStatus

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    """A worker on the test process's own broker (REDIS_URL) and test database."""
    database = connection.settings_dict
    credentials = quote(database["USER"]) + (f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else "")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{credentials}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        "EMAIL_URL": "dummymail://",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "resilience", "worker", "--pool=solo", "--loglevel=warning",
         "-Q", "celery", "-n", f"export-worker-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


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
