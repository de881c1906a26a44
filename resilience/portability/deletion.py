"""Deleting a cabinet: asked by a titulaire, carried out seven days later unless a titulaire cancels.

Asking and cancelling lock the cabinet row and are recorded in its history;
every titulaire is told by email. The purge (`purge_due`, run hourly by Celery
beat and by `manage.py purge_deleted_cabinets`) deletes each due cabinet in its
own transaction, after locking it and checking again that the deletion is
still due, so a cancellation that lands first always wins and two sweeps never
trip over each other. Deleting the cabinet row removes, by cascade, every row of
every cabinet table (history and uploaded files included); the people keep
their accounts.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience import audit, mail
from resilience.models import Cabinet, Membership, Role

logger = logging.getLogger(__name__)

DELAY = timedelta(days=7)


def _titulaire_emails(cabinet) -> list[str]:
    return sorted(
        Membership.objects.filter(cabinet=cabinet, role=Role.TITULAIRE).values_list("user__email", flat=True)
    )


def _tell_titulaires(name: str, cabinet, actor, **context):
    recipients = _titulaire_emails(cabinet)
    if recipients:
        mail.send_template(name, recipients, {"cabinet": cabinet, "actor": actor, **context})
    return recipients


def request_deletion(cabinet, actor, now=None) -> Cabinet:
    """Schedule the deletion; asking again while it is scheduled changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        cabinet = Cabinet.objects.select_for_update().get(pk=cabinet.pk)
        if cabinet.deletion_scheduled_for is not None:
            return cabinet
        cabinet.deletion_requested_at = now
        cabinet.deletion_requested_by = actor
        cabinet.deletion_scheduled_for = now + DELAY
        cabinet.save(update_fields=["deletion_requested_at", "deletion_requested_by", "deletion_scheduled_for"])
        audit.record(
            cabinet,
            actor,
            "cabinet.deletion_request",
            _("Suppression du cabinet demandée, prévue le %(date)s")
            % {"date": timezone.localtime(cabinet.deletion_scheduled_for).strftime("%d/%m/%Y à %H:%M")},
            {"deletion_scheduled_for": cabinet.deletion_scheduled_for.isoformat()},
        )
    _tell_titulaires("cabinet_deletion_requested", cabinet, actor, scheduled_for=cabinet.deletion_scheduled_for)
    return cabinet


def cancel_deletion(cabinet, actor) -> bool:
    """Cancel a scheduled deletion; False when there was none (already cancelled, or done)."""
    with transaction.atomic():
        cabinet = Cabinet.objects.select_for_update().filter(pk=cabinet.pk).first()
        if cabinet is None or cabinet.deletion_scheduled_for is None:
            return False
        cabinet.deletion_requested_at = cabinet.deletion_requested_by = cabinet.deletion_scheduled_for = None
        cabinet.save(update_fields=["deletion_requested_at", "deletion_requested_by", "deletion_scheduled_for"])
        audit.record(cabinet, actor, "cabinet.deletion_cancel", _("Suppression du cabinet annulée"))
    _tell_titulaires("cabinet_deletion_cancelled", cabinet, actor)
    return True


def purge_cabinet(cabinet_id, now=None) -> str | None:
    """Delete one cabinet if its deletion is (still) due; its name, or None."""
    now = now or timezone.now()
    with transaction.atomic():
        cabinet = Cabinet.objects.select_for_update().filter(pk=cabinet_id, deletion_scheduled_for__lte=now).first()
        if cabinet is None:
            return None
        name, recipients = cabinet.name, _titulaire_emails(cabinet)
        cabinet.delete()
    logger.info("cabinet %s deleted as scheduled", cabinet_id)
    if recipients:
        mail.send_template("cabinet_deleted", recipients, {"name": name})
    return name


def purge_due(now=None) -> list[str]:
    """Delete every cabinet whose deletion date has come; the names deleted."""
    now = now or timezone.now()
    due = Cabinet.objects.filter(deletion_scheduled_for__lte=now).order_by("pk").values_list("pk", flat=True)
    deleted = []
    for cabinet_id in list(due):
        try:
            name = purge_cabinet(cabinet_id, now)
        except Exception:  # one cabinet that cannot be deleted must not stop the others
            logger.exception("cabinet %s could not be deleted", cabinet_id)
            continue
        if name is not None:
            deleted.append(name)
    return deleted
