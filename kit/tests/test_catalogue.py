"""The shipped catalogue carries the seed's figures, and a malformed file is refused."""

import copy

import pytest
import yaml

from kit.catalogue import PRINTABLE_SHEETS, Kind, get_catalogue, load_catalogue
from resilience.content import ContentError

SEED = "000_ff5b93324dce6fc3.txt"

# The seed's binder table, "quantité suggérée (pour 1 médecin)":
# key -> (min, recommended, seed reference or None)
SEED_TABLE = {
    "ordonnances_classiques": (2, 2, None),  # 2 blocs classiques
    "ordonnances_securisees": (1, 1, None),  # + 1 bloc sécurisé (stupéfiants)
    "ordonnances_bizone": (1, 1, None),  # + 1 bloc bi-zones
    "feuilles_de_soins": (50, 50, "S3110"),  # 50 exemplaires
    "arrets_de_travail": (1, 2, "S3115/3117"),  # 1 à 2 liasses de 25
    "certificats_at_mp": (10, 15, "cerfa n° 11138"),  # 10 à 15 exemplaires (seed: "11138")
    "protocoles_ald": (5, 10, "cerfa n° 11626"),  # 5 à 10 exemplaires (seed: "11626")
    "fiches_examen": (50, 50, None),  # 50 fiches d'examen simplifiées
}


# --- the shipped file -----------------------------------------------------------


@pytest.fixture(scope="module")
def catalogue():
    return get_catalogue()


@pytest.mark.parametrize("key", sorted(SEED_TABLE))
def test_every_seed_line_has_the_seeds_figures_per_practitioner(catalogue, key):
    line = catalogue.line(key)
    minimum, recommended, reference = SEED_TABLE[key]
    assert (line.min, line.recommended) == (minimum, recommended)
    assert line.per_cabinet is False
    assert line.seed_reference == reference
    assert line.source == SEED


def test_seed_units(catalogue):
    assert catalogue.line("ordonnances_classiques").unit == "bloc"
    assert catalogue.line("arrets_de_travail").unit == "liasse"
    assert "25" in catalogue.line("arrets_de_travail").note
    assert catalogue.line("feuilles_de_soins").unit == "exemplaire"


def test_only_forms_are_ordered_and_only_app_sheets_printed(catalogue):
    kinds = {line.key: line.kind for line in catalogue.lines}
    for key in ("ordonnances_classiques", "ordonnances_securisees", "ordonnances_bizone", "feuilles_de_soins",
                "arrets_de_travail", "certificats_at_mp", "protocoles_ald"):
        assert kinds[key] is Kind.ORDER, key
    assert kinds["fiches_examen"] is Kind.PRINTABLE
    assert kinds["suivi_facturation_differee"] is Kind.PRINTABLE


def test_shipped_order_lines_are_never_printable(catalogue):
    orders = [line for line in catalogue.lines if line.kind is Kind.ORDER]
    assert orders
    for line in orders:
        assert line.printable is None, line.key
        assert line.order_from, line.key


def test_every_app_sheet_has_exactly_one_printable_line(catalogue):
    printable = [line.printable for line in catalogue.lines if line.kind is Kind.PRINTABLE]
    assert sorted(printable) == sorted(PRINTABLE_SHEETS)
    assert catalogue.printable_line("deferred_billing").key == "suivi_facturation_differee"


def test_secure_forms_say_where_they_are_ordered(catalogue):
    assert "AFNOR" in catalogue.line("ordonnances_securisees").order_from
    assert "amelipro" in catalogue.line("arrets_de_travail").order_from
    assert "CPAM" in catalogue.line("feuilles_de_soins").order_from


