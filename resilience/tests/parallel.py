"""Loaded by pytest before Django's settings (`-p resilience.tests.parallel` in pytest.ini).

Under pytest-xdist (`make test` runs the suite in several processes) pytest-django
gives each process a test database of its own; this gives each a Redis database
of its own too: REDIS_URL's database for the first process, the next ones for
the others. Without it, one process's `cache.clear()` would empty the cache
under another's test, and a Celery worker started by one process's test could
take a task queued by another's.
"""

import os
from urllib.parse import urlsplit, urlunsplit


def redis_url_for_worker(url: str, worker: str) -> str:
    """The URL of the Redis database of xdist worker `worker` ("gw0", "gw1"…): REDIS_URL's number plus its index.

    Redis has 16 databases (0–15) unless configured otherwise: the numbers wrap around.
    """
    parts = urlsplit(url)
    database = (int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))) % 16
    return urlunsplit(parts._replace(path=f"/{database}"))


if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get("REDIS_URL"):
    os.environ["REDIS_URL"] = redis_url_for_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])
