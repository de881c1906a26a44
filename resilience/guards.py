"""Middleware that keeps every request inside what the product answers (issue 13).

- TRACE and OPTIONS: 405, never a page.
- A form body the server cannot decode (a charset other than UTF-8, bytes that
  are not UTF-8): a French 400 page, with the security headers, and one log line.
- The session's expiry is pushed back at most every SESSION_REFRESH_INTERVAL
  seconds instead of writing the session row on every request.
"""

import logging
import time

from django.conf import settings
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import patch_cache_control

logger = logging.getLogger("resilience.requests")

REFUSED_METHODS = {"TRACE", "OPTIONS", "CONNECT"}
ALLOWED_METHODS = ["GET", "HEAD", "POST"]
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
ACCEPTED_CHARSETS = {"utf-8", "utf8", "us-ascii", "ascii"}
REFRESHED_KEY = "_refreshed_at"


class RefuseMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(ALLOWED_METHODS)
        return self.get_response(request)


def _charset(content_type: str) -> str | None:
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"').lower()
    return None


def undecodable_body(request) -> str | None:
    """Why this request's form body cannot be read as UTF-8 text, or None when it can (or is not a form)."""
    content_type = request.META.get("CONTENT_TYPE", "")
    if not content_type.lower().startswith(FORM_TYPES):
        return None
    charset = _charset(content_type)
    if charset is not None and charset not in ACCEPTED_CHARSETS:
        return f"charset {charset[:40]!r}"
    if content_type.lower().startswith("application/x-www-form-urlencoded"):
        try:
            request.body.decode("utf-8")
        except UnicodeDecodeError:
            return "body is not UTF-8"
    return None


class FormEncodingMiddleware:
    """Refuse, before anything reads request.POST, a form body that is not UTF-8.

    Placed after the security, CSP and frame middleware so the 400 page carries
    their headers; Django would otherwise fail deep inside the CSRF check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            problem = undecodable_body(request)
            if problem is not None:
                logger.warning("400 %s %s: undecodable form body (%s)", request.method, request.path[:200], problem)
                response = render(request, "400_encoding.html", status=400)
                patch_cache_control(response, private=True, no_store=True)
                response._has_been_logged = True  # the line above says it all: no second "Bad Request" line
                return response
        return self.get_response(request)


class SessionRefreshMiddleware:
    """Push the session's expiry back at most every few minutes, not on every request.

    SESSION_SAVE_EVERY_REQUEST is off, so a GET writes nothing; when the last
    refresh is older than SESSION_REFRESH_INTERVAL, the session is marked
    modified and SessionMiddleware saves it with a new expiry and cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and session.session_key:
            now = int(time.time())
            last = session.get(REFRESHED_KEY)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_INTERVAL:
                session[REFRESHED_KEY] = now
        return response

