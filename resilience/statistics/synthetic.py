"""Synthetic cabinets for the demo and the benchmarks: many, fast, and not uniform.

`load_demo --cabinets N --history MONTHS` calls `create`. Answers come from a
few hundred answer sets drawn once per size band (scored once each) and reused.
On PostgreSQL everything else is set-based SQL (`INSERT … SELECT … FROM
generate_series` with `random()`, seeded by `setseed`): seconds per ten
thousand cabinets. On SQLite (the quick start's 400 demo cabinets) the same
draws go through the ORM's bulk inserts. Realism, from the seed
guides' observations: solo practices are weaker on backups, contracts and
written procedures; larger ones on shared accounts and the Wi-Fi; "Je ne sais
pas" is common where a provider handles the IT. Most cabinets share (80 %);
each has 1 to 4 finished assessments (about 3 on average) spread over the
history, and about one in six none in the last year.
Synthetic cabinets have no members and keep no answer rows: only the summary
rows the URPS statistics read (and the priority actions of their latest plan).
"""

import json
import random
from datetime import timedelta

from django.db import connection, transaction
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
    if count <= 0:
        return 0
    create_rows = _create_sql if connection.vendor == "postgresql" else _create_orm
    return create_rows(count, history_months=history_months, seed=seed, region=region, start_number=start_number,
                       prefix=prefix, now=now or timezone.now())


def _create_orm(count, *, history_months, seed, region, start_number, prefix, now) -> int:
    rng = random.Random(seed + start_number)
    questionnaire = get_questionnaire()
    sets = profiles(rng, questionnaire)
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


# --- PostgreSQL: the same draws, set-based ------------------------------------------------

PROFESSION_WEIGHTS = [40, 12, 14, 16, 9, 3, 4, 2, 0]
PRACTITIONER_WEIGHTS = {1: 48, 2: 20, 3: 12, 4: 8, 5: 6, 6: 4, 8: 2}
ASSESSMENT_WEIGHTS = {1: 10, 2: 25, 3: 35, 4: 30}
STATUS_WEIGHTS = {ActionStatus.DONE: 35, ActionStatus.IN_PROGRESS: 20, ActionStatus.TODO: 45}


def _urn(weights) -> list:
    """A weighted draw as an array: `urn[1 + floor(random() * length)]` in SQL."""
    return [value for value, weight in weights for _ in range(weight)]


def _insert_columns(cursor, table, types, rows):
    """Many rows in one statement: one array per column, unnested."""
    columns = [list(column) for column in zip(*rows)]
    unnest = ", ".join(f"%s::{kind}[]" for kind in types)
    cursor.execute(f"INSERT INTO {table} SELECT * FROM unnest({unnest})", columns)


