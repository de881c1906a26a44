"""Synthetic cabinets for the demo and the benchmarks: many, fast, and not uniform.

`load_demo --cabinets N --history MONTHS` calls `create`. Answers come from a
few hundred answer sets drawn once per size band (scored once each) and reused,
so ten thousand cabinets are bulk-inserted in seconds. Realism, from the seed
guides' observations: solo practices are weaker on backups, contracts and
written procedures; larger ones on shared accounts and the Wi-Fi; "Je ne sais
pas" is common where a provider handles the IT. Most cabinets share (80 %);
each has 1 to 4 finished assessments (about 3 on average) spread over the
history, and about one in six none in the last year.
Synthetic cabinets have no members and keep no answer rows: only the summary
rows the URPS statistics read (and the priority actions of their latest plan).
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from resilience.assessment import scoring
from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import (
    ActionItem, ActionStatus, Assessment, AssessmentSummary, Cabinet, PractitionerCount, Profession, SummaryAnswer,
    SummaryTheme,
)
from resilience.professions import main_profession
from resilience.statistics.summary import KEPT_ANSWERS
from resilience.territories import regions

PREFIX = "Cabinet synthétique"
BATCH = 2000
PROFILES_PER_SIZE = 150
# Chance of "yes" by theme, for (solo, 2–4, 5+) practices.
YES_CHANCE = {
    "sauvegardes": (0.35, 0.55, 0.7),
    "protection_sauvegardes": (0.3, 0.45, 0.6),
    "contact_appui": (0.45, 0.6, 0.75),
    "mots_de_passe": (0.55, 0.45, 0.45),
    "double_verification": (0.3, 0.35, 0.45),
    "wifi": (0.6, 0.5, 0.45),
    "prestataire": (0.25, 0.4, 0.55),
    "incident": (0.3, 0.4, 0.5),
}
DEFAULT_YES = (0.5, 0.55, 0.6)


def size_index(practitioners: int) -> int:
    return 0 if practitioners == 1 else 1 if practitioners <= 4 else 2


def _answers(rng, questionnaire, size, care):
    found = {}
    for question in questionnaire.questions:
        yes = min(0.95, YES_CHANCE.get(question.theme, DEFAULT_YES)[size] * care)
        roll = rng.random()
        if "na" in question.answers and roll < 0.06:
            code = "na"
        elif roll < yes:
            code = "yes"
        elif "partial" in question.answers and roll < yes + 0.15:
            code = "partial"
        elif roll < yes + 0.15 + 0.12 * (1.3 if question.theme in ("prestataire", "protection_sauvegardes") else 1):
            code = "unknown"
        else:
            code = "no"
        found[question.key] = code
    return found


def profiles(rng, questionnaire):
    """Per size band: (answers, score, theme scores, plan's first six actions) for PROFILES_PER_SIZE answer sets."""
    result = []
    for size in range(3):
        sets = []
        for _ in range(PROFILES_PER_SIZE):
            answers = _answers(rng, questionnaire, size, care=rng.uniform(0.6, 1.5))
            plan = scoring.action_plan(questionnaire, answers)[: scoring.PRIORITY_COUNT]
            sets.append((answers, scoring.overall_score(questionnaire, answers),
                         scoring.theme_scores(questionnaire, answers), plan))
        result.append(sets)
    return result


def _practitioners(rng):
    """{profession: count}: most cabinets one profession, some maisons de santé with several."""
    weights = [40, 12, 14, 16, 9, 3, 4, 2, 0]
    first = rng.choices(Profession.values, weights=weights)[0]
    total = rng.choices([1, 2, 3, 4, 5, 6, 8], weights=[48, 20, 12, 8, 6, 4, 2])[0]
    counts = {first: total}
    if total >= 3 and rng.random() < 0.3:
        other = rng.choices(Profession.values, weights=weights)[0]
        if other != first:
            counts = {first: total - 1, other: 1}
    return counts


@transaction.atomic
def create(count: int, *, history_months: int = 18, seed: int = 11, region: str | None = None, start_number: int = 1,
           prefix: str = PREFIX, now=None) -> int:
    """Insert `count` synthetic cabinets with their finished assessments; returns the number created."""
    rng = random.Random(seed + start_number)
    questionnaire = get_questionnaire()
    sets = profiles(rng, questionnaire)
    now = now or timezone.now()
    span = max(history_months, 1) * 30
    region_codes = list(regions())
    created = 0
    for offset in range(0, count, BATCH):
        batch = []
        meta = []
        for number in range(start_number + offset, start_number + min(offset + BATCH, count)):
            cabinet_region = region or region_codes[(number - 1) % len(region_codes)]
            counts = _practitioners(rng)
            if region:  # the demo region's set: every cabinet has a médecin généraliste (the demo admin's scope)
                counts = {Profession.MEDECINE_GENERALE: counts.pop(next(iter(counts))), **counts}
            total = sum(counts.values())
            batch.append(Cabinet(
                name=f"{prefix} {number:06d}", profession=main_profession(counts), practitioners=total,
                region=cabinet_region, departement=rng.choice(list(regions()[cabinet_region]["departements"])),
                share_statistics=rng.random() < 0.8,
            ))
            meta.append(counts)
        cabinets = Cabinet.objects.bulk_create(batch)
        PractitionerCount.objects.bulk_create(
            PractitionerCount(cabinet=cabinet, profession=p, count=n)
            for cabinet, counts in zip(cabinets, meta) for p, n in counts.items()
        )
        assessments, chosen = [], []
        for cabinet in cabinets:
            # About one cabinet in six has not redone its assessment for more than a year.
            window = range(380, span) if span > 400 and rng.random() < 0.17 else range(span)
            times = min(rng.choices([1, 2, 3, 4], weights=[10, 25, 35, 30])[0], len(window))
            done = sorted(rng.sample(window, times), reverse=True)
            for index, days in enumerate(done):
                answers, score, themes, plan = rng.choice(sets[size_index(cabinet.practitioners)])
                finished = now - timedelta(days=days, minutes=rng.randint(0, 600))
                assessments.append(Assessment(cabinet=cabinet, questionnaire_version=questionnaire.version,
                                              started_at=finished - timedelta(minutes=30), finished_at=finished,
                                              score=score, theme_scores=themes))
                chosen.append((cabinet, index == len(done) - 1, answers, plan))
        assessments = Assessment.objects.bulk_create(assessments)
        summaries = AssessmentSummary.objects.bulk_create(
            AssessmentSummary(assessment=a, cabinet=c, finished_at=a.finished_at, score=a.score, latest=latest,
                              questionnaire_version=a.questionnaire_version)
            for a, (c, latest, _answers_, _plan) in zip(assessments, chosen)
        )
        latest_rows = [(s, a, ans, plan) for s, a, (_c, latest, ans, plan) in zip(summaries, assessments, chosen) if latest]
        SummaryTheme.objects.bulk_create(
            SummaryTheme(summary=s, theme=t, score=v) for s, a, _ans, _p in latest_rows
            for t, v in a.theme_scores.items() if v is not None
        )
        SummaryAnswer.objects.bulk_create(
            SummaryAnswer(summary=s, question=k, code=c) for s, _a, ans, _p in latest_rows
            for k, c in ans.items() if c in KEPT_ANSWERS
        )
        ActionItem.objects.bulk_create(
            ActionItem(cabinet_id=a.cabinet_id, assessment=a, action_key=item.action, rank=item.rank, position=pos,
                       answer=item.answer,
                       status=rng.choices([ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.TODO], [35, 20, 45])[0])
            for _s, a, _ans, plan in latest_rows for pos, item in enumerate(plan)
        )
        created += len(cabinets)
    return created
