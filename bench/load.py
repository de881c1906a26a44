"""Load on gunicorn (2 workers), private PostgreSQL and Redis: steady, then each restarted mid-run.

Everything runs on the loopback and is started here, in a temporary folder:
a PostgreSQL cluster (initdb, run as the `postgres` user when started as
root), a Redis server, and `gunicorn resilience.wsgi --workers 2` with
DEBUG off. Nothing shared is touched; everything is stopped at the end.

The simulated users are threads of this process (a small stdlib load driver,
in the spirit of locust's HttpUser with `wait_time = between(1, 3)`): each
signs in once, then follows the main journeys — dashboard, playbooks, kit,
emergency contacts, contracts, self-assessment, incident list, and every
fifth round adds an emergency contact (a POST with its CSRF token).

Three phases of `duration` seconds: steady; PostgreSQL stopped a third of the
way through and started again 5 s later; Redis likewise. The application is
never restarted. For each phase: requests, errors (5xx or no answer) and when
they happened, median and p95 latency. Targets: 0 errors and p95 < 300 ms
when steady; errors only while PostgreSQL is down, then recovery; no error a
user sees when Redis restarts.
"""

from __future__ import annotations

import http.client
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-load-password-0123456789"
JOURNEY = ["/tableau-de-bord/", "/incidents/que-faire/", "/kit/", "/contacts/", "/contrats/", "/autodiagnostic/", "/incidents/"]
DOWN_SECONDS = 5


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _pg_bin(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else (shutil.which(name) or name)


class PrivatePostgres:
    def __init__(self, folder: Path):
        self.folder, self.port = folder / "pg", free_port()
        self.folder.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        subprocess.run(_as_postgres([_pg_bin("initdb"), "-D", str(self.folder), "-A", "trust", "-U", "postgres"]),
                       check=True, capture_output=True)
        self.start()

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60"
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.folder), "-o", options, "-l",
                                     str(self.folder / "log"), "-w", "start"]), check=True, capture_output=True)

    def stop(self):
        subprocess.run(_as_postgres([_pg_bin("pg_ctl"), "-D", str(self.folder), "-m", "fast", "-w", "stop"]),
                       check=True, capture_output=True)


class PrivateRedis:
    def __init__(self, folder: Path):
        self.folder, self.port, self.process = folder, free_port(), None
        self.start()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


