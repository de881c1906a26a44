"""A task goes through a real Redis broker to a real Celery worker process."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from celery import Celery

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_WORKER_REDIS_URL", "redis://127.0.0.1:6379/2")

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(tmp_path):
    redis.Redis.from_url(BROKER).flushdb()
    env = {
        **os.environ,
        "REDIS_URL": BROKER,
        "EMAIL_URL": f"filemail://{tmp_path}",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "resilience", "worker", "--pool=solo", "--loglevel=info", "-n", "test-worker@%h"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield tmp_path
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_an_email_task_is_sent_by_a_real_worker(worker):
    client = Celery("probe", broker=BROKER, backend=BROKER)
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
