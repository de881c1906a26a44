"""Celery tasks of the reminders. Beat runs `reminders.sweep` every 15 minutes (schedule in the database)."""

import logging

from celery import shared_task
from django.db import transaction

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


@shared_task(name="reminders.sweep", ignore_result=True)
def sweep() -> dict:
    result = services.dispatch()
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
