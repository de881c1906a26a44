"""Practitioners by profession, in words: pure functions."""

import pytest

from resilience.models import Profession
from resilience.professions import main_profession, ordered, profession_words, summary


def test_every_profession_has_its_words():
    assert set(profession_words()) == set(Profession.values)


@pytest.mark.parametrize(
    "counts, expected",
    [
        ({"kinesitherapie": 1}, "1 kiné"),
        ({"medecine_generale": 3, "soins_infirmiers": 2, "kinesitherapie": 1}, "3 médecins, 2 infirmiers, 1 kiné"),
        ({"kinesitherapie": 1, "medecine_generale": 3, "soins_infirmiers": 2}, "3 médecins, 2 infirmiers, 1 kiné"),
        ({"maieutique": 2, "chirurgie_dentaire": 0}, "2 sages-femmes"),
    ],
)
def test_summary_names_each_profession_most_practitioners_first(counts, expected):
    assert summary(counts) == expected


def test_long_words_for_documents():
    assert summary({"kinesitherapie": 2}, short=False) == "2 masseurs-kinésithérapeutes"


def test_ties_follow_the_professions_order_and_zero_is_left_out():
    assert ordered({"soins_infirmiers": 2, "medecine_generale": 2, "podologie": 0}) == [
        ("medecine_generale", 2),
        ("soins_infirmiers", 2),
    ]
    assert main_profession({"soins_infirmiers": 2, "kinesitherapie": 5}) == "kinesitherapie"


def test_a_cabinet_without_practitioner_has_no_main_profession():
    with pytest.raises(ValueError):
        main_profession({"kinesitherapie": 0})
