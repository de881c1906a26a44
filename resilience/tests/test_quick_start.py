"""The quick start as a newcomer runs it: `runserver` with DEBUG on, on a SQLite file, demo data loaded.

Several signed-in people (and the offline helper's parallel fetches) send requests at once: none may
fail with « database is locked ». And the console shows requests, warnings and errors only, never
the DEBUG output of libraries.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "quick-start-demo-2026"
PAGES = ["/tableau-de-bord/", "/kit/", "/incidents/que-faire/", "/contrats/", "/contacts/", "/autodiagnostic/"]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def quick_start(tmp_path_factory):
    """`make run`'s steps on a temporary SQLite file; yields the base URL and the server's console."""
    folder = tmp_path_factory.mktemp("quick_start")
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}", PYTHONUNBUFFERED="1")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([*manage, "load_demo", "--password", PASSWORD], env=env, cwd=ROOT, check=True, capture_output=True)
    port = free_port()
    console = folder / "console.log"
    with console.open("wb") as output:
        server = subprocess.Popen(
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT, stdout=output, stderr=output
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise AssertionError("the quick-start server did not start:\n" + console.read_text())
                time.sleep(0.3)
        yield base, console
    finally:
        server.terminate()
        server.wait(10)


class Browser:
    """A signed-in person: cookies kept, CSRF token read from the forms, redirects followed."""

    def __init__(self, base, email):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        page = self.get("/compte/login/")[1]
        status, page = self.post("/compte/login/", {"login": email, "password": PASSWORD}, page)
        assert "/tableau-de-bord/" in self.last_url, (status, page[:500])

    def request(self, path, data=None):
        request = urllib.request.Request(self.base + path, data=data, headers={"Referer": self.base + path})
        try:
            with self.opener.open(request, timeout=60) as response:
                self.last_url = response.url
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def get(self, path):
        return self.request(path)

    def post(self, path, fields, form_page):
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page).group(1)
        return self.request(path, urllib.parse.urlencode({**fields, "csrfmiddlewaretoken": token}).encode())


def test_concurrent_requests_on_sqlite_never_fail(quick_start):
    base, console = quick_start
    people = [Browser(base, "demo@example.org"), Browser(base, "secretariat@example.org")]
    forms = {id(person): person.get("/contacts/ajouter/")[1] for person in people}

    def work(n):
        person = people[n % 2]
        if n % 3 == 0:  # a write: a new emergency contact
            fields = {"kind": "other", "name": f"Contact {n}", "phone": f"05 56 00 {n:02d} 00"}
            return person.post("/contacts/ajouter/", fields, forms[id(person)])
        return person.get(PAGES[n % len(PAGES)])

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(48)))

    failures = [(status, page[:300]) for status, page in results if status >= 500]
    assert not failures, failures
    assert all(status == 200 for status, _ in results), [status for status, _ in results]
    contacts = people[0].get("/contacts/")[1]
    assert all(f"Contact {n}" in contacts for n in range(0, 48, 3))
    assert "database is locked" not in console.read_text()


def test_the_console_shows_requests_and_warnings_but_no_library_debug_lines(quick_start):
    base, console = quick_start
    person = Browser(base, "demo@example.org")
    before = len(console.read_text())
    for path in PAGES:
        assert person.get(path)[0] == 200
    assert person.get("/favicon.ico")[0] == 200  # redirected to the static file: no 404 logged
    time.sleep(0.5)
    lines = console.read_text()[before:].splitlines()
    assert any('"GET /kit/ HTTP/1.1" 200' in line for line in lines), lines
    noisy = [line for line in lines if line.startswith("DEBUG") or "No hostname was supplied" in line]
    assert not noisy, noisy
    assert not [line for line in lines if "Not Found" in line], lines
    assert not [line for line in lines if re.search(r"\(\d+\.\d+\) (SELECT|INSERT|UPDATE)", line)], lines
