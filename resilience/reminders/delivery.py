"""Sending one digest or one urgent reminder: claim, re-check, render the triplet, send, record.

Runs in a Celery worker (or in `send_reminders`). The claim is committed
before the SMTP conversation, so a second worker never sends the same email;
a worker killed mid-send leaves a claim that expires after CLAIM_TIMEOUT.
"""

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from resilience.models import DeliveryStatus, Digest, Membership, Reminder, ReminderProfile
from resilience.reminders import registry, services, unsubscribe

logger = logging.getLogger(__name__)
SEND_ERRORS = (OSError, EOFError)  # smtplib.SMTPException is an OSError


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _message(name: str, recipient, context: dict, unsubscribe_kind: str) -> EmailMultiAlternatives:
    link = unsubscribe.url(recipient.pk, unsubscribe_kind)
    context = {"site_url": settings.SITE_URL, "recipient": recipient, "unsubscribe_url": link, **context}
    subject = " ".join(render_to_string(f"emails/{name}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"emails/{name}.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [recipient.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string(f"emails/{name}.html", context), "text/html")
    return message


def _entries(rows):
    """Rows as the emails show them, grouped by cabinet, with a link to turn each kind off."""
    by_cabinet = defaultdict(list)
    for row in rows:
        kind = registry.get(row.kind)
        by_cabinet[row.cabinet.name].append(
            {
                "title": row.title,
                "why": row.why,
                "due": row.due,
                "overdue": row.stage >= 2 or (row.stage == 1 and row.due < timezone.localdate()),
                "url": _absolute(row.url),
                "kind_label": kind.label if kind else row.kind,
                "unsubscribe_url": None if kind is None or kind.urgent else unsubscribe.url(row.recipient_id, row.kind),
            }
        )
    return sorted(by_cabinet.items())


def send_digest(digest_id: int, now: datetime | None = None) -> str:
    now = now or timezone.now()
    if not services.claim(Digest.objects.filter(pk=digest_id), now):
        return "skipped"
    digest = Digest.objects.select_related("recipient").get(pk=digest_id)
    cabinet_ids = list(Membership.objects.filter(user_id=digest.recipient_id).values_list("cabinet_id", flat=True))
    services.refresh(cabinet_ids, now)  # an item done since the sweep is not sent
    pending = Reminder.objects.filter(
        recipient_id=digest.recipient_id, cabinet_id__in=cabinet_ids, status=DeliveryStatus.PENDING, urgent=False
    )
    muted = set(ReminderProfile.objects.filter(user_id=digest.recipient_id).values_list("muted_kinds", flat=True).first() or [])
    if services.DIGEST_KIND in muted:  # turned off since the rows were made: they stay in the app only
        pending.update(status=DeliveryStatus.IN_APP)
    elif muted:
        pending.filter(kind__in=muted).update(status=DeliveryStatus.IN_APP)
    pending.update(digest=digest, status=DeliveryStatus.SENDING, claimed_at=now)
    rows = list(
        Reminder.objects.filter(digest=digest, status__in=(DeliveryStatus.SENDING, DeliveryStatus.RETRY))
        .select_related("cabinet")
        .order_by("cabinet__name", "due", "id")
    )
    if not rows:
        Digest.objects.filter(pk=digest_id).update(status=DeliveryStatus.CANCELLED)
        return "empty"
    context = {"groups": _entries(rows), "count": len(rows), "day": digest.day}
    try:
        _message("reminder_digest", digest.recipient, context, services.DIGEST_KIND).send()
    except SEND_ERRORS as error:
        update = services.failed(digest.attempts, now, error)
        Digest.objects.filter(pk=digest_id).update(**update)
        Reminder.objects.filter(digest=digest, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.RETRY if update["status"] == DeliveryStatus.RETRY else DeliveryStatus.FAILED,
            last_error=update["last_error"],
            attempts=F("attempts") + 1,
        )
        logger.warning("digest %s to user %s failed: %s", digest_id, digest.recipient_id, update["last_error"])
        return "retry" if update["status"] == DeliveryStatus.RETRY else "failed"
    sent_at = timezone.now()
    Digest.objects.filter(pk=digest_id).update(status=DeliveryStatus.SENT, sent_at=sent_at, last_error="")
    Reminder.objects.filter(digest=digest, status__in=(DeliveryStatus.SENDING, DeliveryStatus.RETRY)).update(
        status=DeliveryStatus.SENT, sent_at=sent_at
    )
    return "sent"


def send_urgent(reminder_id: int, now: datetime | None = None) -> str:
    now = now or timezone.now()
    row = Reminder.objects.filter(pk=reminder_id, urgent=True).values_list("cabinet_id", "kind").first()
    if row is None:
        return "skipped"
    cabinet_id, kind = row
    if kind in registry.swept_kinds():
        services.refresh([cabinet_id], now)  # a decision recorded since the sweep cancels the alert
    if not services.claim(Reminder.objects.filter(pk=reminder_id), now):
        return "skipped"
    reminder = Reminder.objects.select_related("cabinet", "recipient").get(pk=reminder_id)
    context = {"reminder": reminder, "url": _absolute(reminder.url), "cabinet": reminder.cabinet}
    try:
        _message("reminder_urgent", reminder.recipient, context, reminder.kind).send()
    except SEND_ERRORS as error:
        Reminder.objects.filter(pk=reminder_id).update(**services.failed(reminder.attempts, now, error))
        logger.warning("urgent reminder %s failed: %s", reminder_id, error)
        return "retry"
    Reminder.objects.filter(pk=reminder_id).update(status=DeliveryStatus.SENT, sent_at=timezone.now(), last_error="")
    return "sent"
