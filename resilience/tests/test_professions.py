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


def test_the_notice_names_the_practitioner_in_the_professions_words():
    from resilience.professions import your_practitioner

    assert your_practitioner(["kinesitherapie"]) == "votre kinésithérapeute"
    assert your_practitioner(["medecine_generale", "medecine_specialisee"]) == "votre médecin"
    assert your_practitioner(["medecine_generale", "soins_infirmiers"]) == "votre soignant"


def test_only_the_forms_the_professions_write_are_named():
    from resilience.professions import paper_documents

    assert paper_documents(["kinesitherapie"]) == "les feuilles de soins"
    assert paper_documents(["soins_infirmiers", "orthophonie"]) == "les feuilles de soins"
    assert paper_documents(["medecine_generale", "kinesitherapie"]) == (
        "les ordonnances, les feuilles de soins et les arrêts de travail"
    )


def test_no_profession_is_told_of_a_form_it_cannot_write():
    """DOMAIN.md: kinés, infirmiers, orthophonistes and podologues write no arrêt de travail."""
    words = profession_words()
    for code in ("kinesitherapie", "soins_infirmiers", "orthophonie", "podologie"):
        assert not any("arrêt" in d.lower() for d in words[code].paper_documents + words[code].exam_documents), code
        assert not any("arrêt de travail" in tip.text for tip in words[code].degraded_tips), code
    assert words["kinesitherapie"].exam_sheet == "Fiche de séance"
    assert words["soins_infirmiers"].exam_sheet == "Fiche de soins"


def test_degraded_tips_are_sourced_and_shared_tips_come_once():
    from resilience.content import check_source
    from resilience.professions import degraded_tips

    tips = degraded_tips(["soins_infirmiers", "kinesitherapie", "orthophonie"])
    assert len([tip for tip in tips if "SCOR" in tip.text]) == 1
    for tip in tips:
        assert check_source(tip.source, "tip")
    assert degraded_tips(["autre"]) == []
