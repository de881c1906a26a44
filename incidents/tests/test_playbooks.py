"""The playbooks file loads, says what the seeds say, and a broken file fails loudly."""

import copy

import pytest
import yaml

from incidents.playbooks import (
    PLAYBOOKS_FILE,
    ROLES,
    ContentError,
    get_playbooks,
    load_playbooks,
)
from resilience.content import SEED_FILES

CNIL_URL = "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles"


# --- the real content -------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_playbooks()


def test_the_four_playbooks_in_order(library):
    assert [p.key for p in library.playbooks] == ["scenario_a", "scenario_b", "degraded", "exit"]


def test_get_playbooks_is_read_once():
    assert get_playbooks() is get_playbooks()


def test_scenario_a_restarts_then_switches_off_then_takes_out_the_binder(library):
    keys = library.get("scenario_a").step_keys()
    assert keys.index("a_restart") < keys.index("a_switch_off") < keys.index("a_binder")


def test_scenario_b_starts_by_keeping_the_computer_on_and_cutting_the_network(library):
    steps = library.get("scenario_b").steps
    assert steps[0].key == "b_keep_on"
    assert "N'éteignez pas" in steps[0].text
    assert steps[1].key == "b_disconnect"
    assert {"b_alert_provider", "b_photo", "b_paper", "b_no_ransom"} <= set(library.get("scenario_b").step_keys())


def test_scenario_b_never_tells_to_switch_off(library):
    for step in library.get("scenario_b").steps:
        assert not step.text.lower().startswith("éteignez"), step.key


def test_degraded_mode_covers_triage_core_services_traceability_and_billing(library):
    keys = set(library.get("degraded").step_keys())
    assert {"deg_triage", "deg_core_services", "deg_paper_records", "deg_billing_scor", "deg_paper_fse", "deg_deferred_sheet"} <= keys
    core = library.step("deg_core_services")
    for service in ("dmp.fr", "MSSanté", "AmeliPro"):
        assert service in core.text
    assert "e-CPS" in core.detail


def test_exit_checks_security_before_catch_up_and_restocks(library):
    keys = library.get("exit").step_keys()
    assert keys[0] == "exit_security_check"
    assert keys.index("exit_security_check") < keys.index("exit_catch_up")
    assert {"exit_restock", "exit_test_usb"} <= set(keys)


def test_every_step_is_short_has_a_known_role_and_a_source(library):
    for playbook in library.playbooks:
        for step in playbook.steps:
            assert step.role in ROLES
            assert step.source in SEED_FILES or step.source.startswith("https://")
            # Read on a phone under stress: one short sentence.
            assert len(step.text) <= 90, step.key


def test_the_three_reflexes(library):
    assert [r.title for r in library.reflexes] == ["Préserver", "Prioriser", "Signaler"]


def test_triage_yes_and_doubt_lead_to_b_no_leads_to_a(library):
    triage = library.triage
    assert "rançon" in triage.question
    assert len(triage.signs) >= 4
    assert triage.proposal("triage_yes") == "scenario_b"
    assert triage.proposal("triage_unsure") == "scenario_b"
    assert triage.proposal("triage_no") == "scenario_a"
    with pytest.raises(KeyError):
        triage.proposal("maybe")


def test_help_links_are_official_https_pages(library):
    urls = {link.key: link.url for link in library.help_links}
    assert urls["help_cnil"] == CNIL_URL
    assert urls["help_17cyber"] == "https://17cyber.gouv.fr"
    assert urls["help_cybermalveillance"] == "https://www.cybermalveillance.gouv.fr"
    assert "Vous êtes un professionnel de santé" in next(link.text for link in library.help_links if link.key == "help_ars")
    assert all(url.startswith("https://") for url in urls.values())


def test_art_34_exemptions(library):
    info = library.patient_information
    assert [e.key for e in info.exemptions] == ["art34_encrypted", "art34_risk_removed", "art34_disproportionate"]
    assert "communication publique" in info.exemptions[2].text
    assert "CNIL peut exiger" in info.note


# --- validation ---------------------------------------------------------------


