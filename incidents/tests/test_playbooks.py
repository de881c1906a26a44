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
from resilience.content import PRODUCT_ADVICE, SEED_FILES

CNIL_URL = "https://www.cnil.fr/fr/notifier-une-violation-de-donnees-personnelles"


# --- the real content -------------------------------------------------------


@pytest.fixture(scope="module")
def library():
    return load_playbooks()


def test_the_four_playbooks_in_order(library):
    assert [p.key for p in library.playbooks] == ["scenario_a", "scenario_b", "lost_device", "degraded", "exit"]


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
            assert step.source in SEED_FILES or step.source.startswith("https://") or step.source == PRODUCT_ADVICE
            # Read on a phone under stress: one short sentence.
            assert len(step.text) <= 90, step.key


def test_lost_device_complaint_cnil_wipe_passwords_and_card(library):
    """Issue 10: a lost or stolen computer, phone or USB key."""
    playbook = library.get("lost_device")
    keys = playbook.step_keys()
    assert {"lost_complaint", "lost_cnil", "lost_wipe", "lost_passwords", "lost_cps"} <= set(keys)
    # Wipe and passwords come before the paperwork: they stop the harm.
    assert keys.index("lost_wipe") < keys.index("lost_complaint")
    assert keys.index("lost_passwords") < keys.index("lost_complaint")
    cnil = library.step("lost_cnil")
    assert "72 heures" in cnil.text and cnil.source == CNIL_URL
    card = library.step("lost_cps")
    assert "CPS" in card.text and "e-CPS" in card.text and card.source == "https://esante.gouv.fr/assistance"
    # Seed 003: a complaint especially when equipment that held health data is stolen.
    assert library.step("lost_complaint").source == "003_c7ec35999b95aa37.txt"


def test_triage_offers_the_lost_device_scenario(library):
    assert library.triage.proposal("triage_lost_device") == "lost_device"


def test_scenario_b_declares_the_claim_to_the_insurer_beside_the_complaint(library):
    keys = library.get("scenario_b").step_keys()
    assert keys.index("b_insurer") == keys.index("b_complaint") + 1
    assert "assureur" in library.step("b_insurer").text


def test_exit_asks_to_change_the_passwords(library):
    keys = library.get("exit").step_keys()
    assert "exit_passwords" in keys
    assert keys.index("exit_security_check") < keys.index("exit_passwords")
    assert "mots de passe" in library.step("exit_passwords").text


def test_photographing_the_screen_is_said_to_be_the_products_advice(library):
    # Seed 003 does not say it (domain review, issue 10).
    assert library.step("b_photo").source == PRODUCT_ADVICE


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
        "playbooks": [playbook(k) for k in ("scenario_a", "scenario_b", "degraded", "exit", "lost_device")],
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
    data["playbooks"] = data["playbooks"][:3] + data["playbooks"][4:]
    with pytest.raises(ContentError, match="missing playbook 'exit'"):
        load_playbooks(write(tmp_path, data))


def test_triage_answer_must_propose_an_existing_playbook(tmp_path):
    data = minimal()
    data["triage"]["answers"][0]["proposes"] = "scenario_c"
    with pytest.raises(ContentError, match=r"triage_yes.*scenario_c"):
        load_playbooks(write(tmp_path, data))


def test_triage_answer_must_propose_a_scenario_not_a_follow_up_playbook(tmp_path):
    data = minimal()
    data["triage"]["answers"][0]["proposes"] = "degraded"
    with pytest.raises(ContentError, match=r"triage_yes.*not a scenario playbook"):
        load_playbooks(write(tmp_path, data))


def test_the_lost_device_playbook_is_required(tmp_path):
    data = minimal()
    data["playbooks"] = data["playbooks"][:4]
    with pytest.raises(ContentError, match="missing playbook 'lost_device'"):
        load_playbooks(write(tmp_path, data))


def test_product_advice_is_an_explicit_source_kind(tmp_path):
    data = minimal()
    data["playbooks"][0]["steps"][0]["source"] = PRODUCT_ADVICE
    assert load_playbooks(write(tmp_path, data)).step("scenario_a_one").source == PRODUCT_ADVICE
    data["playbooks"][0]["steps"][0]["source"] = "conseil maison"
    with pytest.raises(ContentError, match="product_advice"):
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
