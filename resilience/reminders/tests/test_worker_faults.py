"""Fault tests with real parts: PostgreSQL, a private Redis, real Celery worker processes, a local SMTP server.

Each test starts its OWN redis-server on a free port (never the shared one),
its own workers (killed by their pid) and an aiosmtpd server in a thread.
"""

import asyncio
import email
import email.policy
import glob
import importlib
import os
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from celery import Celery
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kit.models import Kit
from resilience.models import DeliveryStatus, Digest, Reminder, ReminderSettings, Role
from resilience.reminders import services, tasks
from resilience.tests.factories import CabinetFactory, MembershipFactory, RestoreTestFactory
from resilience.tests.servers import PrivateRedis, database_url, free_port, start_celery, stop, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Smtp:
    """A local SMTP server that can refuse every recipient, and be slow."""

    def __init__(self):
        self.messages, self.refuse, self.delay = [], False, 0.0
        self.waiting_in_rcpt = False  # a sender is inside the slow RCPT: it has delivered nothing of that email
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's hook name)
        if self.delay:
            self.waiting_in_rcpt = True
            await asyncio.sleep(self.delay)  # before DATA: a sender killed now has delivered nothing
            self.waiting_in_rcpt = False
        if self.refuse:
            return "550 5.1.1 Boîte indisponible"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append((tuple(envelope.rcpt_tos), envelope.content.decode("utf-8", "replace")))
        return "250 Message accepted"

    def recipients(self):
        return [to for tos, _content in self.messages for to in tos]

    def subjects(self):
        """Decoded: a subject with accents is sent RFC 2047-encoded, in base64 when that is shorter."""
        parsed = (email.message_from_string(content, policy=email.policy.default) for _tos, content in self.messages)
        return [str(message["Subject"]).strip() for message in parsed]  # a folded header keeps a leading space


def libfaketime() -> str | None:
    """The library of Debian's `faketime` package, whatever the architecture."""
    found = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))
    return found[0] if found else None


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp():
    server = Smtp()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture
def workers(private_redis, smtp):
    started = []

    def start(name="w1", faked: str | None = None, beat: bool = False):
        """A worker (or, with beat=True, a `celery beat` on the database scheduler); `faked`: a faketime offset."""
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": private_redis.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
            "DEBUG": "false",
            "SECRET_KEY": os.environ.get("SECRET_KEY", "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"),
        }
        if beat:
            command = ["beat", "--loglevel=info", f"--logfile={name}", "--pidfile=", "-s", f"{name}.schedule"]
        else:
            command = ["worker", "--pool=solo", "--loglevel=warning", "-n", f"{name}-{os.getpid()}@%h"]
        if faked:  # libfaketime preloaded in the process itself (the faketime wrapper would fork: its pid is not ours)
            env |= {"LD_PRELOAD": libfaketime(), "FAKETIME": faked}
        process = start_celery(*command, env=env)
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            stop(process)


def send_task(broker_url, name, *args):
    probe = Celery("probe", broker=broker_url, set_as_current=False)
    return probe.send_task(name, args=list(args))


def due_cabinets(count):
    """`count` cabinets, each with a titulaire and an overdue restore test; digests due at any hour."""
    users = []
    for number in range(count):
        cabinet = CabinetFactory(name=f"Cabinet {number:03d}")
        ReminderSettings.objects.create(cabinet=cabinet, digest_hour=0)
        users.append(MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE).user)
        RestoreTestFactory(cabinet=cabinet, performed_on=timezone.localdate() - timedelta(days=200), next_due=timezone.localdate())
    return users


def smtp_settings(smtp):
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=smtp.port,
        EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
    )


def test_two_sweeps_at_once_send_each_reminder_once(private_redis, smtp, workers):
    users = due_cabinets(20)
    workers("a"), workers("b")
    for _ in range(2):
        send_task(private_redis.url, "reminders.sweep")
    assert wait_for(lambda: len(smtp.messages) >= 20, 90)
    time.sleep(3)  # let any duplicate arrive
    assert sorted(smtp.recipients()) == sorted(user.email for user in users)
    assert Digest.objects.filter(status=DeliveryStatus.SENT).count() == 20


