from celery import shared_task

from resilience.portability import deletion


@shared_task
def purge_deleted_cabinets() -> list[str]:
    """Hourly (Celery beat): delete the cabinets whose deletion date has come."""
    return deletion.purge_due()
