"""gunicorn's configuration in production, and in `python -m bench load` (the same file).

    gunicorn resilience.wsgi -c gunicorn.conf.py --bind 0.0.0.0:8000

- `gthread` workers with a few threads each: a slow response (a printed kit, a
  large export download) holds one thread, not the whole worker, so the fast
  pages behind it are not queued (a `sync` worker answers one request at a
  time). Each thread keeps its own database connection (`CONN_MAX_AGE`), so a
  machine holds workers × threads connections.
- `preload_app`: the application (Django, the content files, WeasyPrint) is
  loaded once in the master, then forked; `gc.freeze()` once it is loaded moves
  that heap out of the cyclic garbage collector's reach, so each collection in a
  worker walks only what the request created (docs/benchmarks.md: ~10–15 % of a
  PDF render was the collector walking the whole heap), and the pages shared
  with the master stay shared (copy-on-write).
- `max_requests` with jitter: workers are replaced now and then, one at a time,
  so a slow leak never grows for ever and two workers never restart together.

`WEB_CONCURRENCY` (workers) and `GUNICORN_THREADS` override the defaults.
"""

import gc
import os

from django.db import connections

wsgi_app = "resilience.wsgi"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
preload_app = True
max_requests = 2000
max_requests_jitter = 200
timeout = 30
graceful_timeout = 30
keepalive = 5

# Collect nothing in the master while the application loads: the objects it
# creates stay where they are born, and the freeze below keeps them.
gc.disable()


def when_ready(server):
    """The application is loaded (preload): freeze what exists so the workers' collections skip it."""
    gc.collect()
    gc.freeze()
    server.log.info("gc.freeze(): %s objects kept out of the collector", gc.get_freeze_count())


def post_fork(server, worker):
    # A connection opened while loading the application must not be shared by two processes.
    connections.close_all()
    gc.enable()
