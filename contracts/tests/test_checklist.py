"""The checklist file: it loads, it covers every line of the seed, and bad files are refused."""

import re
from pathlib import Path

import pytest
import yaml

from contracts.checklist import CHECKLIST_PATH, get_checklist, load_checklist
from resilience.content import ContentError

SEED = Path(__file__).resolve().parents[2] / "docs/seeds/004_ce69e9ba2eeeab0c.txt"
SEED_NAME = "004_ce69e9ba2eeeab0c.txt"
R1111_11 = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000036658473"
GDPR_28 = "https://www.cnil.fr/fr/reglement-europeen-protection-donnees/chapitre4#Article28"
HDS_LIST = "https://esante.gouv.fr/offres-services/hds/liste-des-herbergeurs-certifies"  # the 2024 HDS framework

# "▣ Feuilles", "🍃" and "☛" are the seed's bullet icons ("Feuilles" is the icon's
# alternative text left by the PDF conversion), not part of the clause.
_BULLET = re.compile(r"^(?:-\s+)?(?:(?:▣\s*Feuilles|🍃|☛)\s+)?")


def normalise(line: str) -> str:
    """Drop the bullet, the markdown emphasis and extra whitespace."""
    line = _BULLET.sub("", line.strip())
    return " ".join(line.replace("*", "").split())


def parse_seed(text: str) -> dict[int, dict]:
    """Categories of the seed: number -> {title, items: item lines, lines: every line}.

    A category starts at "## N. TITLE"; its item lines run until the first
    sub-heading (### Pourquoi..., ### Alerte...); ``lines`` also holds the lines
    under those sub-headings, where a few items come from.
    """
    categories: dict[int, dict] = {}
    current = None
    in_items = False
    for raw in text.splitlines():
        line = raw.strip()
        heading = re.match(r"^## (\d+)\. (.+)$", line)
        if heading:
            current = categories.setdefault(
                int(heading.group(1)), {"title": heading.group(2), "items": [], "lines": []}
            )
            in_items = True
        elif line.startswith("## "):  # a heading outside the ten categories
            current = None
        elif line.startswith("###"):
            in_items = False
        elif line and current is not None:
            if in_items:
                current["items"].append(normalise(line))
            current["lines"].append(normalise(line))
    return categories


