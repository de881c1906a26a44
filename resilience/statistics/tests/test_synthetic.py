"""The synthetic cabinets of `load_demo --cabinets N` (set-based on PostgreSQL): realistic, not uniform."""

from datetime import timedelta

import pytest
from django.db.models import Avg, Count, Max, Min, Sum
from django.utils import timezone

from resilience.models import ActionItem, Assessment, AssessmentSummary, Cabinet, PractitionerCount, SummaryAnswer, SummaryTheme
from resilience.statistics import synthetic

pytestmark = pytest.mark.django_db


def test_synthetic_cabinets_look_like_a_country():
    now = timezone.now()
    assert synthetic.create(3000, history_months=18, prefix="Synth", now=now) == 3000
    cabinets = Cabinet.objects.filter(name__startswith="Synth")
    assert cabinets.count() == 3000 and cabinets.values("region").distinct().count() > 10
    share = cabinets.filter(share_statistics=True).count() / 3000
    assert 0.76 < share < 0.84  # most, not all, share
    # Practitioner counts add up to the cabinet's size; some maisons de santé have two professions.
    sizes = dict(cabinets.annotate(total=Sum("practitioner_counts__count")).values_list("pk", "total"))
    assert sizes == dict(cabinets.values_list("pk", "practitioners"))
    multi = PractitionerCount.objects.values("cabinet").annotate(n=Count("id")).filter(n=2).count()
    assert 0 < multi < 300
    # 1 to 4 finished assessments each, spread over the history, one latest summary each.
    per_cabinet = Assessment.objects.values("cabinet").annotate(n=Count("id"))
    assert {row["n"] for row in per_cabinet} == {1, 2, 3, 4}
    assert 2.4 < Assessment.objects.count() / 3000 < 3.2
    span = Assessment.objects.aggregate(first=Min("finished_at"), last=Max("finished_at"))
    assert span["first"] >= now - timedelta(days=18 * 30 + 1) and span["last"] <= now
    assert AssessmentSummary.objects.filter(latest=True).count() == 3000
    assert AssessmentSummary.objects.count() == Assessment.objects.count()
    assert not SummaryTheme.objects.filter(summary__latest=False).exists()
    assert not SummaryAnswer.objects.filter(summary__latest=False).exists()
    assert ActionItem.objects.filter(assessment__summary__latest=True).count() > 3000
    # Some cabinets have not redone it for more than a year.
    stale = AssessmentSummary.objects.filter(latest=True, finished_at__lt=now - timedelta(days=365)).count()
    assert 0.08 < stale / 3000 < 0.3
    # Solo practices are weaker on backups than practices of five and more.
    backups = SummaryTheme.objects.filter(theme="sauvegardes")
    solo = backups.filter(summary__cabinet__practitioners=1).aggregate(a=Avg("score"))["a"]
    large = backups.filter(summary__cabinet__practitioners__gte=5).aggregate(a=Avg("score"))["a"]
    assert solo + 10 < large


def test_a_second_batch_continues_the_numbering():
    synthetic.create(50, prefix="Synth")
    synthetic.create(50, prefix="Synth", start_number=51)
    names = sorted(Cabinet.objects.filter(name__startswith="Synth").values_list("name", flat=True))
    assert names[0] == "Synth 000001" and names[-1] == "Synth 000100" and len(set(names)) == 100
