"""Celery tasks of the reminders, and what hands work to them.

Beat runs `reminders.sweep` every 15 minutes (schedule in the database); `dispatch`
sweeps, then queues one sending task per digest or urgent reminder (or sends them
in this process, for `send_reminders`); `notify_now` tells an event at once.
"""

import logging
from datetime import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from resilience.reminders import delivery, services

logger = logging.getLogger(__name__)


def enqueue(task, *args) -> None:
    """Queue a task once the transaction commits; a broker that is down is logged, never raised.

    Nothing is lost: the rows stay pending in the database and the next sweep queues them again.
    """

    def send():
        try:
            task.apply_async(args=args, retry=False)
        except Exception as error:  # kombu/redis errors vary by transport
            logger.error("could not queue %s%s: %s", task.name, args, error)

    transaction.on_commit(send)


def dispatch(now: datetime | None = None, inline: bool = False) -> dict:
    """Sweep, then send (inline: in this process, as `send_reminders` does) or queue the sending tasks."""
    now = now or timezone.now()
    result = services.sweep(now)
    if inline:
        result["sent"] = sum(delivery.send_urgent(i, now) == "sent" for i in result["urgent"]) + sum(
            delivery.send_digest(i, now) == "sent" for i in result["digests"]
        )
    else:
        for reminder_id in result["urgent"]:
            enqueue(send_urgent, reminder_id)
        for digest_id in result["digests"]:
            enqueue(send_digest, digest_id)
    return result


def notify_now(**event) -> None:
    """An event to tell at once (`services.record_event`'s arguments): rows now, sent after the transaction commits."""
    for reminder_id in services.record_event(**event):
        enqueue(send_urgent, reminder_id)


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep() -> dict:
    result = dispatch()
    return {key: (len(value) if isinstance(value, list) else value) for key, value in result.items()}


@shared_task(name="reminders.send_digest", bind=True, ignore_result=True, max_retries=services.MAX_ATTEMPTS)
def send_digest(self, digest_id: int) -> str:
    outcome = delivery.send_digest(digest_id)
    if outcome == "retry":
        raise self.retry(countdown=_countdown(self.request.retries))
    return outcome


@shared_task(name="reminders.send_urgent", bind=True, ignore_result=True, max_retries=services.MAX_ATTEMPTS)
def send_urgent(self, reminder_id: int) -> str:
    outcome = delivery.send_urgent(reminder_id)
    if outcome == "retry":
        raise self.retry(countdown=_countdown(self.request.retries))
    return outcome


def _countdown(retries: int) -> int:
    from resilience.reminders.stages import retry_delay

    return int(retry_delay(retries + 1).total_seconds())