@pytest.fixture(scope="module")
def seed():
    return parse_seed(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def checklist():
    return load_checklist(CHECKLIST_PATH)


def test_seed_parser_finds_the_ten_categories_and_their_55_item_lines(seed):
    """Guards the coverage test below: a parser that found nothing would prove nothing."""
    assert sorted(seed) == list(range(1, 11))
    counts = [len(seed[n]["items"]) for n in range(1, 11)]
    assert counts == [5, 9, 5, 6, 6, 4, 6, 4, 6, 4]
    assert seed[2]["items"][3:8] == [
        "Procédure opérationnelle en cas de cyberattaque :",
        "isolement des machines",
        "analyse",
        "restauration",
        "accompagnement déclaratif CNIL",
    ]
    assert seed[5]["items"][0] == "Firewall installé et maintenu par le prestataire"


def test_every_seed_item_line_is_an_item_of_the_same_category(seed, checklist):
    for category in checklist.categories:
        seed_texts = [normalise(item.seed_text) for item in category.items]
        for line in seed[category.number]["items"]:
            assert seed_texts.count(line) == 1, (
                f"category {category.number} ({category.key}): seed line {line!r} "
                f"is the seed_text of {seed_texts.count(line)} items, expected 1"
            )


def test_every_item_comes_from_a_line_of_its_category_in_the_seed(seed, checklist):
    for category in checklist.categories:
        for item in category.items:
            assert normalise(item.seed_text) in seed[category.number]["lines"], (
                f"{item.key}: seed_text is not a line of category {category.number} of the seed"
            )


def test_category_numbers_and_titles_follow_the_seed(seed, checklist):
    assert [c.number for c in checklist.categories] == list(range(1, 11))
    for category in checklist.categories:
        assert category.title.casefold() == seed[category.number]["title"].casefold()


def test_critical_items_include_those_the_seed_insists_on(checklist):
    critical = {item.key for item in checklist.all_items() if item.critical}
    assert {
        "incidents.cyberattack_procedure",
        "backups.restore_test",
        "hosting.hds_proof",
        "exit.standard_format",
        "exit.max_delay",
    } <= critical


def test_legal_references_point_to_the_official_texts(checklist):
    urls = {ref.url for item in checklist.all_items() for ref in item.legal}
    assert urls == {R1111_11, GDPR_28, HDS_LIST}
    hosting = checklist.category("hosting")
    assert R1111_11 in {ref.url for ref in hosting.items[0].legal}
    assert GDPR_28 in {ref.url for ref in checklist.item("hosting.gdpr_clause").legal}


def test_every_item_has_a_polite_request_for_the_letter(checklist):
    for item in checklist.all_items():
        assert item.ask[0].isupper() and item.ask.endswith("."), item.key
        assert item.source == SEED_NAME


def test_get_checklist_reads_the_file_once():
    assert get_checklist() is get_checklist()
    assert get_checklist().version == "1"


# --- malformed files -------------------------------------------------------------


def valid_data() -> dict:
    """A minimal well-formed checklist: ten categories with one item each."""
    return {
        "version": 3,
        "categories": [
            {
                "key": f"cat{n}",
                "number": n,
                "title": f"Catégorie {n}",
                "why": "Pourquoi.",
                "weaknesses": ["Faiblesse."],
                "alerts": ["Alerte."],
                "recommendations": ["Recommandation."],
                "source": SEED_NAME,
                "items": [
                    {
                        "key": f"cat{n}.item",
                        "label": "Libellé",
                        "ask": "Je vous remercie.",
                        "critical": n == 1,
                        "source": SEED_NAME,
                        "seed_text": "Texte",
                    }
                ],
            }
            for n in range(1, 11)
        ],
    }


def write(tmp_path, data) -> Path:
    path = tmp_path / "checklist.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def assert_refused(tmp_path, data, *fragments):
    path = write(tmp_path, data)
    with pytest.raises(ContentError) as error:
        load_checklist(path)
    message = str(error.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_a_valid_file_loads(tmp_path):
    checklist = load_checklist(write(tmp_path, valid_data()))
    assert checklist.version == "3"
    assert len(checklist.categories) == 10
    assert checklist.item("cat1.item").critical is True


def test_duplicate_item_key_is_refused(tmp_path):
    data = valid_data()
    data["categories"][4]["items"][0]["key"] = "cat1.item"
    assert_refused(tmp_path, data, "duplicate key 'cat1.item'")


def test_duplicate_category_key_is_refused(tmp_path):
    data = valid_data()
    data["categories"][2]["key"] = "cat1"
    assert_refused(tmp_path, data, "duplicate key 'cat1'")


def test_item_without_source_is_refused(tmp_path):
    data = valid_data()
    del data["categories"][6]["items"][0]["source"]
    assert_refused(tmp_path, data, "'cat7.item'", "missing source")


def test_category_without_source_is_refused(tmp_path):
    data = valid_data()
    data["categories"][6]["source"] = ""
    assert_refused(tmp_path, data, "'cat7'", "missing source")


def test_source_must_be_a_seed_or_an_https_url(tmp_path):
    data = valid_data()
    data["categories"][0]["items"][0]["source"] = "http://example.org"
    assert_refused(tmp_path, data, "'cat1.item'", "source must be")


@pytest.mark.parametrize("count", [0, 9, 11])
def test_not_exactly_ten_categories_is_refused(tmp_path, count):
    data = valid_data()
    extra = dict(data["categories"][0], key="extra")
    data["categories"] = (data["categories"] + [extra])[:count]
    assert_refused(tmp_path, data, "exactly 10 categories", f"found {count}")


def test_category_without_items_is_refused(tmp_path):
    data = valid_data()
    data["categories"][3]["items"] = []
    assert_refused(tmp_path, data, "'cat4'", "missing items")


def test_missing_version_is_refused(tmp_path):
    data = valid_data()
    del data["version"]
    assert_refused(tmp_path, data, "version")


@pytest.mark.parametrize("value", ["yes", "true", 1, None])
def test_critical_must_be_a_boolean(tmp_path, value):
    data = valid_data()
    data["categories"][1]["items"][0]["critical"] = value
    assert_refused(tmp_path, data, "'cat2.item'", "critical must be true or false")


def test_missing_critical_is_refused(tmp_path):
    data = valid_data()
    del data["categories"][1]["items"][0]["critical"]
    assert_refused(tmp_path, data, "'cat2.item'", "critical")


def test_repeated_category_number_is_refused(tmp_path):
    data = valid_data()
    data["categories"][9]["number"] = 1
    assert_refused(tmp_path, data, "numbers must be 1 to 10")


def test_misspelt_field_is_refused(tmp_path):
    data = valid_data()
    data["categories"][0]["items"][0]["legals"] = []
    assert_refused(tmp_path, data, "'cat1.item'", "unknown field(s) legals")


def test_legal_reference_needs_an_https_url(tmp_path):
    data = valid_data()
    data["categories"][0]["items"][0]["legal"] = [{"label": "Article", "url": "legifrance"}]
    assert_refused(tmp_path, data, "'cat1.item'", "https://")


def test_empty_explanations_are_refused(tmp_path):
    data = valid_data()
    data["categories"][5]["alerts"] = []
    assert_refused(tmp_path, data, "'cat6'", "alerts")


def test_unreadable_yaml_is_refused(tmp_path):
    path = tmp_path / "checklist.yaml"
    path.write_text("version: 1\ncategories: [\n", encoding="utf-8")
    with pytest.raises(ContentError, match=re.escape(str(path))):
        load_checklist(path)


def test_hosting_asks_for_the_european_economic_area_and_the_2024_hds_certification():
    """Issue 10: not "France ou Europe" but the EEA, and a host certified under the 2024 framework."""
    checklist = get_checklist()
    location = checklist.item("hosting.server_location")
    assert "Espace économique européen" in location.label and "Espace économique européen" in location.ask
    assert "hors de cet espace" in location.ask
    proof = checklist.item("hosting.hds_proof")
    assert "référentiel" in proof.ask and "2024" in proof.ask
    hds_list = "https://esante.gouv.fr/offres-services/hds/liste-des-herbergeurs-certifies"
    assert any(ref.url == hds_list and "26 avril 2024" in ref.label for ref in proof.legal)
    assert any(ref.url == hds_list for ref in location.legal)
    for category in checklist.categories:
        for item in category.items:
            assert "France ou" not in item.label and "France ou" not in item.ask, item.key
