"""The zips titulaires ask for: queued by the request, built by a worker, stored in the database, gone after 7 days.

`record_request` records the request, which `tasks.request_export` queues for
`tasks.build_export` once the transaction commits (in-process, eagerly, in the
quick start without Redis);
`build` claims the export with a conditional UPDATE (a task delivered twice
builds it once), writes the zip into a temporary file (`export.write_export`),
copies it into `ExportPart` rows, marks it ready for seven days and tells the
requester (a notification in the bell, and a line of their daily email).
`purge_expired`, hourly, deletes the zips whose time is up and the requests a
dead worker left behind.
"""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from resilience import audit
from resilience.models import DeliveryStatus, Membership, Reminder, Role
from resilience.pdf import safe_filename
from resilience.portability.export import write_export
from resilience.portability.models import PART_SIZE, CabinetExport, ExportPart, ExportStatus
from resilience.reminders import tasks
from resilience.reminders.stages import local_day
from resilience.tenancy import Tenant

logger = logging.getLogger(__name__)

KEPT_FOR = timedelta(days=7)
# A request not built by then was lost (broker down, worker killed): it shows as failed and can be asked again.
GIVEN_UP_AFTER = timedelta(hours=1)
NOTIFICATION_KIND = "cabinet_export"
IN_PROGRESS = (ExportStatus.PENDING, ExportStatus.BUILDING)


def register_notification() -> None:
    from django.utils.translation import gettext_lazy

    from resilience.reminders import registry

    registry.register(
        registry.Kind(NOTIFICATION_KIND, gettext_lazy("Données du cabinet prêtes"), None, swept=False)
    )


def current(tenant, now=None) -> CabinetExport | None:
    """The cabinet's latest export still worth showing (in progress, ready and not expired, or failed)."""
    now = now or timezone.now()
    latest = tenant.scope(CabinetExport).first()
    if latest is None or (latest.status == ExportStatus.READY and latest.expires_at <= now):
        return None
    return latest


def state(export: CabinetExport | None, now=None) -> str:
    """'none', 'preparing', 'ready' or 'failed': what the page shows."""
    now = now or timezone.now()
    if export is None:
        return "none"
    if export.status in IN_PROGRESS:
        return "failed" if export.requested_at < now - GIVEN_UP_AFTER else "preparing"
    if export.status == ExportStatus.READY:
        return "ready" if export.expires_at > now else "none"
    return "failed"


def record_request(tenant, user, now=None) -> tuple[CabinetExport, bool]:
    """The export to build for the tenant's cabinet, and whether it is new (to queue).

    A second click while one is being prepared gets that one back, not a new one.
    """
    now = now or timezone.now()
    latest = current(tenant, now)
    if latest is not None and state(latest, now) == "preparing":
        return latest, False
    return CabinetExport.objects.create(cabinet=tenant.cabinet, requested_by=user, requested_at=now), True


def _claim(export_id, now) -> bool:
    stale = now - GIVEN_UP_AFTER
    return bool(
        CabinetExport.objects.filter(pk=export_id, status=ExportStatus.PENDING, requested_at__gte=stale).update(
            status=ExportStatus.BUILDING, started_at=now
        )
    )


def build(export_id, now=None) -> str:
    """Build one requested export: 'ready', 'failed' or 'skipped' (already taken, or given up)."""
    now = now or timezone.now()
    if not _claim(export_id, now):
        return "skipped"
    export = CabinetExport.objects.select_related("cabinet", "requested_by").get(pk=export_id)
    membership = Membership.objects.select_related("cabinet").filter(
        cabinet=export.cabinet, user=export.requested_by, role=Role.TITULAIRE
    ).first()
    if membership is None:  # no longer titulaire (or the account is gone) since asking
        CabinetExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        return "failed"
    try:
        with tempfile.TemporaryFile() as archive:  # on disk: never the whole zip in memory
            report = write_export(Tenant(membership), archive)
            archive.seek(0)
            with transaction.atomic():
                size = _store(export, archive)
                _ready(export, membership, report, size)
    except Exception:
        logger.exception("export %s of cabinet %s failed", export_id, export.cabinet_id)
        CabinetExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        return "failed"
    return "ready"


def _store(export, archive) -> int:
    size, number = 0, 0
    while chunk := archive.read(PART_SIZE):
        ExportPart.objects.create(export=export, number=number, data=chunk)
        size, number = size + len(chunk), number + 1
    return size


def _ready(export, membership, report, size) -> None:
    finished = timezone.now()
    cabinet = membership.cabinet
    filename = f"donnees-{safe_filename(cabinet.name)}-{timezone.localdate(finished):%Y-%m-%d}.zip"
    CabinetExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.READY, finished_at=finished, expires_at=finished + KEPT_FOR, size=size, filename=filename
    )
    # The cabinet's earlier zips are superseded: one stored copy at a time.
    CabinetExport.objects.filter(cabinet=cabinet, status=ExportStatus.READY, requested_at__lt=export.requested_at).delete()
    audit.record(
        cabinet,
        membership.user,
        "cabinet.export",
        _("Données du cabinet préparées pour le téléchargement (%(rows)s lignes, %(documents)s documents)")
        % {"rows": sum(report.counts.values()), "documents": len(report.documents)},
    )
    tasks.notify_now(
        cabinet_id=cabinet.pk,
        kind=NOTIFICATION_KIND,
        item_id=export.pk,
        day=local_day(finished),
        title=_("Les données du cabinet sont prêtes à télécharger"),
        why=_("Le fichier reste disponible 7 jours, pour les titulaires du cabinet."),
        url=reverse("resilience:cabinet_export"),
        recipients=(membership.user_id,),
    )


def parts(export: CabinetExport):
    """The zip's bytes, one part (one query) at a time."""
    numbers = list(ExportPart.objects.filter(export=export).order_by("number").values_list("number", flat=True))
    for number in numbers:
        data = ExportPart.objects.filter(export=export, number=number).values_list("data", flat=True).get()
        yield bytes(data)


def downloaded(export: CabinetExport, user) -> None:
    """The requester's notification about this zip is read, and no email will tell them about it any more."""
    notifications = Reminder.objects.filter(
        cabinet_id=export.cabinet_id, kind=NOTIFICATION_KIND, item_id=export.pk, recipient=user
    )
    now = timezone.now()
    notifications.filter(status=DeliveryStatus.PENDING).update(status=DeliveryStatus.IN_APP)
    notifications.filter(read_at__isnull=True).update(read_at=now)


def purge_expired(now=None) -> int:
    """Delete the zips whose seven days are over and old failures; mark lost requests failed. The number deleted."""
    now = now or timezone.now()
    CabinetExport.objects.filter(status__in=IN_PROGRESS, requested_at__lt=now - GIVEN_UP_AFTER).update(
        status=ExportStatus.FAILED, finished_at=now
    )
    expired = CabinetExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
    failed = CabinetExport.objects.filter(status=ExportStatus.FAILED, requested_at__lt=now - KEPT_FOR)
    deleted = 0
    for queryset in (expired, failed):
        for export_id in list(queryset.values_list("pk", flat=True)):
            with transaction.atomic():  # one export (its parts) per transaction: no huge delete
                ExportPart.objects.filter(export_id=export_id).delete()
                deleted += CabinetExport.objects.filter(pk=export_id).delete()[1].get(CabinetExport._meta.label, 0)
    return deleted
