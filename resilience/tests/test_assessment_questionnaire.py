"""The questionnaire content: the shipped file, and the validation of any file.

No database: these tests read YAML files only.
"""

import copy

import pytest
import yaml

from resilience.assessment import questionnaire as qmod
from resilience.assessment.questionnaire import (
    ANSWER_CODES,
    get_questionnaire,
    load_directory,
    load_questionnaire,
    shipped_questionnaires,
)
from resilience.content import ContentError

SEED_001 = "001_2ca82b9a73e0dc1f.txt"


# --- The shipped questionnaire --------------------------------------------------

# What the guides ask of a cabinet, and the questions that cover it (the list).
COVERAGE = {
    "backups exist": ["backup_exists"],
    "backups automatic": ["backup_automatic"],
    "backups recent": ["backup_recent"],
    "backups encrypted": ["backup_encrypted"],
    "backups disconnected": ["backup_offline"],
    "backups in two places": ["backup_two_places"],
    "restore tested": ["backup_restore_tested"],
    "HDS cloud": ["backup_cloud_hds"],
    "no consumer cloud": ["backup_no_consumer_cloud"],
    "support contact": ["support_contact_identified", "support_contact_displayed", "support_contact_shared"],
    "passwords": ["password_length", "password_unique", "password_manager", "account_individual"],
    "two-step verification": ["mfa_practice_software", "mfa_mail", "mfa_agenda", "mfa_ameli_pro"],
    "admin account": ["admin_account_restricted"],
    "CPS / e-CPS": ["cps_personal", "cps_pin_secret", "cps_safe_place", "ecps_phone"],
    "workstation and premises": ["screen_lock", "privacy_screen", "premises_locked"],
    "updates": ["updates_system", "updates_software", "antivirus_active", "box_router_updated"],
    "secure messaging": ["mss_used", "no_consumer_mailbox"],
    "removable media": ["removable_media_controlled"],
    "pro / personal use": ["patient_data_pro_devices", "pro_devices_work_only"],
    "Wi-Fi": ["wifi_encryption", "wifi_default_password_changed", "wifi_guests_separated"],
    "GDPR": ["gdpr_patients_informed", "gdpr_register_kept", "gdpr_retention_20_years", "gdpr_secure_deletion"],
    "continuity": ["degraded_kit_ready", "dmp_documents_sent", "vsm_up_to_date"],
    "IT provider": ["provider_contract_reviewed", "provider_hds_proof"],
    "incident readiness": ["incident_reflexes_known", "incident_cnil_72h"],
}


@pytest.fixture
def shipped():
    return get_questionnaire()


def test_the_shipped_questionnaire_loads_with_at_least_40_questions(shipped):
    assert shipped.version == 2
    assert len(shipped.questions) >= 40


@pytest.mark.parametrize("topic", sorted(COVERAGE))
def test_every_topic_of_the_guides_is_asked(shipped, topic):
    for key in COVERAGE[topic]:
        assert shipped.has_question(key), f"{topic}: no question {key!r}"


def test_each_theme_fits_one_phone_page(shipped):
    for theme in shipped.themes:
        assert 3 <= len(shipped.questions_in(theme.key)) <= 6, theme.key


def test_themes_and_questions_are_in_page_order(shipped):
    orders = [t.order for t in shipped.themes]
    assert orders == sorted(orders)
    theme_index = {t.key: i for i, t in enumerate(shipped.themes)}
    indexes = [theme_index[q.theme] for q in shipped.questions]
    assert indexes == sorted(indexes)


def test_every_question_offers_yes_no_and_unknown_and_triggers_actions(shipped):
    for question in shipped.questions:
        assert {"yes", "no", "unknown"} <= set(question.answers), question.key
        assert question.triggered_actions("no"), question.key
        assert question.triggered_actions("unknown"), question.key
        assert question.triggered_actions("yes") == ()
        assert question.triggered_actions("na") == ()


def test_question_texts_are_short(shipped):
    for question in shipped.questions:
        assert len(question.text) <= 160, question.key
        assert len(question.why) <= 160, question.key


def test_every_action_of_the_catalogue_is_used(shipped):
    used = {a for q in shipped.questions for a in q.actions + q.unknown_actions}
    assert used == {a.key for a in shipped.actions}


def test_the_first_three_ranks_follow_seed_001(shipped):
    by_rank = {}
    for action in shipped.actions:
        by_rank.setdefault(action.rank, set()).add(action.key)
    assert by_rank[1] == {"backups_verify", "backups_ask_provider"}
    assert by_rank[2] == {"support_contact"}
    assert by_rank[3] == {"access_secure", "access_check_mfa"}
    assert shipped.action("backups_verify").source == SEED_001
    assert shipped.action("support_contact").source == SEED_001
    assert shipped.action("access_secure").source == SEED_001


def test_not_knowing_about_backups_is_rank_1(shipped):
    for question in shipped.questions_in("sauvegardes") + shipped.questions_in("protection_sauvegardes"):
        ranks = {shipped.action(key).rank for key in question.unknown_actions}
        assert ranks == {1}, question.key


