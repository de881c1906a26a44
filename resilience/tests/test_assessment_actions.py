"""Following up the action plan: items with a status, an owner, a due date, a reason."""

import pytest
from django.urls import reverse

from resilience.assessment.scoring import PRIORITY_COUNT
from resilience.models import ActionItem, ActionStatus, AuditEvent, Membership
from resilience.tests.assessment_support import WEAK, answers, finish_assessment, result_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    assessment = finish_assessment(team, answers("yes", **WEAK, updates_system="no", wifi_encryption="no"))
    return assessment, list(ActionItem.objects.filter(assessment=assessment).order_by("position"))


def edit_url(item):
    return reverse("resilience:action_edit", args=[item.pk])


def owner_of(team, user):
    return Membership.objects.get(cabinet=team.cabinet, user=user)


def test_finishing_creates_one_item_per_action_in_plan_order(plan):
    assessment, items = plan
    assert [item.action_key for item in items[:3]] == ["backups_verify", "support_contact", "access_secure"]
    assert [item.position for item in items] == list(range(len(items)))
    assert [item.rank for item in items] == sorted(item.rank for item in items)
    assert all(item.status == ActionStatus.TODO and item.owner is None for item in items)
    assert len(items) > PRIORITY_COUNT


def test_a_member_takes_an_action_in_hand(team, plan):
    _, items = plan
    client = team.client_for(team.secretary)
    page = client.get(edit_url(items[0])).content.decode()
    assert "Vérifier les sauvegardes sans attendre" in page and team.titulaire.display_name in page
    assert team.outsider.display_name not in page  # only the cabinet's members are offered
    response = client.post(
        edit_url(items[0]),
        {"status": ActionStatus.IN_PROGRESS, "owner": owner_of(team, team.member).pk, "due_date": "2031-01-15"},
    )
    assert response.status_code == 302 and response.url == f"{result_url(items[0].assessment)}#action-{items[0].pk}"
    items[0].refresh_from_db()
    assert items[0].status == ActionStatus.IN_PROGRESS and items[0].owner.user == team.member
    assert str(items[0].due_date) == "2031-01-15"
    event = AuditEvent.objects.get(action="action_item.update")
    assert event.actor == team.secretary and "Vérifier les sauvegardes" in event.summary
    assert event.changes["status"] == ["todo", "in_progress"]
    assert event.changes["owner"] == [None, team.member.display_name]
    page = client.get(result_url(items[0].assessment)).content.decode()
    assert "En cours" in page and team.member.display_name in page


def test_the_owner_must_be_a_member_of_the_cabinet(team, plan):
    _, items = plan
    stranger = Membership.objects.get(user=team.outsider)
    response = team.client_for(team.titulaire).post(edit_url(items[0]), {"status": ActionStatus.TODO, "owner": stranger.pk})
    assert response.status_code == 200 and "Sélectionnez un choix valide" in response.content.decode()
    items[0].refresh_from_db()
    assert items[0].owner is None
    assert not AuditEvent.objects.filter(action="action_item.update").exists()


def test_not_retained_needs_a_reason_and_keeps_it(team, plan):
    _, items = plan
    client = team.client_for(team.titulaire)
    response = client.post(edit_url(items[-1]), {"status": ActionStatus.DROPPED, "dropped_reason": "  "})
    assert response.status_code == 200 and "Indiquez pourquoi" in response.content.decode()
    items[-1].refresh_from_db()
    assert items[-1].status == ActionStatus.TODO
    client.post(edit_url(items[-1]), {"status": ActionStatus.DROPPED, "dropped_reason": "Pas de Wi-Fi au cabinet."})
    items[-1].refresh_from_db()
    assert (items[-1].status, items[-1].dropped_reason) == (ActionStatus.DROPPED, "Pas de Wi-Fi au cabinet.")
    # Back to "à faire": the reason goes away with the decision.
    client.post(edit_url(items[-1]), {"status": ActionStatus.TODO, "dropped_reason": "Pas de Wi-Fi au cabinet."})
    items[-1].refresh_from_db()
    assert items[-1].dropped_reason == ""


def test_the_dashboard_shows_the_score_and_the_open_priorities(team, plan):
    assessment, items = plan
    client = team.client_for(team.titulaire)
    client.post(edit_url(items[0]), {"status": ActionStatus.DONE})
    client.post(edit_url(items[1]), {"status": ActionStatus.DROPPED, "dropped_reason": "Déjà affiché."})
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assert f'data-testid="dashboard-score">{assessment.score}/100' in page
    panel = page[page.index('data-testid="open-priorities"') :]
    panel = panel[: panel.index("</ul>")]
    assert "Vérifier les sauvegardes" not in panel and "Identifier un contact" not in panel
    assert "Sécuriser les accès essentiels" in panel
    assert panel.count("<li") == PRIORITY_COUNT - 2  # the priorities only, not the later actions


def test_an_action_keeps_its_follow_up_in_the_next_plan_unless_it_was_done(team, plan):
    first, items = plan
    client = team.client_for(team.titulaire)
    by_key = {item.action_key: item for item in items}
    member = owner_of(team, team.member)
    client.post(edit_url(by_key["support_contact"]), {"status": ActionStatus.IN_PROGRESS, "owner": member.pk, "due_date": "2031-02-01"})
    client.post(edit_url(by_key["backups_verify"]), {"status": ActionStatus.DONE, "owner": member.pk, "due_date": "2031-02-01"})
    client.post(edit_url(by_key["network_secure"]), {"status": ActionStatus.DROPPED, "dropped_reason": "Pas de Wi-Fi."})

    second = finish_assessment(team, answers("yes", **WEAK, wifi_encryption="no"))
    carried = {item.action_key: item for item in ActionItem.objects.filter(assessment=second)}
    assert carried["support_contact"].status == ActionStatus.IN_PROGRESS and carried["support_contact"].owner == member
    assert str(carried["support_contact"].due_date) == "2031-02-01"
    assert carried["backups_verify"].status == ActionStatus.TODO  # still triggered: the gap is still there
    assert carried["backups_verify"].owner == member and carried["backups_verify"].due_date is None
    assert carried["network_secure"].dropped_reason == "Pas de Wi-Fi."
    # The first plan is history now: its items are no longer edited, its page has no edit link.
    assert client.get(edit_url(by_key["access_secure"])).status_code == 404
    assert "Mettre à jour le suivi" not in client.get(result_url(first)).content.decode()
    assert "Mettre à jour le suivi" in client.get(result_url(second)).content.decode()
