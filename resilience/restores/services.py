"""Recording restore tests and reading a cabinet's restore status."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q, Subquery
from django.utils.translation import gettext as _

from resilience import audit
from resilience.models import ReminderSettings, RestoreResult, RestoreTest
from resilience.restores.schedule import is_late, next_due
from resilience.tenancy import compiled_once


def settings_for(cabinet) -> ReminderSettings:
    settings, _created = ReminderSettings.objects.get_or_create(cabinet=cabinet)
    return settings


@dataclass(frozen=True)
class RestoreStatus:
    last: RestoreTest | None
    last_success: RestoreTest | None
    next_due: date | None
    late: bool


def _latest_tests(tenant):
    tests = tenant.scope(RestoreTest).order_by("-performed_on", "-created_at")
    latest = tests.values("pk")[:1]
    latest_success = tests.filter(result=RestoreResult.SUCCESS).values("pk")[:1]
    return tests.filter(Q(pk=Subquery(latest)) | Q(pk=Subquery(latest_success)))


LATEST_TESTS = compiled_once(_latest_tests)  # the dashboard and the restore pages read it on every visit


def status(tenant, today: date) -> RestoreStatus:
    """One query: the latest test and the latest successful one (the same row, or two rows)."""
    rows = tenant.fetch(LATEST_TESTS)
    last = rows[0] if rows else None
    last_success = next((row for row in rows if row.succeeded), None)
    due = last.next_due if last is not None else None
    return RestoreStatus(last, last_success, due, is_late(due, today))


def last_success_on(cabinet) -> date | None:
    return (
        RestoreTest.objects.filter(cabinet=cabinet, result=RestoreResult.SUCCESS)
        .order_by("-performed_on")
        .values_list("performed_on", flat=True)
        .first()
    )


@transaction.atomic
def record(tenant, user, form) -> RestoreTest:
    interval = settings_for(tenant.cabinet).restore_interval_months
    test = form.save(commit=False)
    test.cabinet = tenant.cabinet
    test.recorded_by = user
    test.performer_name = test.performed_by.user.display_name if test.performed_by else test.provider.name
    test.next_due = next_due(test.performed_on, test.result == RestoreResult.SUCCESS, interval)
    test.save()
    audit.record(
        tenant.cabinet,
        user,
        "restore_test.create",
        _("Test de restauration du %(day)s enregistré : %(result)s")
        % {"day": test.performed_on.strftime("%d/%m/%Y"), "result": test.get_result_display()},
    )
    return test


@transaction.atomic
def set_interval(tenant, user, months: int) -> None:
    """A new interval moves the next due date of the latest successful test (a failed one stays at one month)."""
    settings = settings_for(tenant.cabinet)
    before = settings.restore_interval_months
    settings.restore_interval_months = months
    settings.save(update_fields=["restore_interval_months"])
    latest = tenant.scope(RestoreTest).order_by("-performed_on", "-created_at").first()
    if latest is not None and latest.succeeded:
        latest.next_due = next_due(latest.performed_on, True, months)
        latest.save(update_fields=["next_due"])
    audit.record(
        tenant.cabinet,
        user,
        "restore_test.interval",
        _("Intervalle entre deux tests de restauration : %(months)s mois") % {"months": months},
        {"restore_interval_months": [before, months]},
    )