def test_the_guides_figures_are_kept(shipped):
    assert "12 caractères" in shipped.question("password_length").text
    assert "20 ans" in shipped.question("gdpr_retention_20_years").text
    assert "72 heures" in shipped.question("incident_cnil_72h").text
    assert "WPA2 ou WPA3" in shipped.question("wifi_encryption").text
    assert "5 à 10 jours" in shipped.question("degraded_kit_ready").text
    assert "72 heures" in shipped.cnil_rule.text
    assert shipped.cnil_rule.url == "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles"


def test_the_three_reflexes_are_in_the_file(shipped):
    assert [r.key for r in shipped.reflexes] == ["preserver", "prioriser", "signaler"]
    assert [r.title for r in shipped.reflexes] == ["Préserver", "Prioriser", "Signaler"]


def test_links_name_the_product_pages(shipped):
    links = {a.key: a.link for a in shipped.actions if a.link}
    assert links["support_contact"] == "resilience:contacts"
    assert links["degraded_mode_kit"] == "kit:home"
    assert links["incident_prepare"] == "incidents:playbooks"
    assert links["provider_contract"] == "contracts:list"


def test_get_questionnaire_is_cached_and_finds_versions(shipped):
    assert get_questionnaire() is shipped
    assert get_questionnaire(2) is shipped
    assert get_questionnaire("2") is shipped
    assert get_questionnaire(1) is get_questionnaire("1") is not shipped
    assert shipped_questionnaires() is shipped_questionnaires()
    with pytest.raises(LookupError):
        get_questionnaire(99)
    with pytest.raises(LookupError):
        get_questionnaire("v1")


# --- Validation of any file -----------------------------------------------------


def minimal():
    """The smallest valid questionnaire; each test below breaks one thing."""
    return {
        "version": 1,
        "title": "Test",
        "themes": [
            {"key": "alpha", "order": 1, "title": "Alpha", "intro": "Intro A"},
            {"key": "beta", "order": 2, "title": "Beta", "intro": "Intro B"},
        ],
        "questions": [
            {
                "key": "q_one",
                "theme": "alpha",
                "text": "Question un ?",
                "why": "Parce que.",
                "answers": ["yes", "partial", "no", "unknown", "na"],
                "weight": 3,
                "actions": ["fix_one"],
                "unknown_actions": ["ask_one"],
                "source": SEED_001,
            },
            {
                "key": "q_two",
                "theme": "beta",
                "text": "Question deux ?",
                "why": "Parce que.",
                "answers": ["yes", "no", "unknown"],
                "weight": 1,
                "actions": ["fix_one"],
                "unknown_actions": ["fix_one"],
                "source": "https://www.cnil.fr/fr/sante",
            },
        ],
        "actions": [
            {"key": "fix_one", "rank": 1, "title": "Réparer", "why": "Car.", "how": ["Faire."], "source": SEED_001},
            {
                "key": "ask_one",
                "rank": 1,
                "title": "Demander",
                "why": "Car.",
                "how": ["Appeler."],
                "link": "kit:home",
                "source": SEED_001,
            },
        ],
        "reflexes": [{"key": "preserver", "title": "Préserver", "text": "Ne pas éteindre.", "source": SEED_001}],
        "cnil_rule": {
            "text": "72 heures.",
            "url": "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles",
            "source": SEED_001,
        },
    }