def test_a_worker_killed_mid_batch_then_restarted_sends_the_rest_once(private_redis, smtp, workers):
    users = due_cabinets(12)
    smtp.delay = 0.4
    worker = workers("victim")
    send_task(private_redis.url, "reminders.sweep")
    # Not right after a DATA was accepted: a kill before the row is marked sent is the one case that
    # sends twice (README, the healthchecks trade-off). The solo worker is killed inside the next
    # email's slow RCPT, so the previous one is marked sent and this one was never delivered.
    assert wait_for(lambda: len(smtp.messages) >= 4 and smtp.waiting_in_rcpt, 90)
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(10)
    delivered = len(smtp.messages)
    assert delivered < 12
    smtp.delay = 0
    workers("after")  # the queued sends go on
    assert wait_for(lambda: len(smtp.messages) >= 11, 90)
    # The send the kill interrupted is claimed by the dead worker until its claim expires; the next sweep retakes it.
    with smtp_settings(smtp):
        tasks.dispatch(timezone.now() + services.CLAIM_TIMEOUT + timedelta(minutes=1), inline=True)
    time.sleep(2)
    assert sorted(smtp.recipients()) == sorted(user.email for user in users)


def test_a_refusing_smtp_server_is_retried_and_the_error_recorded(private_redis, smtp, workers):
    [user] = due_cabinets(1)
    smtp.refuse = True
    workers()
    send_task(private_redis.url, "reminders.sweep")
    assert wait_for(lambda: Digest.objects.filter(status=DeliveryStatus.RETRY).exists(), 60)
    digest = Digest.objects.get()
    assert "550" in digest.last_error and digest.attempts == 1
    assert Reminder.objects.get().last_error
    smtp.refuse = False
    with smtp_settings(smtp):
        tasks.dispatch(timezone.now() + timedelta(minutes=2), inline=True)
        tasks.dispatch(timezone.now() + timedelta(minutes=20), inline=True)
    assert smtp.recipients() == [user.email]
    assert Digest.objects.get().status == DeliveryStatus.SENT


def test_redis_down_the_page_still_works_and_the_next_sweep_sends(private_redis, smtp, workers, caplog):
    from resilience.celery import app

    [titulaire] = due_cabinets(1)
    cabinet = titulaire.memberships.get().cabinet
    Kit.objects.create(cabinet=cabinet, next_test_due=timezone.localdate())
    services.refresh([cabinet.pk], timezone.now())
    assert Reminder.objects.filter(kind="kit_test", status=DeliveryStatus.PENDING).exists()
    private_redis.stop()

    app.conf.task_always_eager = False
    app.conf.broker_url = private_redis.url
    app._after_fork()  # Celery's own reset: no connection pooled by an earlier test to the usual broker is reused
    from django.test import Client

    client = Client()
    client.force_login(titulaire)
    try:
        with override_settings(REDIS_URL=private_redis.url):
            assert client.get("/healthz").status_code == 503
            from kit.catalogue import get_catalogue

            data = {"performed_on": timezone.localdate().isoformat(), "participants": "", "notes": ""}
            for check in get_catalogue().checks:
                data[f"result-{check.key}"] = "ok"
                data[f"note-{check.key}"] = ""
            assert client.post(reverse("kit:test_new"), data).status_code == 302
            # Declaring an incident queues an email: the broker is down, the page still succeeds.
            response = client.post(reverse("incidents:declare"), {"answer": "triage_yes"})
            assert response.status_code in (200, 302)
            assert client.get(reverse("resilience:dashboard")).status_code == 200
    finally:
        app.conf.task_always_eager = True
    # The reminder state is right: the kit test's reminder is cancelled, the incident's email is pending.
    assert not Reminder.objects.filter(kind="kit_test", status=DeliveryStatus.PENDING).exists()
    assert Reminder.objects.filter(kind="incident_declared", status=DeliveryStatus.PENDING).count() == 1
    assert "could not queue" in caplog.text

    private_redis.start()
    workers()
    send_task(private_redis.url, "reminders.sweep")
    assert wait_for(lambda: len(smtp.messages) >= 2, 60)
    time.sleep(2)
    assert any(subject.startswith("Urgent") for subject in smtp.subjects())  # the incident email went out once Redis was back
    assert smtp.recipients().count(titulaire.email) == 2  # the incident email and the restore-test digest
    assert "kit" not in " ".join(
        Reminder.objects.filter(status=DeliveryStatus.SENT).values_list("kind", flat=True)
    )


def beat_sent_sweeps(logfile: Path) -> int:
    return logfile.read_text(encoding="utf-8").count("Sending due task") if logfile.exists() else 0


@pytest.mark.skipif(libfaketime() is None, reason="needs the faketime package (in .ci/run's APT list)")
def test_after_three_days_without_beat_one_catch_up_digest_per_person(private_redis, smtp, workers, tmp_path):
    """A real `celery beat` (django-celery-beat's database scheduler, the migration's 15-minute task) and a
    real worker send today's digest; beat and worker stop; they start again under libfaketime three days
    later, when three items have each fallen due on a different day: one catch-up digest per person with
    the latest stage of each item, not one per missed day."""
    from django.apps import apps
    from django_celery_beat.models import PeriodicTask

    from resilience.tests.factories import ActionItemFactory

    schedule = importlib.import_module("resilience.migrations.0005_reminders_beat_schedule")
    schedule.create_schedule(apps, None)  # the migration's schedule (a transactional test flushed it)
    task = PeriodicTask.objects.get(name=schedule.TASK_NAME)
    assert (task.task, task.interval.every, task.interval.period) == ("reminders.sweep", 15, "minutes")
    # Its last run was 20 minutes ago: the beat sends it as soon as it starts.
    PeriodicTask.objects.filter(pk=task.pk).update(last_run_at=timezone.now() - timedelta(minutes=20))

    today = timezone.localdate()
    users = []
    for number in range(3):
        cabinet = CabinetFactory(name=f"Cabinet en retard {number}")
        ReminderSettings.objects.create(cabinet=cabinet, digest_hour=0)
        users.append(MembershipFactory(cabinet=cabinet, role=Role.TITULAIRE).user)
        # Three items falling due on each of the next three days: 14 days ahead today, due or late in three days.
        Kit.objects.create(cabinet=cabinet, next_test_due=today + timedelta(days=1))
        RestoreTestFactory(cabinet=cabinet, performed_on=today - timedelta(days=180), next_due=today + timedelta(days=2))
        ActionItemFactory(assessment__cabinet=cabinet, due_date=today + timedelta(days=3))
    emails = sorted(user.email for user in users)

    first_log = tmp_path / "beat-today.log"
    beat, worker = workers(str(first_log), beat=True), workers("today")
    assert wait_for(lambda: len(smtp.messages) >= 3, 90), "the beat's first sweep sent no digest"
    time.sleep(3)
    stop(beat), stop(worker)  # beat saves its last run on a clean stop, as a host shutting down does
    assert sorted(smtp.recipients()) == emails
    assert beat_sent_sweeps(first_log) == 1
    assert set(Reminder.objects.values_list("stage", "status")) == {(0, DeliveryStatus.SENT)}
    before = set(Reminder.objects.values_list("id", flat=True))
    digests_before = set(Digest.objects.values_list("id", flat=True))

    # Three days without beat; then beat and worker start again, their clocks three days ahead.
    later_log = tmp_path / "beat-later.log"
    workers(str(later_log), faked="+3d", beat=True), workers("later", faked="+3d")
    assert wait_for(lambda: len(smtp.messages) >= 6, 120), "no catch-up digest after three days"
    time.sleep(5)  # let any duplicate arrive
    assert beat_sent_sweeps(later_log) == 1  # one run to catch up, not one per missed quarter of an hour
    assert sorted(smtp.recipients()) == sorted(emails * 2)  # one digest each before, one catch-up digest each after
    catch_up = Digest.objects.exclude(id__in=digests_before)
    assert catch_up.count() == 3 and {digest.day - today for digest in catch_up} <= {timedelta(days=3), timedelta(days=4)}
    caught_up = Reminder.objects.exclude(id__in=before)
    assert caught_up.count() == 9  # three items for each of the three titulaires, once
    assert set(caught_up.values_list("stage", "status")) == {(1, DeliveryStatus.SENT)}  # the due day's stage only
    for digest in catch_up:
        assert sorted(caught_up.filter(digest=digest).values_list("kind", flat=True)) == ["action", "kit_test", "restore_test"]
