"""Fixtures shared by the URPS statistics tests."""

import pytest

from resilience.statistics.tests.support import all_answers, cabinet, finished


@pytest.fixture
def region():
    """12 sharing cabinets in Gironde, 2 in Landes (too few), 6 in Bretagne (another region)."""
    for i in range(12):
        finished(cabinet("33", 1 if i < 6 else 3), all_answers(backup_exists="no" if i % 2 else "yes"))
    for _ in range(2):
        finished(cabinet("40", 1), all_answers(backup_exists="unknown"))
    for _ in range(6):
        finished(cabinet("35", 1, region="bretagne"), all_answers())