def minimal():
    """The smallest valid file; each test breaks one thing."""
    seed = "000_ff5b93324dce6fc3.txt"

    def playbook(key):
        return {
            "key": key,
            "title": key,
            "summary": "s",
            "source": seed,
            "steps": [{"key": f"{key}_one", "text": "Faites ceci.", "role": "tous", "source": seed}],
        }

    return {
        "version": 1,
        "triage": {
            "question": "q ?",
            "source": seed,
            "signs": [{"key": "sign_x", "text": "x", "source": seed}],
            "answers": [
                {"key": "triage_yes", "label": "Oui", "proposes": "scenario_b"},
                {"key": "triage_no", "label": "Non", "proposes": "scenario_a"},
            ],
        },
        "playbooks": [playbook(k) for k in ("scenario_a", "scenario_b", "degraded", "exit")],
        "help": {
            "links": [{"key": "help_x", "title": "t", "url": CNIL_URL, "text": "x", "source": CNIL_URL}],
            "patient_information": {
                "title": "t",
                "intro": "i",
                "exemptions": [{"key": "art34_x", "text": "x"}],
                "note": "n",
                "source": CNIL_URL,
            },
        },
    }


def write(tmp_path, data):
    path = tmp_path / "playbooks.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_minimal_file_loads(tmp_path):
    library = load_playbooks(write(tmp_path, minimal()))
    assert library.version == "1"
    assert library.get("exit").steps[0].key == "exit_one"


def test_duplicate_step_key_across_playbooks_is_refused(tmp_path):
    data = minimal()
    data["playbooks"][3]["steps"].append(copy.deepcopy(data["playbooks"][0]["steps"][0]))
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match="scenario_a_one") as excinfo:
        load_playbooks(path)
    assert str(path) in str(excinfo.value)
    assert "duplicate" in str(excinfo.value)


def test_step_key_reused_as_another_key_is_refused(tmp_path):
    data = minimal()
    data["triage"]["signs"][0]["key"] = "scenario_a_one"
    with pytest.raises(ContentError, match="duplicate key 'scenario_a_one'"):
        load_playbooks(write(tmp_path, data))


def test_missing_source_is_refused_naming_the_step(tmp_path):
    data = minimal()
    del data["playbooks"][1]["steps"][0]["source"]
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match=r"scenario_b_one.*missing source") as excinfo:
        load_playbooks(path)
    assert str(path) in str(excinfo.value)


def test_source_that_is_neither_seed_nor_https_is_refused(tmp_path):
    data = minimal()
    data["playbooks"][1]["steps"][0]["source"] = "http://example.org"
    with pytest.raises(ContentError, match="scenario_b_one"):
        load_playbooks(write(tmp_path, data))


def test_unknown_role_is_refused(tmp_path):
    data = minimal()
    data["playbooks"][2]["steps"][0]["role"] = "medecin"
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match=r"degraded_one.*unknown role 'medecin'") as excinfo:
        load_playbooks(path)
    assert str(path) in str(excinfo.value)


def test_empty_playbook_is_refused(tmp_path):
    data = minimal()
    data["playbooks"][3]["steps"] = []
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match="'exit': the playbook has no steps") as excinfo:
        load_playbooks(path)
    assert str(path) in str(excinfo.value)


def test_missing_version_is_refused(tmp_path):
    data = minimal()
    del data["version"]
    path = write(tmp_path, data)
    with pytest.raises(ContentError, match="version") as excinfo:
        load_playbooks(path)
    assert str(path) in str(excinfo.value)


def test_missing_required_playbook_is_refused(tmp_path):
    data = minimal()
    data["playbooks"] = data["playbooks"][:3]
    with pytest.raises(ContentError, match="missing playbook 'exit'"):
        load_playbooks(write(tmp_path, data))


def test_triage_answer_must_propose_an_existing_playbook(tmp_path):
    data = minimal()
    data["triage"]["answers"][0]["proposes"] = "scenario_c"
    with pytest.raises(ContentError, match=r"triage_yes.*scenario_c"):
        load_playbooks(write(tmp_path, data))


def test_help_link_must_be_https(tmp_path):
    data = minimal()
    data["help"]["links"][0]["url"] = "http://www.cnil.fr"
    with pytest.raises(ContentError, match="help_x"):
        load_playbooks(write(tmp_path, data))


def test_invalid_key_is_refused(tmp_path):
    data = minimal()
    data["playbooks"][0]["steps"][0]["key"] = "Redémarrer"
    with pytest.raises(ContentError, match="invalid key"):
        load_playbooks(write(tmp_path, data))


def test_real_file_is_the_default(library):
    assert load_playbooks(PLAYBOOKS_FILE) == library
