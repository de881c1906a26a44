"""The « Ressources » page: the guides' "pour aller plus loin" links, from a data file with sources."""

import pytest
import yaml
from django.urls import reverse

from resilience.content import ContentError, SEED_FILES
from resilience.practitioners import set_practitioners
from resilience.resources import RESOURCES_FILE, groups_for, load_resources, resource_groups

# The addresses the seed guides give (002 "Liens utiles", 003 "pour aller plus loin").
SEED_URLS = {
    "memento_ans": "https://esante.gouv.fr/sites/default/files/media_entity/documents/PGSSI_S-Guide_Orga-Memento_PS_Exercice_Liberal-V2.0.pdf",
    "guide_cnom_cnil": "https://www.cnil.fr/sites/cnil/files/atoms/files/guide-cnom-cnil.pdf",
    "mon_espace_sante": "https://esante.gouv.fr/sites/default/files/media_entity/documents/fiche-pratique_mon-espace-sante-et-mes-donnees-personnelles.pptx-%281%29.pdf",
    "cnil_sante": "https://www.cnil.fr/fr/sante",
    "cnomk_register": "https://ordremk.fr/je-suis-kinesitherapeute/specification-et-explications/",
    "signal_spam": "https://signal-spam.fr",
}


def all_resources():
    return {r.key: r for group in resource_groups() for r in group.resources}


def test_the_guides_links_are_there_with_the_seeds_addresses_and_sources():
    resources = all_resources()
    for key, url in SEED_URLS.items():
        assert resources[key].url == url
        assert resources[key].source in SEED_FILES
    for resource in resources.values():
        assert resource.url.startswith("https://") and resource.title and resource.text


def test_the_kines_register_model_is_shown_to_cabinets_with_kines_only():
    def keys(codes):
        return {r.key for group in groups_for(codes) for r in group.resources}

    assert "cnomk_register" in keys(["kinesitherapie"])
    assert "cnomk_register" in keys(["medecine_generale", "kinesitherapie"])
    assert "cnomk_register" not in keys(["medecine_generale"])
    assert {"memento_ans", "guide_cnom_cnil", "cnil_sante", "mon_espace_sante"} <= keys(["soins_infirmiers"])


def write(tmp_path, mutate):
    data = yaml.safe_load(RESOURCES_FILE.read_text(encoding="utf-8"))
    mutate(data["groups"][0]["resources"][0])
    path = tmp_path / "resources.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda r: r.update(url="http://example.org"), "https://"),
        (lambda r: r.update(professions=["osteopathie"]), "unknown profession"),
        (lambda r: r.pop("source"), "missing source"),
        (lambda r: r.update(source="un blog"), "source must be"),
    ],
)
def test_a_bad_resource_is_refused(tmp_path, mutate, message):
    with pytest.raises(ContentError, match=message):
        load_resources(write(tmp_path, mutate))


@pytest.mark.django_db
def test_the_page_is_in_the_menu_and_lists_the_links(team):
    client = team.client_for(team.secretary)
    page = client.get(reverse("resilience:dashboard")).content.decode()
    assert reverse("resilience:resources") in page
    page = client.get(reverse("resilience:resources")).content.decode()
    assert SEED_URLS["memento_ans"] in page and SEED_URLS["guide_cnom_cnil"] in page
    assert SEED_URLS["cnomk_register"] not in page  # a médecins' cabinet
    set_practitioners(team.cabinet, {"medecine_generale": 2, "kinesitherapie": 1})
    assert SEED_URLS["cnomk_register"] in client.get(reverse("resilience:resources")).content.decode()
