"""Late actions, past due dates, re-opened actions, owners and the result PDF's tables."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from resilience import pdf
from resilience.models import ActionItem, ActionStatus
from resilience.tests.assessment_support import WEAK, answers, finish_assessment, result_url, tenant_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(team):
    assessment = finish_assessment(team, answers("yes", **WEAK, wifi_encryption="no"))
    return assessment, {item.action_key: item for item in ActionItem.objects.filter(assessment=assessment)}


def edit(client, item, **data):
    return client.post(reverse("resilience:action_edit", args=[item.pk]), {"status": ActionStatus.TODO, **data})


def test_an_open_action_past_its_due_date_is_late():
    yesterday = timezone.localdate() - timedelta(days=1)
    assert ActionItem(status=ActionStatus.TODO, due_date=yesterday).is_late
    assert ActionItem(status=ActionStatus.IN_PROGRESS, due_date=yesterday).is_late
    assert not ActionItem(status=ActionStatus.DONE, due_date=yesterday).is_late
    assert not ActionItem(status=ActionStatus.TODO, due_date=timezone.localdate()).is_late
    assert not ActionItem(status=ActionStatus.TODO).is_late


def test_a_past_due_date_gets_a_warning_then_is_kept_when_confirmed(team, plan):
    _, items = plan
    item = items["backups_verify"]
    client = team.client_for(team.titulaire)
    past = (timezone.localdate() - timedelta(days=30)).isoformat()
    response = edit(client, item, due_date=past)
    page = response.content.decode()
    assert response.status_code == 200 and "déjà passée" in page and f'value="{past}"' in page
    item.refresh_from_db()
    assert item.due_date is None  # nothing saved silently
    confirmed = response.context["form"]["past_due_confirmed"].value()
    assert edit(client, item, due_date=past, past_due_confirmed=confirmed).status_code == 302
    item.refresh_from_db()
    assert item.due_date.isoformat() == past
    future = (timezone.localdate() + timedelta(days=30)).isoformat()
    assert edit(client, items["support_contact"], due_date=future).status_code == 302  # no warning


def test_late_actions_are_marked_on_the_dashboard_and_the_plan(team, plan):
    assessment, items = plan
    ActionItem.objects.filter(pk=items["backups_verify"].pk).update(due_date=timezone.localdate() - timedelta(days=3))
    ActionItem.objects.filter(pk=items["support_contact"].pk).update(due_date=timezone.localdate() + timedelta(days=3))
    client = team.client_for(team.member)
    dashboard = client.get(reverse("resilience:dashboard")).content.decode()
    assert dashboard.count('data-testid="late"') == 1
    late_line = dashboard.split('data-testid="late"')[0].rsplit("<li", 1)[1]
    assert reverse("resilience:action_edit", args=[items["backups_verify"].pk]) in late_line
    result = client.get(result_url(assessment)).content.decode()
    block = result.split(f'id="action-{items["backups_verify"].pk}"')[1].split("plan-item")[0]
    assert 'data-testid="late"' in block and "En retard" in block
    assert result.count('data-testid="late"') == 1


def test_an_action_without_owner_says_so(team, plan):
    assessment, _ = plan
    page = team.client_for(team.member).get(result_url(assessment)).content.decode()
    assert "Pas encore de responsable" in page and "Responsable : personne" not in page


def test_a_dropped_action_reopens_when_the_answers_get_worse_with_the_old_reason(team, plan):
    _, items = plan
    client = team.client_for(team.titulaire)
    client.post(reverse("resilience:action_edit", args=[items["network_secure"].pk]), {"status": ActionStatus.DROPPED, "dropped_reason": "Wi-Fi réservé au secrétariat."})
    wifi_all_no = answers("yes", **WEAK, wifi_encryption="no", wifi_default_password_changed="no", wifi_guests_separated="no")
    second = finish_assessment(team, wifi_all_no)
    item = ActionItem.objects.get(assessment=second, action_key="network_secure")
    assert item.status == ActionStatus.TODO and item.reopened_reason == "Wi-Fi réservé au secrétariat."
    page = client.get(result_url(second)).content.decode()
    block = page.split(f'id="action-{item.pk}"')[1].split("plan-item")[0]
    assert 'data-testid="reopened"' in block and "Wi-Fi réservé au secrétariat." in block


def test_a_dropped_action_stays_dropped_when_the_answers_are_the_same(team, plan):
    _, items = plan
    client = team.client_for(team.titulaire)
    client.post(reverse("resilience:action_edit", args=[items["network_secure"].pk]), {"status": ActionStatus.DROPPED, "dropped_reason": "Pas de Wi-Fi."})
    second = finish_assessment(team, answers("yes", **WEAK, wifi_encryption="no"))
    item = ActionItem.objects.get(assessment=second, action_key="network_secure")
    assert item.status == ActionStatus.DROPPED and item.reopened_reason == ""


def rows_split_across_pages(document) -> int:
    """How many table rows WeasyPrint laid out on more than one page."""
    pages_of = {}
    for number, page in enumerate(document.pages):
        stack = [page._page_box]
        while stack:
            box = stack.pop()
            if type(box).__name__ == "TableRowBox":
                pages_of.setdefault(id(box.element), set()).add(number)
            stack.extend(getattr(box, "children", ()))
    return sum(1 for pages in pages_of.values() if len(pages) > 1)


def test_no_pdf_table_row_is_split_across_pages():
    cell = "Une question longue, posée ici pour remplir plusieurs lignes du tableau. " * 6
    rows = "".join(f"<tr><td>{n}. {cell}</td><td>Non</td></tr>" for n in range(30))
    document = pdf.layout(f"<html><body><table><tbody>{rows}</tbody></table></body></html>")
    assert len(document.pages) > 3
    assert rows_split_across_pages(document) == 0


def test_the_result_pdf_keeps_each_question_with_its_answer(team):
    from resilience.views.assessment_result import _context

    first = finish_assessment(team, answers("yes"), days_ago=200)
    second = finish_assessment(team, answers("no"))
    assert second.previous_id == first.pk
    tenant = tenant_for(team.titulaire, team.cabinet)
    document = pdf.render_document("resilience/assessment/result_pdf.html", _context(tenant, second))
    assert len(document.pages) > 2 and rows_split_across_pages(document) == 0
    html = render_to_string("resilience/assessment/result_pdf.html", _context(tenant, second))
    assert "Pas encore de responsable" in html
