"""The attacker: every filter combination offered, every figure shown, no small group read or derived.

It walks every value of every filter (profession, département, size, period),
builds the report the page, the CSV, the XLSX and the PDF all render, and
collects each figure with the group of cabinets it is about, computed here
independently from the raw cabinets and assessments. Then it checks that:
- no shown figure is about 1 to N-1 cabinets, and every shown count is right;
- no two shown groups, one inside the other, differ by 1 to N-1 cabinets;
- no shown total minus its shown parts (by département, size or score band)
  leaves 1 to N-1 cabinets.
The fixture is small and spiky on purpose: groups of 1 to 6 cabinets in
several départements, multi-profession cabinets, non-sharing ones, several
assessments per cabinet over two years, and cabinets outside the region.
"""

import random
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from resilience.models import Assessment, Cabinet, UrpsAdmin
from resilience.statistics import cube, queries, report
from resilience.statistics.disclosure import ALL, COUNTRY, REGISTERED, SHARING
from resilience.statistics.filters import PERIODS, SIZE_RANGES, SIZES, Calendar, Filters, Scope
from resilience.statistics.tests.support import all_answers, cabinet, finished
from resilience.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
N = 5
SCOPE_PROFESSIONS = ["medecine_generale", "kinesitherapie"]


def build_fixture(seed):
    rng = random.Random(seed)
    codes = ["yes", "no", "unknown", "partial"]
    plan = [("33", 30), ("64", 10), ("40", 3), ("24", 1)]  # Gironde, Pyrénées-Atlantiques, Landes, Dordogne
    for departement, count in plan:
        for _ in range(count):
            counts = rng.choice([{"medecine_generale": 1}, {"medecine_generale": 3}, {"kinesitherapie": 1},
                                 {"kinesitherapie": 2, "medecine_generale": 1}, {"soins_infirmiers": 2},
                                 {"medecine_generale": 6}])
            c = cabinet(departement, counts=counts, share=rng.random() < 0.85)
            for days in sorted(rng.sample([5, 40, 100, 200, 300, 420, 600, 700], rng.randint(0, 3)), reverse=True):
                finished(c, all_answers(**{k: rng.choice(codes[:3]) for k in ("backup_exists", "mfa_mail", "wifi_encryption")},
                                        backup_offline="no" if counts.get("medecine_generale") == 1 else "yes"),
                         days_ago=days)
    for _ in range(8):  # elsewhere in France
        c = cabinet("35", region="bretagne", counts={"medecine_generale": rng.choice([1, 2, 5])})
        finished(c, all_answers(backup_exists=rng.choice(codes)), days_ago=rng.choice([10, 150, 400]))


def truth(calendar):
    """cell -> frozenset of cabinet ids, from the raw tables."""
    cabinets = {c.pk: c for c in Cabinet.objects.prefetch_related("practitioner_counts")}
    assessments = {}
    for a in Assessment.objects.finished().order_by("finished_at"):
        assessments.setdefault(a.cabinet_id, []).append(a)
    periods = dict(calendar.periods)
    quarters = {key: (start, end) for key, start, end in calendar.quarters}

    def members(cell, scope):
        profession, departement, size, band, population = cell
        found = set()
        for pk, c in cabinets.items():
            professions = {pc.profession for pc in c.practitioner_counts.all()} & set(scope.professions)
            if not professions or (profession != ALL and profession not in professions):
                continue
            if departement == COUNTRY:
                pass
            elif c.region not in scope.region_codes or (departement != ALL and c.departement != departement):
                continue
            if size != ALL and not (SIZE_RANGES[size][0] <= c.practitioners <= SIZE_RANGES[size][1]):
                continue
            if population == REGISTERED:
                found.add(pk)
                continue
            if not c.share_statistics:
                continue
            if population == SHARING:
                found.add(pk)
                continue
            done = assessments.get(pk, [])
            if population in periods:
                if not done or done[-1].finished_at < periods[population]:
                    continue
                score = done[-1].score
                if band != ALL and ("none" if score is None else min(score // 10, 9)) != band:
                    continue
                found.add(pk)
            else:
                start, end = quarters[population]
                if any(a.finished_at >= start and (end is None or a.finished_at < end) for a in done):
                    found.add(pk)
        return frozenset(found)

    return members


@pytest.mark.parametrize("from_cube", [False, True], ids=["summary rows", "cube"])
@pytest.mark.parametrize("seed", [1])
def test_no_filter_combination_reveals_a_small_group(seed, from_cube):
    build_fixture(seed)
    admin = UrpsAdmin.objects.create(user=UserFactory(), region="nouvelle-aquitaine", professions=SCOPE_PROFESSIONS)
    scope = Scope.of(admin)
    calendar = Calendar(timezone.localdate())
    if from_cube:  # the groups' figures summed from the cube, as pages read them after the warming task
        build = cube.refresh(queries.current_version(), calendar, cube.profession_sets([scope]))
        assert cube.covers(build, queries.current_version(), calendar, scope.professions)
    members = truth(calendar)
    shown: dict[tuple, frozenset] = {}
    combinations = 0
    with override_settings(URPS_MIN_CABINETS=N):
        for profession in [ALL, *scope.professions]:
            for departement in [ALL, *scope.departements]:
                for size in [ALL, *SIZES]:
                    for period in PERIODS:
                        built = report.build(scope, Filters(profession, departement, size, period), calendar)
                        combinations += 1
                        for table in built.tables:
                            for row in table.rows:
                                for figure in row[1:]:
                                    if getattr(figure, "cell", None) is None or figure.hidden:
                                        continue
                                    group = shown.get(figure.cell) or members(figure.cell, scope)
                                    assert len(group) >= N, (figure.cell, len(group))
                                    if table.key in ("participation", "departements", "professions", "tailles",
                                                     "histogramme") or (table.key == "tendance" and row.index(figure) in (1, 3)):
                                        assert figure.value == len(group), (figure.cell, figure.value, len(group))
                                    shown[figure.cell] = group
    assert combinations == 3 * (len(scope.departements) + 1) * 4 * 3
    assert len(shown) > 20, "the fixture must show figures, or the test proves nothing"

    # Nested groups: no difference of 1 to N-1 cabinets.
    groups = {}
    for cell, group in shown.items():
        groups.setdefault(group, cell)
    bits = {group: sum(1 << pk for pk in group) for group in groups}
    for a, a_bits in bits.items():
        for b, b_bits in bits.items():
            if a is not b and b_bits & ~a_bits == 0 and len(a) > len(b):
                assert not 0 < len(a) - len(b) < N, (groups[a], groups[b], len(a), len(b))

    # A total minus its shown parts, along each breakdown.
    parts_of = {1: [*scope.departements], 2: [*SIZES], 3: [*range(10), "none"]}
    for cell, group in shown.items():
        for dimension, values in parts_of.items():
            if cell[dimension] != ALL or cell[1] == COUNTRY:
                continue
            if dimension == 3 and cell[4] in (REGISTERED, SHARING) or (dimension == 3 and cell[4].startswith("q")):
                continue
            parts = [cell[:dimension] + (v,) + cell[dimension + 1:] for v in values]
            rest = len(group) - sum(len(shown[p]) for p in parts if p in shown)
            assert not 0 < rest < N, (cell, dimension, rest)
