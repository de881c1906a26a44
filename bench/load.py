"""Load on gunicorn (2 workers), private PostgreSQL and Redis: steady, then each restarted mid-run.

Everything runs on the loopback and is started here, in a temporary folder:
a PostgreSQL cluster (initdb, run as the `postgres` user when started as
root), a Redis server, and gunicorn with the production configuration
(`gunicorn.conf.py`: gthread workers, preloaded and frozen application) and
`--workers 2`, DEBUG off. Nothing shared is touched; everything is stopped at
the end.

The load is locust's (`bench/locustfile.py`, run headless by the `locust` of
`.venv-bench`, which `make bench` installs from `requirements-bench.txt`):
50 `HttpUser`s with `wait_time = between(1, 3)` following the main journeys —
dashboard, playbooks, kit, emergency contacts, contracts, self-assessment,
incident list, and every other round a new emergency contact (a POST with its
CSRF token). The users are signed in here first, one after the other, and
locust is handed their cookies: PBKDF2 is slow on purpose and the target is
for the journeys, not for signing in.

Phases of `duration` seconds: the baseline (the same users at the same pace on
`/healthz`, a database and a Redis check, no template: what the loaded machine
allows);
steady; PostgreSQL stopped a third of the way through and started again 5 s
later; Redis likewise. The application is
never restarted. For each phase, locust's figures (requests, failures, median,
p95, per page and in all) and when the failures happened. Targets: 0 errors
and p95 < 300 ms when steady; errors only while PostgreSQL is down, then
recovery; no error a user sees when Redis restarts.
"""

from __future__ import annotations

import csv
import http.client
import json
import os
import shutil
import socket
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
DOWN_SECONDS = 5
SPAWN_RATE = 10  # users started per second: the 50 are all running after 5 s


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


def locust_command() -> str:
    """The `locust` of the bench's own environment (`make bench` creates it), else one on the PATH."""
    own = ROOT / ".venv-bench" / "bin" / "locust"
    found = str(own) if own.exists() else shutil.which("locust")
    if found is None:
        raise SystemExit("locust is not installed: run `make bench` (it installs requirements-bench.txt in .venv-bench)")
    return found


