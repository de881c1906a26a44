"""Headers of static files served by whitenoise (imported by the settings: no Django imports beyond conf)."""

from django.conf import settings


def content_security_policy() -> str:
    """The CSP header value of settings.CONTENT_SECURITY_POLICY, for responses django-csp does not see."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def static_file_headers(headers, path, url):
    """WHITENOISE_ADD_HEADERS_FUNCTION: static HTML pages get the same CSP and frame rule as every page.

    Whitenoise answers static files before any Django middleware runs, so
    without this, /static/incidents/offline.html would be served bare.
    """
    if path.endswith((".html", ".htm", ".svg")):
        headers["Content-Security-Policy"] = content_security_policy()
        headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS
