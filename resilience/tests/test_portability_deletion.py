"""A titulaire deletes the cabinet: typed confirmation, emails, 7 days to cancel, then nothing of it remains."""

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from resilience.models import AuditEvent, Cabinet, Membership, Role, User
from resilience.portability import deletion
from resilience.portability.tables import scoped_models
from resilience.tests.factories import EmergencyContactFactory, MembershipFactory
from resilience.tests.portability_support import rich_cabinet

pytestmark = pytest.mark.django_db
DELETE = reverse("resilience:cabinet_delete")
CANCEL = reverse("resilience:cabinet_delete_cancel")


def _ask(team, typed="Cabinet des Acacias"):
    return team.client_for(team.titulaire).post(DELETE, {"confirmation": typed})


def test_a_wrong_name_is_refused_and_kept(team):
    response = _ask(team, "Cabinet des Acacia")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Ce n&#x27;est pas le nom du cabinet" in page and 'value="Cabinet des Acacia"' in page
    team.cabinet.refresh_from_db()
    assert team.cabinet.deletion_scheduled_for is None and not mail.outbox


def test_asking_schedules_the_deletion_in_7_days_and_tells_every_titulaire(team):
    second = MembershipFactory(cabinet=team.cabinet, role=Role.TITULAIRE).user
    before = timezone.now()
    response = _ask(team, "  cabinet DES acacias ")
    assert response.status_code == 302
    team.cabinet.refresh_from_db()
    delay = team.cabinet.deletion_scheduled_for - before
    assert timedelta(days=7) <= delay < timedelta(days=7, minutes=1)
    assert team.cabinet.deletion_requested_by == team.titulaire
    [message] = mail.outbox
    assert sorted(message.to) == sorted([team.titulaire.email, second.email])
    assert "Suppression du cabinet Cabinet des Acacias" in message.subject and CANCEL.rsplit("annuler", 1)[0] in message.body
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="cabinet.deletion_request", actor=team.titulaire).exists()
    # Asking twice changes nothing and sends nothing more.
    _ask(team)
    assert len(mail.outbox) == 1


def test_every_page_of_the_cabinet_shows_the_banner_and_any_titulaire_cancels(team):
    _ask(team)
    for user in (team.member, team.secretary):
        assert 'data-testid="deletion-banner"' in team.client_for(user).get(reverse("resilience:dashboard")).content.decode()
    outsider_page = team.client_for(team.outsider).get(reverse("resilience:dashboard")).content.decode()
    assert "deletion-banner" not in outsider_page
    # A praticien cannot cancel; another titulaire can.
    assert team.client_for(team.member).post(CANCEL).status_code == 403
    other = MembershipFactory(cabinet=team.cabinet, role=Role.TITULAIRE).user
    mail.outbox.clear()
    response = team.client_for(other).post(CANCEL)
    assert response.status_code == 302
    team.cabinet.refresh_from_db()
    assert team.cabinet.deletion_scheduled_for is None
    assert "annulée" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(cabinet=team.cabinet, action="cabinet.deletion_cancel", actor=other).exists()
    assert "deletion-banner" not in team.client_for(team.member).get(reverse("resilience:dashboard")).content.decode()
    # After the date, the purge leaves a cancelled cabinet alone.
    assert deletion.purge_due(timezone.now() + timedelta(days=8)) == []
    assert Cabinet.objects.filter(pk=team.cabinet.pk).exists()


@pytest.mark.parametrize("role", ["member", "secretary"])
def test_only_a_titulaire_asks(team, role):
    client = team.client_for(getattr(team, role))
    assert client.get(DELETE).status_code == 403
    assert client.post(DELETE, {"confirmation": "Cabinet des Acacias"}).status_code == 403
    team.cabinet.refresh_from_db()
    assert team.cabinet.deletion_scheduled_for is None


def test_an_outsider_cannot_schedule_another_cabinets_deletion(team):
    client = team.client_for(team.outsider)
    session = client.session
    session["cabinet_id"] = team.cabinet.pk
    session.save()
    response = client.post(DELETE, {"confirmation": "Cabinet des Acacias"})
    assert response.status_code == 200  # their own cabinet's page, with the name refused
    team.cabinet.refresh_from_db()
    team.other_cabinet.refresh_from_db()
    assert team.cabinet.deletion_scheduled_for is None and team.other_cabinet.deletion_scheduled_for is None


def test_get_on_cancel_goes_to_the_deletion_page(team):
    assert team.client_for(team.titulaire).get(CANCEL)["Location"] == DELETE


def _rows_referencing(cabinet_pk, scoped_pks):
    """Every row, in every table of every app, that points to the cabinet or to one of its rows."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            if target is Cabinet:
                pks = {cabinet_pk}
            elif target in scoped_pks:
                pks = scoped_pks[target]
            else:
                continue
            if pks and model._base_manager.filter(**{f"{field.attname}__in": pks}).exists():
                found.append(f"{model._meta.label}.{field.name}")
    for model, pks in scoped_pks.items():
        if model._base_manager.filter(pk__in=pks).exists():
            found.append(model._meta.label)
    return found


def _counts(cabinet):
    return {model: model._base_manager.filter(cabinet=cabinet).count() for model in scoped_models()}


def test_the_purge_removes_every_row_of_the_cabinet_and_nothing_else(team):
    cabinet = rich_cabinet()
    EmergencyContactFactory(cabinet=team.cabinet)
    members = list(Membership.objects.filter(cabinet=cabinet).values_list("user_id", flat=True))
    scoped_pks = {model: set(model._base_manager.filter(cabinet=cabinet).values_list("pk", flat=True)) for model in scoped_models()}
    assert sum(len(pks) for pks in scoped_pks.values()) > 50 and all(
        scoped_pks[apps.get_model(label)] for label in ("resilience.AuditEvent", "contracts.ContractDocument")
    )
    others = {c.pk: _counts(c) for c in Cabinet.objects.exclude(pk=cabinet.pk)}
    titulaire = Membership.objects.filter(cabinet=cabinet, role=Role.TITULAIRE).first().user

    deletion.request_deletion(cabinet, titulaire)
    assert deletion.purge_due() == []  # not yet: seven days to change one's mind
    assert Cabinet.objects.filter(pk=cabinet.pk).exists()

    mail.outbox.clear()
    out = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now() + timedelta(days=7, minutes=1)
        patch.setattr(timezone, "now", lambda: later)
        call_command("purge_deleted_cabinets", stdout=out)
    assert "Deleted: Cabinet démo" in out.getvalue()

    assert _rows_referencing(cabinet.pk, scoped_pks) == []
    assert not Cabinet.objects.filter(pk=cabinet.pk).exists()
    assert {c.pk: _counts(c) for c in Cabinet.objects.all()} == others
    # The people keep their accounts; the titulaires were told.
    assert User.objects.filter(pk__in=members).count() == len(members)
    assert mail.outbox[0].to == [titulaire.email] and "supprimé" in mail.outbox[0].subject


def test_the_hourly_periodic_task_is_scheduled_and_purges():
    # What the migration runs (run again here: a transactional test elsewhere may have flushed its row).
    migration = importlib.import_module("resilience.migrations.0005_purge_deleted_cabinets_task")
    migration.schedule(apps, None)
    migration.schedule(apps, None)
    task = PeriodicTask.objects.get(task="resilience.portability.tasks.purge_deleted_cabinets")
    assert task.crontab.minute == "17" and task.crontab.hour == "*"
    assert task.enabled and task.crontab is not None
    from resilience.portability.tasks import purge_deleted_cabinets

    cabinet = Cabinet.objects.create(name="Ancien cabinet", profession="autre", region="bretagne", departement="29")
    Cabinet.objects.filter(pk=cabinet.pk).update(deletion_scheduled_for=timezone.now() - timedelta(minutes=1))
    assert purge_deleted_cabinets.delay().get() == ["Ancien cabinet"]
    assert not Cabinet.objects.filter(pk=cabinet.pk).exists()


@pytest.mark.parametrize("typed", ["", "x" * 100_000, "Cabinet\x00des Acacias", "\u202eCabinet des Acacias", "<script>alert(1)</script>"])
def test_any_typed_text_gets_a_french_answer_never_a_500(team, typed):
    response = _ask(team, typed)
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or "is-invalid" in response.content.decode()
    team.cabinet.refresh_from_db()
    assert team.cabinet.deletion_scheduled_for is None
