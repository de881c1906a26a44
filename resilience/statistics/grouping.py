"""SQL pieces the URPS statistics group by, shared by the query layer (queries.py) and the cube (cube.py).

Plain standard SQL (CASE): the same on PostgreSQL and on the SQLite quick start.
"""

from datetime import timedelta

from resilience.models import AssessmentSummary, Cabinet, PractitionerCount

PRIORITY_COUNT = 6
SIX_MONTHS = timedelta(days=183)

T_CAB = Cabinet._meta.db_table
T_PC = PractitionerCount._meta.db_table
T_SUM = AssessmentSummary._meta.db_table

SIZE_SQL = "CASE WHEN c.practitioners = 1 THEN '1' WHEN c.practitioners <= 4 THEN '2-4' ELSE '5+' END"
BAND_SQL = "CASE WHEN s.score IS NULL THEN -1 " + " ".join(
    f"WHEN s.score >= {10 * b} THEN {b}" for b in range(9, 0, -1)
) + " ELSE 0 END"


def quarter_case(column, quarters):
    """SQL giving the index of the trend quarter holding `column` (0 = oldest), with its params."""
    whens = []
    params = []
    for index in range(len(quarters) - 1, -1, -1):
        whens.append(f"WHEN {column} >= %s THEN {index}")
        params.append(quarters[index][1])
    return "CASE " + " ".join(whens) + " ELSE NULL END", params
