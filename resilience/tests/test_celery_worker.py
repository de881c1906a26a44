"""A task goes through a real Redis broker to a real Celery worker process."""

import os
import time

import pytest
from celery import Celery

from resilience.tests.servers import PrivateRedis, start_celery, stop

pytestmark = pytest.mark.worker


@pytest.fixture
def broker():
    server = PrivateRedis()
    server.start()
    yield server.url
    server.stop()


@pytest.fixture
def worker(broker, tmp_path):
    env = {
        **os.environ,
        "REDIS_URL": broker,
        "EMAIL_URL": f"filemail://{tmp_path}",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
    }
    process = start_celery("worker", "--pool=solo", "--loglevel=info", "-n", f"test-worker-{os.getpid()}@%h", env=env)
    yield tmp_path
    stop(process)


def test_an_email_task_is_sent_by_a_real_worker(broker, worker):
    client = Celery("probe", broker=broker, backend=broker, set_as_current=False)
    result = client.send_task(
        "resilience.tasks.send_email",
        args=["Invitation au cabinet", "Bonjour", "no-reply@example.org", ["titulaire@example.org"]],
    )
    assert result.get(timeout=60) == 1
    deadline = time.monotonic() + 10
    while not list(worker.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.1)
    sent = "".join(path.read_text() for path in worker.iterdir())
    assert "Subject: Invitation au cabinet" in sent and "titulaire@example.org" in sent