def test_changed_references_are_shown_beside_the_seeds(catalogue):
    arret = catalogue.line("arrets_de_travail")
    assert arret.seed_reference == "S3115/3117"
    assert "10170*07" in arret.current_reference
    assert "1er septembre 2025" in arret.current_reference_note
    assert arret.current_reference_source.startswith("https://")

    sheets = catalogue.line("feuilles_de_soins")
    assert sheets.reference == "S3110, cerfa n° 12541" and "même formulaire" in sheets.current_reference_note
    at_mp = catalogue.line("certificats_at_mp")
    assert at_mp.reference == "cerfa n° 11138" and "arrêt de travail sécurisé" in at_mp.note

    assert catalogue.line("protocoles_ald").reference_changed is False
    assert catalogue.line("protocoles_ald").reference == "cerfa n° 11626"


def test_the_secure_arret_de_travail_is_told_apart_by_what_one_sees(catalogue):
    arret = catalogue.line("arrets_de_travail")
    for words in ("étiquette holographique", "papier spécial", "pré-imprimée", "1er juillet 2025",
                  "1er septembre 2025", "l'ancien formulaire portait le même"):
        assert words in arret.current_reference_note, words
    assert "amelipro" in arret.order_from


@pytest.mark.parametrize("key", ["feuilles_de_soins_auxiliaires", "feuilles_de_soins_dentistes",
                                 "feuilles_de_soins_sages_femmes"])
def test_unconfirmed_form_numbers_are_not_invented(catalogue, key):
    """DOMAIN.md: no cerfa number confirmed for these feuilles de soins: a name, and where to ask."""
    line = catalogue.line(key)
    assert line.reference == "" and "CPAM" in line.reference_note and "non confirmé" in line.reference_note


def test_every_line_says_who_needs_it_and_how_it_scales(catalogue):
    for line in catalogue.lines:
        assert line.professions is None or line.professions, line.key
        assert line.scale in ("per_practitioner", "per_cabinet"), line.key


def test_equipment_from_the_seed(catalogue):
    equipment = {line.key: line for line in catalogue.lines if line.kind is Kind.EQUIPMENT}
    assert set(equipment) == {
        "cle_usb_chiffree", "imprimante_autonome", "poste_secours", "hotspot_4g5g", "telephone_ecps",
        "lecteur_cps_secours",
    }
    for key in ("cle_usb_chiffree", "imprimante_autonome", "poste_secours", "hotspot_4g5g", "lecteur_cps_secours"):
        assert equipment[key].per_cabinet is True
        assert (equipment[key].min, equipment[key].recommended) == (1, 1)
    # The e-CPS is personal: one per practitioner.
    assert equipment["telephone_ecps"].per_cabinet is False


def test_sections(catalogue):
    assert [s.key for s in catalogue.sections] == ["classeur", "cle_usb", "equipement"]
    assert catalogue.line("cle_usb_chiffree").section == "cle_usb"


def test_kit_test_checks(catalogue):
    keys = {check.key for check in catalogue.checks}
    assert {"cle_usb_lisible", "stocks_complets", "hotspot_connecte", "contacts_a_jour", "classeur_connu"} <= keys
    for check in catalogue.checks:
        assert check.label and check.help


def test_patient_notice(catalogue):
    from kit.printables import patient_notice

    notice = patient_notice(catalogue.patient_notice, ["medecine_generale"])
    changes = " ".join(f"{item.title} {item.text}" for item in notice.changes)
    assert len(notice.changes) == 4
    for words in ("attente", "à la main", "chèque", "espèces", "dossier"):
        assert words in changes
    helping = " ".join(notice.help)
    for words in ("patience", "carte Vitale", "résultats", "ordonnances récentes"):
        assert words in helping
    assert notice.closing and notice.title


def test_catalogue_is_read_once():
    assert get_catalogue() is get_catalogue()


# --- validation ---------------------------------------------------------------------

