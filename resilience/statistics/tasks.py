"""Celery task of the URPS statistics. Beat runs it every 5 minutes (schedule in the database)."""

from celery import shared_task

from resilience.statistics import warming


@shared_task(name="resilience.statistics.tasks.warm_urps_figures", ignore_result=True)
def warm_urps_figures() -> dict:
    """Compute the figures of a new data version before the pages ask for them (statistics.warming)."""
    return warming.warm()
