from celery import shared_task

from resilience.portability import archives, deletion
from resilience.reminders.tasks import enqueue


def request_export(tenant, user, now=None):
    """Record a titulaire's request for the cabinet's zip and queue its building (once, after the commit)."""
    export, new = archives.record_request(tenant, user, now)
    if new:
        enqueue(build_export, export.pk)  # a broker that is down is logged; the page then offers to ask again
    return export


@shared_task
def purge_deleted_cabinets() -> list[str]:
    """Hourly (Celery beat): delete the cabinets whose deletion date has come."""
    return deletion.purge_due()


@shared_task(name="portability.build_export", ignore_result=True)
def build_export(export_id: int) -> str:
    """Build the zip a titulaire asked for (queued by the request once it commits)."""
    return archives.build(export_id)


@shared_task(name="portability.purge_expired_exports", ignore_result=True)
def purge_expired_exports() -> int:
    """Hourly (Celery beat): delete the zips kept for seven days."""
    return archives.purge_expired()
