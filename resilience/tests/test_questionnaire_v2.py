"""Questionnaire v2 (issue 10): new questions, questions for one profession only, plain words.

Pure tests over the shipped files and small hand-made questionnaires: no database.
"""

import re

import pytest
import yaml

from resilience.assessment.questionnaire import QUESTIONNAIRE_DIR, get_questionnaire, load_questionnaire, shipped_questionnaires
from resilience.assessment.scoring import action_plan, overall_score, shared_score, shared_theme_scores, theme_scores
from resilience.content import ContentError

_V2_PATH = QUESTIONNAIRE_DIR / "v2.yaml"
KINE = ("kinesitherapie",)
MEDECIN = ("medecine_generale",)
MSP = ("medecine_generale", "soins_infirmiers", "kinesitherapie")


@pytest.fixture(scope="module")
def v2():
    return get_questionnaire(2)


def test_v2_is_the_latest_and_v1_still_loads_unchanged_for_old_assessments():
    shipped = shipped_questionnaires()
    assert max(shipped) == 2 and get_questionnaire().version == 2
    v1 = get_questionnaire(1)
    assert len(v1.questions) == 61 and not any(q.professions for q in v1.questions)
    assert v1.has_question("backup_exists") and not v1.has_question("cyber_insurance")


def test_every_v1_question_key_is_kept_in_v2(v2):
    assert {q.key for q in get_questionnaire(1).questions} <= {q.key for q in v2.questions}


@pytest.mark.parametrize(
    "key, source",
    [
        ("cyber_insurance", "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000047048152"),
        ("phishing_spotted", "002_20f619a0e62bd7b5.txt"),
        ("spam_reported", "003_c7ec35999b95aa37.txt"),
        ("sharing_need_to_know", "003_c7ec35999b95aa37.txt"),
        ("wifi_name_hidden", "002_20f619a0e62bd7b5.txt"),
        ("threat_watch", "003_c7ec35999b95aa37.txt"),
        ("it_memo_written", "003_c7ec35999b95aa37.txt"),
    ],
)
def test_the_guides_items_not_yet_covered_are_asked_with_their_source(v2, key, source):
    question = v2.question(key)
    assert question.source == source and question.shared


def test_cyber_insurance_leads_to_the_contacts_and_says_the_72_hours(v2):
    action = v2.action("cyber_insurance")
    assert action.link == "resilience:contacts"
    text = " ".join(action.how)
    assert "L12-10-1" in text and "72 heures" in text and "Assureur cyber" in text
    assert "e-CPS" in v2.question("phishing_spotted").text
    assert "https://signal-spam.fr" in " ".join(v2.action("phishing_aware").how)
    assert "L.1110-4" in v2.action("data_sharing").why


def test_profession_questions_are_asked_only_of_their_professions(v2):
    assert v2.question("kine_bilan_secure").professions == KINE
    assert set(v2.question("vsm_up_to_date").professions) == {"medecine_generale", "medecine_specialisee"}
    kine = v2.for_professions(KINE)
    medecin = v2.for_professions(MEDECIN)
    msp = v2.for_professions(MSP)
    assert kine.has_question("kine_bilan_secure") and not kine.has_question("vsm_up_to_date")
    assert medecin.has_question("vsm_up_to_date") and not medecin.has_question("kine_bilan_secure")
    assert msp.has_question("vsm_up_to_date") and msp.has_question("kine_bilan_secure")
    assert kine.version == medecin.version == 2
    # Shared questions are asked of everyone, in the same order.
    shared = [q.key for q in v2.questions if q.shared]
    assert [q.key for q in kine.questions if q.shared] == shared == [q.key for q in medecin.questions if q.shared]


def test_a_question_not_asked_does_not_count_and_triggers_nothing(v2):
    kine = v2.for_professions(KINE)
    answers = {q.key: "yes" for q in kine.questions}
    assert overall_score(kine, answers) == 100
    assert action_plan(kine, answers) == ()
    # The full questionnaire would count the médecins' VSM question, unanswered, as "unknown".
    assert overall_score(v2, answers) < 100


def test_the_shared_score_compares_cabinets_on_the_questions_they_share(v2):
    kine, medecin = v2.for_professions(KINE), v2.for_professions(MEDECIN)
    shared_answers = {q.key: ("no" if q.theme == "sauvegardes" else "yes") for q in v2.questions if q.shared}
    kine_answers = {**shared_answers, "kine_bilan_secure": "no"}
    medecin_answers = {**shared_answers, "vsm_up_to_date": "yes"}
    # Their own scores differ by their own profession's question…
    assert overall_score(kine, kine_answers) < overall_score(medecin, medecin_answers)
    # …the score the URPS compares does not.
    assert shared_score(kine, kine_answers) == shared_score(medecin, medecin_answers) == shared_score(v2, shared_answers)
    assert shared_theme_scores(kine, kine_answers) == shared_theme_scores(medecin, medecin_answers)
    assert shared_theme_scores(kine, kine_answers)["messagerie"] == theme_scores(v2.shared_part(), shared_answers)["messagerie"]


# --- plain words ---------------------------------------------------------------------


def all_texts(questionnaire):
    for q in questionnaire.questions:
        yield q.key, f"{q.text} {q.why}"
    for a in questionnaire.actions:
        yield a.key, " ".join((a.title, a.why, *a.how))


def test_one_spelling_of_amelipro_and_mon_espace_sante(v2):
    for key, text in all_texts(v2):
        assert not re.search(r"Ameli ?Pro", text), key
        assert "Mon Espace Santé" not in text, key


def test_jargon_is_explained(v2):
    def said(key):
        return f"{v2.question(key).text} {v2.question(key).why}"

    assert "brouille" in said("wifi_encryption") and "box" in said("wifi_encryption")
    assert "déblocage à 8 chiffres" in said("cps_pin_secret")
    assert "volet de synthèse médicale" in said("vsm_up_to_date") and "antécédents" in said("vsm_up_to_date")
    assert "numéro de sécurité sociale" in " ".join(v2.action("secure_messaging").how)
    assert "SSID" in v2.question("wifi_name_hidden").text


def test_every_ask_or_see_the_cnil_gives_the_link_or_the_question(v2):
    for action in v2.actions:
        for step in action.how:
            lowered = step.lower()
            if "posez la question" in lowered or "posez ces questions" in lowered or "demandez à" in lowered or "la cnil explique" in lowered or "modèle de registre" in lowered:
                assert "https://" in step or "« " in step, (action.key, step)


# --- validation of `professions` -------------------------------------------------------


def write_with(tmp_path, professions):
    data = yaml.safe_load(_V2_PATH.read_text(encoding="utf-8"))
    data["questions"][0]["professions"] = professions
    path = tmp_path / "v2.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("professions", [["kine"], [], "kinesitherapie", ["kinesitherapie", "kinesitherapie"]])
def test_a_bad_professions_list_is_refused(tmp_path, professions):
    with pytest.raises(ContentError, match="backup_exists"):
        load_questionnaire(write_with(tmp_path, professions))


def test_a_known_professions_list_loads(tmp_path):
    assert load_questionnaire(write_with(tmp_path, ["soins_infirmiers"])).question("backup_exists").professions == ("soins_infirmiers",)
