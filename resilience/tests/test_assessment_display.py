"""Progress, result assembly, charts and links: pure functions, no database."""

import pytest
from django.urls import reverse

from resilience.assessment.charts import GREEN, RED, history_chart, theme_chart
from resilience.assessment.links import action_url
from resilience.assessment.progress import neighbours, progress, question_rows, resume_theme
from resilience.assessment.questionnaire import get_questionnaire
from resilience.assessment.results import build_result
from resilience.assessment.scoring import action_plan


@pytest.fixture
def shipped():
    return get_questionnaire()


def test_progress_counts_answers_per_theme_and_ignores_unknown_keys(shipped):
    state = progress(shipped, {"backup_exists": "no", "backup_recent": "yes", "gone_question": "yes"})
    assert (state.answered, state.total, state.percent) == (2, 69, 3)
    first = state.themes[0]
    assert (first.theme.key, first.number, first.answered, first.total, first.complete) == ("sauvegardes", 1, 2, 5, False)
    assert not state.complete


def test_pages_follow_the_theme_order(shipped):
    assert neighbours(shipped, "sauvegardes") == (None, "protection_sauvegardes")
    assert neighbours(shipped, "incident") == ("prestataire", "vigilance")
    assert neighbours(shipped, "vigilance") == ("incident", None)


def test_resuming_starts_at_the_first_theme_with_a_question_left(shipped):
    assert resume_theme(shipped, {}) == "sauvegardes"
    first_two = {q.key: "yes" for q in shipped.questions[:9]}
    assert resume_theme(shipped, first_two) == "contact_appui"
    first_two.pop("backup_exists")
    assert resume_theme(shipped, first_two) == "sauvegardes"
    assert resume_theme(shipped, {q.key: "na" if "na" in q.answers else "no" for q in shipped.questions}) is None


def test_a_question_row_shows_the_previous_answer_only_if_it_still_fits(shipped):
    rows = question_rows(shipped, "contact_appui", {"support_contact_shared": "yes"}, {"support_contact_identified": "partial", "support_contact_displayed": "no"})
    assert [row.number for row in rows] == [10, 11, 12]
    assert rows[0].previous is None  # "partial" is not offered for this question any more
    assert rows[1].previous_label == "Non" and rows[2].current == "yes"
    assert rows[0].choices == (("yes", "Oui"), ("no", "Non"), ("unknown", "Je ne sais pas"))


def test_the_result_joins_scores_plan_and_texts(shipped):
    answers = {q.key: "yes" for q in shipped.questions} | {"backup_exists": "no", "support_contact_identified": "unknown"}
    result = build_result(shipped, answers)
    assert 0 < result.overall < 100
    assert [entry.action.key for entry in result.plan] == ["backups_verify", "support_contact"]
    assert result.plan[0].number == 1 and result.plan[0].questions[0].key == "backup_exists"
    assert [f.question.key for f in result.fragilities] == ["backup_exists", "support_contact_identified"]
    assert result.themes[0].theme.key == "sauvegardes" and result.themes[0].previous is None
    assert result.comparison is None and result.priorities == result.plan and result.later == ()


def test_the_result_compares_and_labels_unanswered_questions(shipped):
    before = {q.key: "yes" for q in shipped.questions}
    after = dict(before, backup_exists="no")
    del after["wifi_encryption"]
    result = build_result(shipped, after, (shipped, before))
    assert result.unanswered == 1
    worsened = {change.question.key: (change.before, change.after) for change in result.worsened}
    assert worsened == {"backup_exists": ("Oui", "Non"), "wifi_encryption": ("Oui", "Sans réponse")}
    sauvegardes = result.themes[0]
    assert (sauvegardes.previous, sauvegardes.delta) == (100, sauvegardes.score - 100)


def test_stored_answers_of_removed_questions_are_ignored(shipped):
    result = build_result(shipped, {"backup_exists": "yes", "removed_question": "no", "backup_recent": "na"})
    assert result.themes[0].answered == 1  # "na" is not offered for backup_recent: dropped too


def test_the_theme_chart_draws_bars_values_and_previous_ticks():
    chart = theme_chart([("Sauvegardes", 40, 20), ("Wi-Fi", None, None), ("Incident", 100, None)], width=340)
    assert (chart.width, chart.height, chart.track_width) == (340, 126, 276)
    first, second, third = chart.bars
    assert (first.bar_width, first.text, first.fill, first.previous_x) == (110.4, "40/100", RED, 55.2)
    assert (second.bar_width, second.text, second.previous_x) == (0, "non concerné", None)
    assert (third.bar_width, third.fill) == (276, GREEN)
    assert chart.description == "Sauvegardes : 40/100 (avant : 20/100) ; Wi-Fi : non concerné ; Incident : 100/100"
    assert chart.has_previous


def test_the_history_chart_puts_the_oldest_on_the_left():
    chart = history_chart([("mai 2026", 40), ("nov. 2026", 80)], width=340, height=170)
    old, new = chart.bars
    assert old.centre < new.centre and old.height * 2 == pytest.approx(new.height, abs=0.2)
    assert new.y + new.height == chart.baseline and (old.text, new.text) == ("40", "80")
    assert chart.description == "mai 2026 : 40/100 ; nov. 2026 : 80/100"
    assert new.label_lines == ("nov.", "2026")


def test_links_are_shown_only_for_pages_that_exist(shipped):
    assert action_url(shipped.action("support_contact")) == reverse("resilience:contacts")
    assert action_url(shipped.action("access_secure")) is None  # no page for it
    missing = [a for a in shipped.actions if a.link and a.link.split(":")[0] not in ("resilience",)]
    for action in missing:  # kit/incidents/contracts pages: a link if and only if the URL resolves
        url = action_url(action)
        assert url is None or url.startswith("/")


def test_a_known_gap_comes_before_a_doubt_within_a_rank(shipped):
    answers = {q.key: "yes" for q in shipped.questions} | {"backup_exists": "no", "backup_two_places": "unknown"}
    assert [item.action for item in action_plan(shipped, answers)][:2] == ["backups_verify", "backups_ask_provider"]