def _create_sql(count, *, history_months, seed, region, start_number, prefix, now) -> int:
    rng = random.Random(seed + start_number)
    questionnaire = get_questionnaire()
    sets = profiles(rng, questionnaire)
    span = max(history_months, 1) * 30
    professions = _urn(zip(Profession.values, PROFESSION_WEIGHTS))
    practitioners = _urn(PRACTITIONER_WEIGHTS.items())
    times = _urn(ASSESSMENT_WEIGHTS.items())
    statuses = _urn((str(k), v) for k, v in STATUS_WEIGHTS.items())
    region_codes = [region] if region else list(regions())
    cab, pc, asm, summ, theme, answer, action = (model._meta.db_table for model in (
        Cabinet, PractitionerCount, Assessment, AssessmentSummary, SummaryTheme, SummaryAnswer, ActionItem))
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(%s)", [((seed * 7919 + start_number) % 2000) / 1000 - 1])
        cursor.execute("""
            CREATE TEMP TABLE syn_profile (size int, idx int, score int, themes jsonb) ON COMMIT DROP;
            CREATE TEMP TABLE syn_answer (size int, idx int, question text, code text) ON COMMIT DROP;
            CREATE TEMP TABLE syn_action (size int, idx int, position int, action_key text, rank int, answer text)
                ON COMMIT DROP;
            CREATE TEMP TABLE syn_region (ord int, region text, deps text[]) ON COMMIT DROP;
        """)
        _insert_columns(cursor, "syn_profile", ("int", "int", "int", "jsonb"), [
            (size, idx, score, json.dumps(themes)) for size, group in enumerate(sets)
            for idx, (_a, score, themes, _p) in enumerate(group)])
        _insert_columns(cursor, "syn_answer", ("int", "int", "text", "text"), [
            (size, idx, key, code) for size, group in enumerate(sets)
            for idx, (answers, _s, _t, _p) in enumerate(group) for key, code in answers.items() if code in KEPT_ANSWERS])
        _insert_columns(cursor, "syn_action", ("int", "int", "int", "text", "int", "text"), [
            (size, idx, pos, item.action, item.rank, item.answer) for size, group in enumerate(sets)
            for idx, (_a, _s, _t, plan) in enumerate(group) for pos, item in enumerate(plan)])
        for ord_, code in enumerate(region_codes):
            cursor.execute("INSERT INTO syn_region VALUES (%s, %s, %s)", [ord_, code, list(regions()[code]["departements"])])
        # One row per cabinet: its draws, and its id taken from the table's sequence.
        cursor.execute(f"""
            CREATE TEMP TABLE syn_cab ON COMMIT DROP AS
            SELECT nextval(pg_get_serial_sequence('{cab}', 'id')) AS id, n, r.region,
                   r.deps[1 + floor(random() * array_length(r.deps, 1))::int] AS dep,
                   d.first, d.total, CASE WHEN d.total >= 3 AND d.roll < 0.3 AND d.other <> d.first THEN d.other END AS other,
                   random() < 0.8 AS share,
                   CASE WHEN d.total = 1 THEN 0 WHEN d.total <= 4 THEN 1 ELSE 2 END AS size
            FROM (
                SELECT n,
                       CASE WHEN %(region)s THEN 'medecine_generale'
                            ELSE (%(professions)s::text[])[1 + floor(random() * %(np)s)::int] END AS first,
                       (%(practitioners)s::int[])[1 + floor(random() * %(npr)s)::int] AS total,
                       random() AS roll,
                       (%(professions)s::text[])[1 + floor(random() * %(np)s)::int] AS other
                FROM generate_series(%(start)s, %(end)s) n
            ) d JOIN syn_region r ON r.ord = (d.n - 1) %% %(nr)s
        """, {"region": bool(region), "professions": professions, "np": len(professions),
              "practitioners": practitioners, "npr": len(practitioners), "start": start_number,
              "end": start_number + count - 1, "nr": len(region_codes)})
        cursor.execute(f"""
            INSERT INTO {cab} (id, name, profession, region, departement, practitioners, address, phone,
                               share_statistics, created_at, updated_at)
            SELECT id, %s || ' ' || lpad(n::text, 6, '0'), first, region, dep, total, '', '', share, %s, %s FROM syn_cab
        """, [prefix, now, now])
        cursor.execute(f"""
            INSERT INTO {pc} (cabinet_id, profession, count)
            SELECT id, first, total - (other IS NOT NULL)::int FROM syn_cab
            UNION ALL SELECT id, other, 1 FROM syn_cab WHERE other IS NOT NULL
        """)
        # Assessments: 1 to 4 per cabinet; about one cabinet in six none in the last year.
        cursor.execute(f"""
            CREATE TEMP TABLE syn_asm ON COMMIT DROP AS
            SELECT nextval(pg_get_serial_sequence('{asm}', 'id')) AS id, c.id AS cabinet_id, c.size,
                   floor(random() * %(sets)s)::int AS idx,
                   (%(now)s::timestamptz - make_interval(days => CASE WHEN c.stale
                        THEN 380 + floor(random() * (%(span)s - 380))::int ELSE floor(random() * %(span)s)::int END,
                        mins => floor(random() * 600)::int)) AS finished_at
            FROM (SELECT *, %(span)s > 400 AND random() < 0.17 AS stale,
                         (%(times)s::int[])[1 + floor(random() * %(nt)s)::int] AS times FROM syn_cab) c
            CROSS JOIN LATERAL generate_series(1, c.times) k
        """, {"sets": PROFILES_PER_SIZE, "now": now, "span": span, "times": times, "nt": len(times)})
        cursor.execute(f"""
            INSERT INTO {asm} (id, cabinet_id, questionnaire_version, started_at, finished_at, score, theme_scores)
            SELECT a.id, a.cabinet_id, %s, a.finished_at - interval '30 minutes', a.finished_at, p.score, p.themes
            FROM syn_asm a JOIN syn_profile p ON p.size = a.size AND p.idx = a.idx
        """, [questionnaire.version])
        cursor.execute(f"""
            INSERT INTO {summ} (assessment_id, cabinet_id, finished_at, score, latest, questionnaire_version)
            SELECT a.id, a.cabinet_id, a.finished_at, p.score,
                   row_number() OVER (PARTITION BY a.cabinet_id ORDER BY a.finished_at DESC, a.id DESC) = 1, %s
            FROM syn_asm a JOIN syn_profile p ON p.size = a.size AND p.idx = a.idx
        """, [questionnaire.version])
        cursor.execute(f"""
            CREATE TEMP TABLE syn_latest ON COMMIT DROP AS
            SELECT a.* FROM syn_asm a JOIN {summ} s ON s.assessment_id = a.id AND s.latest
        """)
        cursor.execute(f"""
            INSERT INTO {theme} (summary_id, theme, score)
            SELECT l.id, t.key, t.value::int FROM syn_latest l JOIN syn_profile p ON p.size = l.size AND p.idx = l.idx
            CROSS JOIN LATERAL jsonb_each_text(p.themes) t WHERE t.value IS NOT NULL
        """)
        cursor.execute(f"""
            INSERT INTO {answer} (summary_id, question, code)
            SELECT l.id, x.question, x.code FROM syn_latest l JOIN syn_answer x ON x.size = l.size AND x.idx = l.idx
        """)
        # The latest plan's priority actions, some done (within a few months of the assessment).
        cursor.execute(f"""
            INSERT INTO {action} (cabinet_id, assessment_id, action_key, rank, position, answer, status,
                                  dropped_reason, updated_at)
            SELECT l.cabinet_id, l.id, x.action_key, x.rank, x.position, x.answer,
                   (%(statuses)s::text[])[1 + floor(random() * %(ns)s)::int], '',
                   LEAST(%(now)s::timestamptz, l.finished_at + make_interval(days => floor(random() * 240)::int))
            FROM syn_latest l JOIN syn_action x ON x.size = l.size AND x.idx = l.idx
        """, {"statuses": statuses, "ns": len(statuses), "now": now})
        cursor.execute("DROP TABLE syn_profile, syn_answer, syn_action, syn_region, syn_cab, syn_asm, syn_latest")
    return count
