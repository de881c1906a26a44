import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# While PostgreSQL restarts or fails over, every request fails to connect for a few seconds.
RETRY_AFTER_SECONDS = 30


def csrf_failure(request, reason=""):
    """A French page instead of Django's English one when a form is stale or forged."""
    return render(request, "403_csrf.html", status=403)


def server_error(request):
    """500; or 503 with Retry-After while the database cannot be reached, so the page says to try again.

    Rendered without the request's context (as Django's own server_error): the context processors
    would read the database that just failed.
    """
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
