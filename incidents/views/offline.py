"""Offline use: the service worker script, and the pages it keeps for the signed-in person.

The worker's logic lives in static/incidents/js/sw.js; this view serves it with
`Service-Worker-Allowed: /` (so its scope covers every page) with a small configuration in front:
the hashed URLs of the assets to precache, and which paths it may keep. A new
deployment changes the hashes, hence the script, hence the browser updates it.
"""

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse, JsonResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_GET

from incidents.models import Incident, Status
from incidents.playbooks import get_playbooks
from resilience.tenancy import cabinet_view

WORKER_SOURCE = "incidents/js/sw.js"
OFFLINE_PAGE = "incidents/offline.html"
PRECACHED_ASSETS = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "css/app.css",
    "incidents/css/incidents.css",
    "incidents/js/offline.js",
    "incidents/js/incident.js",
    "incidents/icons/icon-192.png",
)
# The offline page links its styles by plain path: it must be found whatever URL it answers.
PLAIN_ASSETS = ("vendor/bootstrap/css/bootstrap.min.css", "css/app.css", OFFLINE_PAGE)


@cache
def _worker_source() -> str:
    try:
        with staticfiles_storage.open(WORKER_SOURCE) as handle:
            return handle.read().decode()
    except (FileNotFoundError, OSError, ValueError):  # not collected yet (development)
        with open(finders.find(WORKER_SOURCE), encoding="utf-8") as handle:
            return handle.read()


def _plain_static(path: str) -> str:
    return f"{settings.STATIC_URL}{path}"


def worker_config() -> dict:
    precache = sorted({static(path) for path in PRECACHED_ASSETS} | {_plain_static(path) for path in PLAIN_ASSETS})
    playbooks = reverse("incidents:playbooks")
    config = {
        "precache": precache,
        "offlinePage": _plain_static(OFFLINE_PAGE),
        "pagesUrl": reverse("incidents:offline_pages"),
        "staticPrefix": _plain_static(""),
        # Paths whose GET pages are kept: playbooks, emergency contacts, an incident's main page,
        # and the dashboard, the page everyone opens first (and that sign-in leads to).
        "pagePatterns": [
            f"^{playbooks}",
            f"^{reverse('resilience:contacts')}$",
            f"^{reverse('resilience:dashboard')}$",
            "^" + reverse("incidents:detail", kwargs={"incident_id": 0}).replace("/0/", r"/\d+/") + "$",
        ],
        # Offline, these addresses (which only redirect when online) open the kept page they lead to.
        "aliases": {reverse("resilience:home"): reverse("resilience:dashboard")},
    }
    config["version"] = hashlib.sha256((json.dumps(config, sort_keys=True) + _worker_source()).encode()).hexdigest()[:12]
    return config


@require_GET
def service_worker(request):
    """Public like any script: it holds no data, and must load even once the session has expired."""
    body = f"self.OFFLINE_CONFIG = {json.dumps(worker_config())};\n{_worker_source()}"
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@cabinet_view
@require_GET
def offline_pages(request):
    """The pages to keep for this person: the dashboard, every playbook, the contacts, the open incidents."""
    library = get_playbooks()
    urls = [reverse("resilience:dashboard"), reverse("incidents:playbooks")]
    urls += [reverse("incidents:playbook", kwargs={"playbook_key": p.key}) for p in library.playbooks]
    urls.append(reverse("resilience:contacts"))
    open_incidents = request.tenant.scope(Incident).exclude(status=Status.CLOSED).values_list("pk", flat=True)
    urls += [reverse("incidents:detail", kwargs={"incident_id": pk}) for pk in open_incidents]
    response = JsonResponse({"urls": urls})
    response["Cache-Control"] = "no-store"
    return response
