import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_broker(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:6379/1"
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "status": "ok"}


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["broker"] == "error"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from resilience.views import health

    monkeypatch.setattr(health, "_database_ok", lambda: False)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503 and response.json()["database"] == "error"


def test_without_redis_tasks_run_in_process(client, settings):
    settings.REDIS_URL = ""
    assert client.get(reverse("healthz")).json()["broker"] == "in-process"
