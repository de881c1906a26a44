"""The menu: main entries on the bar, the cabinet's own pages in the cabinet's menu, by role."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menus(client):
    page = client.get(reverse("resilience:dashboard")).content.decode()
    main = re.search(r'(?s)<ul class="navbar-nav main-nav">(.*?)</ul>', page).group(1)
    cabinet = re.search(r'(?s)data-testid="cabinet-menu".*?<ul class="dropdown-menu[^"]*">(.*?)</ul>', page).group(1)
    return main, cabinet


def test_the_cabinet_pages_are_in_the_cabinet_menu(team):
    main, cabinet = menus(team.client_for(team.titulaire))
    for label in ("Tableau de bord", "Autodiagnostic", "Kit mode dégradé", "Incidents et guides", "Contrats", "Contacts d&#x27;urgence"):
        assert label in main or label.replace("&#x27;", "'") in main, label
    for label in ("Équipe", "Réglages du cabinet", "Historique"):
        assert label in cabinet and label not in main, label


def test_a_secretary_sees_only_the_team_in_the_cabinet_menu(team):
    main, cabinet = menus(team.client_for(team.secretary))
    assert "Équipe" in cabinet
    assert "Réglages du cabinet" not in cabinet + main and "Historique" not in cabinet + main


def test_favicon_is_served_without_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response.url.endswith("favicon.ico")
    assert response.url.startswith("/static/")


def test_an_address_with_an_id_is_the_one_reverse_gives():
    from django.urls import reverse

    from resilience.navigation import url_with_id

    for name in ("incidents:detail", "contracts:detail", "incidents:journal", "resilience:action_edit"):
        for object_id in (1, 730491113, 12345678901234):
            assert url_with_id(name, object_id) == reverse(name, args=[object_id])
