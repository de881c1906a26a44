"""Plugging the reminders and restore tests into the core, from ResilienceConfig.ready."""

from django.db.models.signals import post_delete, post_save

from resilience import dashboard, demo
from resilience.assessment import reminders as assessment_reminders
from resilience.reminders import registry, services
from resilience.restores import panel
from resilience.restores import reminders as restore_reminders


def _changed(sender, instance, **kwargs):
    """A change to a model some kind watches re-checks its cabinet once the transaction commits.

    Connected for every sender because apps register their kinds after the core's ready().
    """
    if kwargs.get("raw"):
        return
    cabinet_id = getattr(instance, "cabinet_id", None)
    if cabinet_id is not None and any(sender in kind.watch for kind in registry.kinds()):
        services.refresh_on_commit(cabinet_id)


def ready():
    from resilience.reminders import demo_data, tasks  # noqa: F401 (tasks: registers the Celery tasks)

    restore_reminders.register()
    assessment_reminders.register()
    dashboard.register(panel.restore_panel)

    from resilience.restores import statistics as restore_statistics
    from resilience.statistics import aggregates

    aggregates.register(restore_statistics.AGGREGATE)  # a follow-up figure of the URPS dashboard
    post_save.connect(_changed, dispatch_uid="reminders-watch-save")
    post_delete.connect(_changed, dispatch_uid="reminders-watch-delete")
    demo.register(demo_data.load_demo_reminders)