VALID = {
    "version": 1,
    "sections": [
        {
            "key": "classeur",
            "label": "Classeur",
            "lines": [
                {"key": "arrets", "label": "Arrêts", "kind": "order", "unit": "liasse", "min": 1,
                 "recommended": 2, "order_from": "amelipro", "source": SEED,
                 "professions": ["medecine_generale", "maieutique"], "scale": "per_practitioner"},
                {"key": "fiches", "label": "Fiches", "kind": "printable", "printable": "exam_sheet",
                 "unit": "fiche", "min": 50, "recommended": 50, "source": SEED,
                 "professions": "all", "scale": "per_practitioner"},
                {"key": "hotspot", "label": "Hotspot", "kind": "equipment", "unit": "appareil",
                 "professions": "all", "scale": "per_cabinet", "source": SEED},
            ],
        }
    ],
    "kit_test_checks": [{"key": "usb", "label": "Clé", "help": "Ouvrir", "source": SEED}],
    "patient_notice": {
        "title": "Panne", "intro": ["Madame, Monsieur,"], "changes_title": "Ce qui change",
        "changes": [{"title": "Attente.", "text": "Plus longue."}], "help_title": "Aider",
        "help": ["Patience"], "closing": "Merci", "signature": "L'équipe", "source": SEED,
    },
}