def write(tmp_path, data, name="v1.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_the_minimal_file_is_valid(tmp_path):
    loaded = load_questionnaire(write(tmp_path, minimal()))
    assert [q.key for q in loaded.questions] == ["q_one", "q_two"]
    assert loaded.question("q_one").answers == ANSWER_CODES
    assert loaded.question("q_two").answers == ("yes", "no", "unknown")
    assert loaded.action("ask_one").link == "kit:home"
    assert loaded.action("fix_one").link is None


def test_answers_are_kept_in_form_order(tmp_path):
    data = minimal()
    data["questions"][0]["answers"] = ["na", "unknown", "no", "yes"]
    loaded = load_questionnaire(write(tmp_path, data))
    assert loaded.question("q_one").answers == ("yes", "no", "unknown", "na")


def _set(path, value):
    def change(data):
        *parents, last = path
        target = data
        for step in parents:
            target = target[step]
        target[last] = value

    return change


def _delete(path):
    def change(data):
        *parents, last = path
        target = data
        for step in parents:
            target = target[step]
        del target[last]

    return change


def _append(path, item_from):
    def change(data):
        target = data
        for step in path:
            target = target[step]
        target.append(copy.deepcopy(item_from(data)))

    return change


MALFORMED = {
    # name: (change, words the message must contain besides the file name)
    "missing version": (_delete(["version"]), ["version"]),
    "version not a number": (_set(["version"], "one"), ["version"]),
    "duplicate question key": (_append(["questions"], lambda d: d["questions"][0]), ["duplicate", "q_one"]),
    "duplicate action key": (_append(["actions"], lambda d: d["actions"][0]), ["duplicate", "fix_one"]),
    "duplicate theme key": (
        _append(["themes"], lambda d: {**d["themes"][0], "order": 9}),
        ["duplicate", "alpha"],
    ),
    "unknown action": (_set(["questions", 0, "actions"], ["fix_everything"]), ["q_one", "fix_everything"]),
    "unknown unknown-action": (_set(["questions", 1, "unknown_actions"], ["nope"]), ["q_two", "nope"]),
    "no unknown action": (_delete(["questions", 0, "unknown_actions"]), ["q_one", "unknown_actions"]),
    "unknown theme": (_set(["questions", 1, "theme"], "gamma"), ["q_two", "gamma"]),
    "question without source": (_delete(["questions", 0, "source"]), ["q_one", "source"]),
    "action without source": (_delete(["actions", 1, "source"]), ["ask_one", "source"]),
    "reflex without source": (_delete(["reflexes", 0, "source"]), ["preserver", "source"]),
    "source neither seed nor https": (_set(["questions", 0, "source"], "http://example.org"), ["q_one", "source"]),
    "bad answer code": (_set(["questions", 0, "answers"], ["yes", "no", "unknown", "maybe"]), ["q_one", "maybe"]),
    "unknown not offered": (_set(["questions", 0, "answers"], ["yes", "no"]), ["q_one", "unknown"]),
    "duplicate answer code": (_set(["questions", 0, "answers"], ["yes", "no", "no", "unknown"]), ["q_one", "no"]),
    "unquoted yes read as boolean": (_set(["questions", 0, "answers"], [True, False, "unknown"]), ["q_one", "quote"]),
    "weight 0": (_set(["questions", 0, "weight"], 0), ["q_one", "weight"]),
    "weight 4": (_set(["questions", 0, "weight"], 4), ["q_one", "weight"]),
    "weight as text": (_set(["questions", 0, "weight"], "2"), ["q_one", "weight"]),
    "theme with no question": (
        _append(["themes"], lambda d: {"key": "gamma", "order": 3, "title": "G", "intro": "I"}),
        ["gamma", "no question"],
    ),
    "key not snake_case": (_set(["questions", 0, "key"], "Q-One"), ["Q-One"]),
    "rank not an integer": (_set(["actions", 0, "rank"], "first"), ["fix_one", "rank"]),
    "link not a URL name": (_set(["actions", 1, "link"], "/kit/"), ["ask_one", "link"]),
    "how not a list": (_set(["actions", 0, "how"], "Faire."), ["fix_one", "how"]),
    "missing question text": (_delete(["questions", 1, "text"]), ["q_two", "text"]),
    "two themes with the same order": (_set(["themes", 1, "order"], 1), ["order"]),
    "no reflexes": (_delete(["reflexes"]), ["reflexes"]),
    "cnil rule without url": (_delete(["cnil_rule", "url"]), ["cnil_rule", "url"]),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_file_is_rejected_with_a_clear_message(tmp_path, name):
    change, words = MALFORMED[name]
    data = minimal()
    change(data)
    path = write(tmp_path, data)
    with pytest.raises(ContentError) as excinfo:
        load_questionnaire(path)
    message = str(excinfo.value)
    assert str(path) in message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"


def test_an_unquoted_yes_in_the_yaml_text_is_explained(tmp_path):
    path = tmp_path / "v1.yaml"
    text = yaml.safe_dump(minimal(), allow_unicode=True, sort_keys=False)
    path.write_text(text.replace("- 'yes'", "- yes").replace("- 'no'", "- no"), encoding="utf-8")
    with pytest.raises(ContentError, match="boolean"):
        load_questionnaire(path)


def test_the_directory_loader_keeps_every_version_and_the_latest_wins(tmp_path, monkeypatch):
    write(tmp_path, minimal(), "v1.yaml")
    second = minimal()
    second["version"] = 2
    second["questions"][1]["key"] = "q_three"
    write(tmp_path, second, "v2.yaml")
    loaded = load_directory(tmp_path)
    assert list(loaded) == [1, 2]
    assert loaded[1].has_question("q_two") and not loaded[2].has_question("q_two")

    monkeypatch.setattr(qmod, "QUESTIONNAIRE_DIR", tmp_path)
    qmod.shipped_questionnaires.cache_clear()
    try:
        assert qmod.get_questionnaire().version == 2
        assert qmod.get_questionnaire(1).has_question("q_two")
    finally:
        monkeypatch.undo()
        qmod.shipped_questionnaires.cache_clear()


def test_a_file_name_that_contradicts_its_version_is_rejected(tmp_path):
    write(tmp_path, minimal(), "v2.yaml")
    with pytest.raises(ContentError, match="v2.yaml"):
        load_directory(tmp_path)


def test_a_stray_file_in_the_directory_is_rejected(tmp_path):
    write(tmp_path, minimal(), "draft.yaml")
    with pytest.raises(ContentError, match="v<version>.yaml"):
        load_directory(tmp_path)


def test_an_empty_directory_is_rejected(tmp_path):
    with pytest.raises(ContentError, match="no questionnaire"):
        load_directory(tmp_path)
