"""The users of `python -m bench load`, run by locust: signed-in members following the main journeys.

Started by `bench/load.py` (`locust --headless -f bench/locustfile.py …`), never on its own:
- `BENCH_LOAD_SESSIONS`: a JSON file of the users' cookies (session, csrftoken) and
  client addresses, written after the sign-ins (PBKDF2 is slow on purpose: signing
  in is not what this benchmark measures);
- `BENCH_LOAD_FAILURES`: a file where each failed request is written as one line
  (epoch seconds, name, error), so the bench can tell when the errors happened.

A user opens dashboard → playbooks → kit → contacts → contracts → self-assessment
→ incidents, thinking 1 to 3 s before each page, and every other round adds an
emergency contact from the contacts page (a POST with the CSRF token). With
`BENCH_LOAD_BASELINE=1` the same users open `/healthz` (a database and a Redis
check, no session, no template) at the same pace instead: the baseline of the
run. A page is a failure unless it answers 200 (a redirect would mean the
session was lost); the POST must redirect.
"""

import itertools
import json
import os
import threading

from locust import HttpUser, SequentialTaskSet, between, events

JOURNEY = [
    "/tableau-de-bord/",
    "/incidents/que-faire/",
    "/kit/",
    "/contacts/",
    "/contrats/",
    "/autodiagnostic/",
    "/incidents/",
]
POST_EVERY = 2  # a round takes ~15 s: every other round, so that each user posts in a 60-s phase

_sessions = json.loads(open(os.environ["BENCH_LOAD_SESSIONS"]).read()) if "BENCH_LOAD_SESSIONS" in os.environ else []
_next_session = itertools.count()
_failures_lock = threading.Lock()


@events.request.add_listener
def record_failure(request_type, name, response_time, response_length, exception=None, start_time=None, **kwargs):
    if exception is None or "BENCH_LOAD_FAILURES" not in os.environ:
        return
    with _failures_lock, open(os.environ["BENCH_LOAD_FAILURES"], "a") as out:
        out.write(f"{start_time:.3f}\t{request_type} {name}\t{str(exception)[:120]}\n")


def _get(path):
    def page(taskset):
        with taskset.client.get(path, name=path, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")

    page.__name__ = f"get {path}"
    return page


def _contacts(taskset):
    """The contacts page, then every other round a new contact (its form is on that page)."""
    _get("/contacts/")(taskset)
    user = taskset.user
    user.rounds += 1
    if user.rounds % POST_EVERY:
        return
    data = {"kind": "other", "name": f"Contact {user.rounds}", "phone": "0556000000", "csrfmiddlewaretoken": user.csrf}
    with taskset.client.post(
        "/contacts/ajouter/", data=data, name="POST /contacts/ajouter/", allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code != 302:
            response.failure(f"HTTP {response.status_code} (the form was refused or failed)")


class Journey(SequentialTaskSet):
    if os.environ.get("BENCH_LOAD_BASELINE") == "1":  # the same users and pace on `/healthz`: what the machine allows
        tasks = [_get("/healthz")]
    else:
        tasks = [_contacts if path == "/contacts/" else _get(path) for path in JOURNEY]


class Member(HttpUser):
    wait_time = between(1, 3)
    tasks = [Journey]

    def on_start(self):
        me = _sessions[next(_next_session) % len(_sessions)]
        self.rounds, self.csrf = 0, me["cookies"]["csrftoken"]
        # As behind the documented load balancer: TLS ended there, the client's address forwarded.
        self.client.headers.update(
            {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-For": me["address"],
             "Referer": "https://127.0.0.1/"}
        )
        for name, value in me["cookies"].items():  # plain cookies: the secure ones would not go over http
            self.client.cookies.set(name, value)