def sign_in(port: int, email: str, number: int) -> dict:
    """Sign one person in over HTTP, as a browser would; their cookies and client address for locust."""
    address = f"198.51.100.{number % 250 + 1}"  # each person behind the balancer has an address
    cookies: dict[str, str] = {}

    def request(method, path, body=b"", headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        all_headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Referer": "https://127.0.0.1/",
                       "X-Forwarded-For": address, **(headers or {})}
        if cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        try:
            conn.request(method, path, body=body, headers=all_headers)
            response = conn.getresponse()
            response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    cookies[name] = morsel.value
            return response.status
        finally:
            conn.close()

    request("GET", "/compte/login/")
    body = urlencode({"login": email, "password": PASSWORD, "csrfmiddlewaretoken": cookies.get("csrftoken", "")})
    status = request("POST", "/compte/login/", body.encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    return {"email": email, "address": address, "cookies": cookies, "signed_in": status == 302 and "sessionid" in cookies}


def run_phase(name: str, port: int, folder: Path, users: int, duration: int, event=None, baseline=False) -> dict:
    """Run locust headless for `duration` seconds; `event(t0)` runs in a thread meanwhile (a restart)."""
    slug = name.split()[0].lower()
    prefix, failures = folder / f"locust-{slug}", folder / f"failures-{slug}.txt"
    failures.write_text("")
    env = {**os.environ, "BENCH_LOAD_SESSIONS": str(folder / "sessions.json"), "BENCH_LOAD_FAILURES": str(failures),
           "BENCH_LOAD_BASELINE": "1" if baseline else "0"}
    command = [
        locust_command(), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--host", f"http://127.0.0.1:{port}",
        "--users", str(users), "--spawn-rate", str(SPAWN_RATE), "--run-time", f"{duration}s", "--stop-timeout", "5",
        "--csv", str(prefix), "--only-summary", "--loglevel", "ERROR", "--exit-code-on-error", "0",
    ]
    load_before = os.getloadavg()[0]
    t0 = time.time()
    thread = threading.Thread(target=event, args=(t0,), daemon=True) if event else None
    if thread:
        thread.start()
    completed = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if thread:
        thread.join(30)
    if completed.returncode != 0:
        print(completed.stdout[-2000:], completed.stderr[-4000:], sep="\n")
        raise SystemExit(f"locust stopped with exit code {completed.returncode}")
    with open(f"{prefix}_stats.csv", newline="") as stats_file:
        rows = list(csv.DictReader(stats_file))
    times = [line.split("\t") for line in failures.read_text().splitlines() if line]
    return {"name": name, "rows": rows, "failures": [(float(t) - t0, what, error) for t, what, error in times],
            "load": (load_before, os.getloadavg()[0])}


def _figures(row: dict) -> tuple[int, int, str, str]:
    return int(row["Request Count"]), int(row["Failure Count"]), row["50%"], row["95%"]


def report(result: dict, window=None) -> dict:
    total = next(row for row in result["rows"] if row["Name"] == "Aggregated")
    requests, failures, median, p95 = _figures(total)
    load_before, load_after = result["load"]
    print(f"\n{result['name']}: {requests} requests, {failures} errors, median {median} ms, p95 {p95} ms "
          f"(load average {load_before:.1f} at the start, {load_after:.1f} at the end)")
    for row in sorted((r for r in result["rows"] if r["Name"] != "Aggregated"), key=lambda r: r["Name"]):
        count, failed, page_median, page_p95 = _figures(row)
        print(f"  {row['Type']:>4} {row['Name']:<26} {count:>6} requests {failed:>4} errors  "
              f"median {page_median:>5} ms  p95 {page_p95:>5} ms")
    errors = result["failures"]
    if errors:
        first, last = min(offset for offset, _, _ in errors), max(offset for offset, _, _ in errors)
        kinds = sorted({error for _, _, error in errors})
        print(f"  errors between {first:.1f} s and {last:.1f} s of the phase: {'; '.join(kinds)[:400]}")
    if window:
        down, up = window
        inside = [offset for offset, _, _ in errors if down - 1 <= offset <= up + 5]
        after = [offset for offset, _, _ in errors if offset > up + 5]
        print(f"  stopped at {down:.1f} s, answering again at {up:.1f} s: {len(inside)} errors while down or "
              f"within 5 s after, {len(after)} after that")
    return {"requests": requests, "errors": failures, "median": median, "p95": p95}


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


def main(users: int = 50, duration: int = 60,
         phases: tuple[str, ...] = ("baseline", "steady", "postgresql", "redis")) -> None:
    locust_command()  # fail before starting anything when locust is missing
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
            [sys.executable, "-m", "gunicorn", "-c", os.environ.get("BENCH_GUNICORN_CONFIG", str(ROOT / "gunicorn.conf.py")),
             "-b", f"127.0.0.1:{port}", "--workers", "2", "resilience.wsgi"],
            cwd=ROOT, env=env, stdout=open(folder / "gunicorn.log", "wb"), stderr=subprocess.STDOUT)
        _wait_for_port(port)
        sessions = [sign_in(port, f"charge{n}@example.org", n) for n in range(users)]  # one after the other
        (folder / "sessions.json").write_text(json.dumps(sessions))
        signed = sum(session["signed_in"] for session in sessions)
        if signed < users:
            raise SystemExit(f"only {signed}/{users} users could sign in: see {folder / 'gunicorn.log'}")
        print(f"gunicorn (gunicorn.conf.py, 2 workers) on :{port}, PostgreSQL :{pg.port}, Redis :{redis.port}; "
              f"{signed}/{users} users signed in; locust {users} users, {duration} s per phase, think time 1–3 s "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")

        results = {}
        if "baseline" in phases:
            results["baseline"] = report(run_phase("baseline (/healthz)", port, folder, users, duration, baseline=True))
        if "steady" in phases:
            results["steady"] = report(run_phase("steady", port, folder, users, duration))
        if "baseline" in results and "steady" in results:
            base, steady = results["baseline"], results["steady"]
            print(f"\nsteady against the baseline: median {float(steady['median']) / max(float(base['median']), 1):.1f}×, "
                  f"p95 {float(steady['p95']) / max(float(base['p95']), 1):.1f}×")

        def restart(service):
            window = {}

            def event(t0):
                time.sleep(duration / 3)
                window["down"] = time.time() - t0
                service.stop()
                time.sleep(DOWN_SECONDS)
                service.start()
                window["up"] = time.time() - t0

            return event, window

        restarts = (("PostgreSQL restarted", pg), ("Redis restarted", redis))
        for name, service in (restart for restart in restarts if restart[0].split()[0].lower() in phases):
            event, window = restart(service)
            result = run_phase(name, port, folder, users, duration, event)
            results[name] = report(result, (window.get("down", 0), window.get("up", 0)))
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