def _wait_for_port(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


class User:
    """One simulated person: a cookie jar and the journeys."""

    def __init__(self, port, email, number):
        self.port, self.email, self.cookies, self.rounds = port, email, {}, 0
        self.address = f"198.51.100.{number % 250 + 1}"  # each person behind the balancer has an address

    def request(self, method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        all_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Referer": "https://127.0.0.1/",
                       "X-Forwarded-For": self.address}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status
        finally:
            conn.close()

    def post(self, path, data):
        body = urlencode({**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        return self.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})

    def sign_in(self):
        self.request("GET", "/compte/login/")
        return self.post("/compte/login/", {"login": self.email, "password": PASSWORD})

    def one_round(self):
        """The pages of a round, and every fifth round a new emergency contact."""
        self.rounds += 1
        steps = [("GET", path, None) for path in JOURNEY]
        if self.rounds % 5 == 0:
            data = {"kind": "autre", "name": f"Contact {self.rounds}", "phone": "0556000000"}
            steps.insert(4, ("POST", "/contacts/ajouter/", data))
        return steps


class Recorder:
    def __init__(self):
        self.lock, self.samples = threading.Lock(), []  # (start offset, seconds, status or error)

    def add(self, offset, seconds, outcome):
        with self.lock:
            self.samples.append((offset, seconds, outcome))


def run_phase(port, emails, duration, event=None) -> Recorder:
    """`len(emails)` users for `duration` seconds; `event(t0)` runs in its own thread (a restart)."""
    recorder, stop_at = Recorder(), time.monotonic() + duration
    t0 = time.monotonic()

    def user_loop(user):
        while time.monotonic() < stop_at:
            for method, path, data in user.one_round():
                if time.monotonic() >= stop_at:
                    return
                start = time.monotonic()
                try:
                    status = user.post(path, data) if method == "POST" else user.request("GET", path)
                    outcome = status
                except OSError as error:
                    outcome = type(error).__name__
                recorder.add(start - t0, time.monotonic() - start, outcome)
                time.sleep(random.uniform(1, 3))

    threads = [threading.Thread(target=user_loop, args=(user,), daemon=True) for user in emails]
    if event is not None:
        threads.append(threading.Thread(target=event, args=(t0,), daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 60)
    return recorder


def report(title, recorder, window=None):
    samples = recorder.samples
    ok = [seconds for _, seconds, outcome in samples if isinstance(outcome, int) and outcome < 500]
    errors = [(offset, outcome) for offset, _, outcome in samples if not (isinstance(outcome, int) and outcome < 500)]
    unexpected = [s for s in samples if isinstance(s[2], int) and s[2] not in (200, 302) and s[2] < 500]
    p95 = statistics.quantiles(ok, n=20)[-1] if len(ok) >= 20 else float("nan")
    median = statistics.median(ok) if ok else float("nan")
    print(f"\n{title}: {len(samples)} requests, {len(errors)} errors, median {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
    if unexpected:
        print(f"  {len(unexpected)} answers neither 200 nor 302: {sorted({s[2] for s in unexpected})}")
    if errors:
        first, last = min(o for o, _ in errors), max(o for o, _ in errors)
        kinds = sorted({str(outcome) for _, outcome in errors})
        print(f"  errors between {first:.1f} s and {last:.1f} s of the phase: {', '.join(kinds)}")
        if window:
            inside = [o for o, _ in errors if window[0] - 1 <= o <= window[1] + 5]
            print(f"  {len(inside)} of them while the service was down ({window[0]:.1f}–{window[1]:.1f} s) or within 5 s after")
        after = [s for s in samples if window and s[0] > window[1] + 5]
        if window and after:
            bad_after = [s for s in after if not (isinstance(s[2], int) and s[2] < 500)]
            print(f"  after recovery: {len(after)} requests, {len(bad_after)} errors")
    return {"requests": len(samples), "errors": len(errors), "median": median, "p95": p95}


def _summarise_errors(log_path: Path) -> None:
    """The distinct exceptions the application logged, with their counts."""
    lines = log_path.read_text(errors="replace").splitlines()
    counts = {}
    for number, line in enumerate(lines):
        if line.startswith("Traceback"):
            end = next((i for i in range(number + 1, len(lines)) if lines[i] and not lines[i].startswith(" ")), None)
            if end is not None:
                counts[lines[end][:160]] = counts.get(lines[end][:160], 0) + 1
    for message, count in sorted(counts.items(), key=lambda item: -item[1]):
        print(f"  {count:>4} × {message}")


def _django_env(pg, redis) -> dict:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({
        "DATABASE_URL": pg.url, "REDIS_URL": redis.url, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "bench-load-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-0123", "EMAIL_URL": "dummymail://",
        "TRUSTED_PROXY_COUNT": "1",  # as behind the documented load balancer
    })
    return env


CREATE_USERS = """
from allauth.account.models import EmailAddress
from resilience.models import Cabinet, Membership, Role, User
cabinets = list(Cabinet.objects.order_by("pk")[:5])
for n in range({users}):
    user, _ = User.objects.get_or_create(email=f"charge{{n}}@example.org")
    user.set_password("{password}"); user.save()
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={{"verified": True, "primary": True}})
    Membership.objects.get_or_create(user=user, cabinet=cabinets[n % len(cabinets)], defaults={{"role": Role.PRATICIEN}})
"""


def main(users: int = 50, duration: int = 60) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-load-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    pg = redis = server = None
    try:
        pg, redis = PrivatePostgres(folder), PrivateRedis(folder)
        env = _django_env(pg, redis)
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput", "-v", "0"], ["load_demo", "--password", PASSWORD, "--cabinets", "4"],
                        ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
        subprocess.run(manage + ["shell", "-c", CREATE_USERS.format(users=users, password=PASSWORD)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "resilience.wsgi", "-b", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT, env=env, stdout=open(folder / "gunicorn.log", "wb"), stderr=subprocess.STDOUT)
        _wait_for_port(port)
        people = [User(port, f"charge{n}@example.org", n) for n in range(users)]
        signed = sum(person.sign_in() == 302 for person in people)  # one after the other: hashing is slow
        print(f"gunicorn 2 workers on :{port}, PostgreSQL :{pg.port}, Redis :{redis.port}; "
              f"{signed}/{users} users signed in; {duration} s per phase, think time 1–3 s "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

        results = {"steady": report("steady", run_phase(port, people, duration))}

        def restart(service):
            window = {}

            def event(t0):
                time.sleep(duration / 3)
                window["down"] = time.monotonic() - t0
                service.stop()
                time.sleep(DOWN_SECONDS)
                service.start()
                window["up"] = time.monotonic() - t0

            return event, window

        for name, service in (("PostgreSQL restarted", pg), ("Redis restarted", redis)):
            event, window = restart(service)
            recorder = run_phase(port, people, duration, event)
            results[name] = report(name, recorder, (window.get("down", 0), window.get("up", 0)))
        alive = server.poll() is None
        print(f"\ngunicorn still the same process, never restarted: {alive}")
        _summarise_errors(folder / "gunicorn.log")
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if redis is not None:
            redis.stop()
        if pg is not None:
            try:
                pg.stop()
            except subprocess.CalledProcessError:
                pass
        shutil.rmtree(folder, ignore_errors=True)
