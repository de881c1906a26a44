"""Real server processes for the tests: gunicorn, Celery workers, a private Redis.

Each gunicorn has one worker, on a free port of the loopback, on the test
database, with DEBUG off and no REDIS_URL: exactly the setting where anything
kept in one process's memory would show. A Celery worker runs on the test
database too. A private redis-server (a free port, nothing on disk) is a broker
a test may stop and start, and that no other test process shares.
"""

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, timeout=60, step=0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def database_url() -> str:
    """The test database the pytest process uses, as a URL for the servers."""
    settings = connection.settings_dict
    user, host, port = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def server_environment(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        {
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "server-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "dummymail://",
        }
    )
    env.update(overrides)
    return env


def start_gunicorn(port: int, workers: int = 1, env: dict | None = None, log_path: Path | None = None):
    log = open(log_path, "wb") if log_path else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "resilience.wsgi", "-b", f"127.0.0.1:{port}", "--workers", str(workers),
         "--access-logfile", "-"],
        cwd=ROOT,
        env=env or server_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn on port {port} stopped at start-up")
        try:
            status = Browser(port).get("/healthz").status
            if status in (200, 503):
                return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"gunicorn on port {port} did not answer")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def start_celery(*command, env: dict):
    """`celery -A resilience <command>` in a process of its own (a worker: "worker", "--pool=solo", …)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "resilience", *command],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


class PrivateRedis:
    """A redis-server of the test's own, on a free port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(self._up, 10)

    def _up(self):
        try:
            return redis.Redis.from_url(self.url).ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Browser:
    """A minimal HTTP client with a cookie jar, speaking to one server as if behind the TLS load balancer."""

    port: int
    cookies: dict = field(default_factory=dict)

    def request(self, method, path, body=b"", headers=None) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        all_headers = {
            "Host": "127.0.0.1",
            "X-Forwarded-Proto": "https",  # the load balancer terminated TLS
            "Referer": "https://127.0.0.1/",
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        all_headers.update(headers or {})
        conn.request(method, path, body=body, headers=all_headers)
        raw = conn.getresponse()
        response = Response(raw.status, raw.headers, raw.read())
        conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path) -> Response:
        return self.request("GET", path)

    def post(self, path, data=None) -> Response:
        if "csrftoken" not in self.cookies:
            self.get("/compte/login/")
        body = urlencode({**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})