def write(tmp_path, data):
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def variant(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def line(data, index):
    return data["sections"][0]["lines"][index]


def test_the_minimal_valid_file_loads(tmp_path):
    loaded = load_catalogue(write(tmp_path, VALID))
    hotspot = loaded.line("hotspot")
    assert (hotspot.min, hotspot.recommended, hotspot.per_cabinet) == (1, 1, True)
    assert loaded.line("arrets").kind is Kind.ORDER
    assert loaded.line("arrets").professions == {"medecine_generale", "maieutique"}
    assert loaded.line("fiches").professions is None and loaded.line("fiches").applies_to("kinesitherapie")


MALFORMED = {
    "order line claiming a printable sheet": lambda d: line(d, 0).update(printable="exam_sheet"),
    "order line with printable: true": lambda d: line(d, 0).update(printable=True),
    "order line without order_from": lambda d: line(d, 0).pop("order_from"),
    "printable line without printable id": lambda d: line(d, 1).pop("printable"),
    "printable line with an unknown sheet": lambda d: line(d, 1).update(printable="arret_de_travail"),
    "printable line with order_from": lambda d: line(d, 1).update(order_from="CPAM"),
    "equipment claiming printable": lambda d: line(d, 2).update(printable="contacts"),
    "unknown kind": lambda d: line(d, 0).update(kind="buy"),
    "recommended below min": lambda d: line(d, 0).update(min=3, recommended=2),
    "scaled line without min": lambda d: line(d, 0).pop("min"),
    "zero quantity": lambda d: line(d, 1).update(min=0),
    "text quantity": lambda d: line(d, 1).update(recommended="50"),
    "boolean quantity": lambda d: line(d, 1).update(min=True, recommended=True),
    "line without professions": lambda d: line(d, 0).pop("professions"),
    "line with an empty list of professions": lambda d: line(d, 0).update(professions=[]),
    "line with an unknown profession": lambda d: line(d, 0).update(professions=["medecine_generale", "osteopathie"]),
    "professions neither all nor a list": lambda d: line(d, 0).update(professions="medecine_generale"),
    "line without scale": lambda d: line(d, 0).pop("scale"),
    "unknown scale": lambda d: line(d, 2).update(scale="per_room"),
    "the old per_cabinet flag": lambda d: line(d, 2).update(per_cabinet=True),
    "notice with an unknown placeholder": lambda d: d["patient_notice"].update(closing="Merci {votre_medecin}"),
    "misspelt field": lambda d: line(d, 0).update(recomended=2),
    "missing label": lambda d: line(d, 0).pop("label"),
    "source neither seed nor https": lambda d: line(d, 0).update(source="http://example.org"),
    "current reference without source": lambda d: line(d, 0).update(
        seed_reference="S3115", current_reference="10170*07", current_reference_note="nouveau"),
    "current reference without seed reference": lambda d: line(d, 0).update(
        current_reference="10170*07", current_reference_note="n", current_reference_source="https://x.fr"),
    "current reference note alone": lambda d: line(d, 0).update(current_reference_note="orphan"),
    "duplicate line key": lambda d: line(d, 1).update(key="arrets"),
    "duplicate line key across sections": lambda d: d["sections"].append(
        {"key": "autre", "label": "Autre", "lines": [copy.deepcopy(line(d, 0))]}),
    "duplicate printable id": lambda d: d["sections"][0]["lines"].append(
        dict(line(d, 1), key="fiches_bis")),
    "duplicate section key": lambda d: d["sections"].append(
        {"key": "classeur", "label": "Encore", "lines": [dict(line(d, 2), key="autre")]}),
    "no version": lambda d: d.pop("version"),
    "no sections": lambda d: d.update(sections=[]),
    "sections not a list": lambda d: d.update(sections={"classeur": {}}),
    "empty checks": lambda d: d.update(kit_test_checks=[]),
    "check without help": lambda d: d["kit_test_checks"][0].pop("help"),
    "duplicate check key": lambda d: d["kit_test_checks"].append(dict(d["kit_test_checks"][0])),
    "notice without title": lambda d: d["patient_notice"].pop("title"),
    "notice change without text": lambda d: d["patient_notice"]["changes"][0].pop("text"),
    "notice help not a list": lambda d: d["patient_notice"].update(help="Patience"),
    "unknown top-level field": lambda d: d.update(extra=1),
    "held by each prescriber but printable": lambda d: line(d, 1).update(held_by="prescriber"),
    "held by each prescriber but per cabinet": lambda d: line(d, 0).update(held_by="prescriber", scale="per_cabinet"),
    "unknown holder": lambda d: line(d, 0).update(held_by="everyone"),
    "a right cited for a profession not on the line": lambda d: line(d, 0).update(
        professions_sources={"kinesitherapie": "https://www.ameli.fr/"}),
    "a right cited without a source": lambda d: line(d, 0).update(professions_sources={"maieutique": "l'ordre"}),
}


def test_a_prescribers_form_is_held_per_prescriber_with_its_rights_cited(tmp_path):
    data = variant(lambda d: line(d, 0).update(
        held_by="prescriber", professions_sources={"maieutique": "https://www.ordre-sages-femmes.fr/"}))
    loaded = load_catalogue(write(tmp_path, data)).line("arrets")
    assert loaded.per_prescriber and loaded.professions_sources == (("maieutique", "https://www.ordre-sages-femmes.fr/"),)
    assert not load_catalogue(write(tmp_path, VALID)).line("arrets").per_prescriber  # a shared stock by default


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_validation_rejects(tmp_path, case):
    with pytest.raises(ContentError):
        load_catalogue(write(tmp_path, variant(MALFORMED[case])))


def test_a_form_to_order_offered_as_printable_is_refused_by_name(tmp_path):
    data = variant(lambda d: line(d, 0).update(printable="exam_sheet"))
    with pytest.raises(ContentError, match=r"arrets.*order.*cannot be printable"):
        load_catalogue(write(tmp_path, data))


def test_an_unknown_profession_is_refused_by_name(tmp_path):
    data = variant(lambda d: line(d, 0).update(professions=["kine"]))
    with pytest.raises(ContentError, match=r"arrets.*unknown profession.*kine"):
        load_catalogue(write(tmp_path, data))


def test_rejection_names_the_faulty_line(tmp_path):
    data = variant(lambda d: line(d, 0).update(printable="exam_sheet"))
    with pytest.raises(ContentError, match=r"arrets.*cannot be printable"):
        load_catalogue(write(tmp_path, data))


def test_unreadable_yaml_is_rejected(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("version: 1\nsections: [\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load_catalogue(path)
