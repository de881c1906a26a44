"""Signed one-click unsubscribe links (RFC 8058), one per person and kind of reminder."""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "resilience.reminders.unsubscribe"


def token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read(value: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(value, salt=SALT)
        return int(data["u"]), str(data["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def url(user_id: int, kind: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("resilience:reminder_unsubscribe", args=[token(user_id, kind)])
