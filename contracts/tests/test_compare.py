"""Two reviews side by side."""

import pytest
from django.urls import reverse

from contracts.tests.factories import AnswerFactory, ContractFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_reviews(team):
    before = ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Ancien prestataire"))
    after = ReviewFactory(contract=ContractFactory(cabinet=team.cabinet, provider="Nouveau prestataire"))
    AnswerFactory(review=before, item_key="backups.restore_test", value="absent")
    AnswerFactory(review=after, item_key="backups.restore_test", value="present")
    AnswerFactory(review=before, item_key="backups.daily", value="present")
    AnswerFactory(review=after, item_key="backups.daily", value="present")
    return before, after


def compare(client, **params):
    return client.get(reverse("contracts:compare"), params)


def test_two_reviews_are_shown_side_by_side(team, two_reviews):
    before, after = two_reviews
    page = compare(team.client_for(team.secretary), left=before.pk, right=after.pk).content.decode()
    assert "A · Ancien prestataire" in page and "B · Nouveau prestataire" in page
    assert "Un test de restauration au moins tous les six mois" in page
    assert 'class="table-warning"' in page  # the changed item is highlighted


def test_only_the_differences_can_be_shown(team, two_reviews):
    before, after = two_reviews
    page = compare(team.client_for(team.titulaire), left=before.pk, right=after.pk, differences="on").content.decode()
    assert "Un test de restauration au moins tous les six mois" in page
    assert "Des sauvegardes quotidiennes, dont le type est précisé" not in page


def test_the_review_one_came_from_is_preselected(team, two_reviews):
    before, _ = two_reviews
    response = compare(team.client_for(team.titulaire), left=before.pk)
    assert response.status_code == 200 and response.context["form"].initial["left"] == before


@pytest.mark.parametrize("params", [{"left": "abc", "right": "1"}, {"left": "999999", "right": "999998"}, {"left": "", "right": ""}])
def test_forged_choices_get_a_message_not_an_error(team, two_reviews, params):
    response = compare(team.client_for(team.titulaire), **params)
    assert response.status_code == 200 and response.context["comparison"] is None


def test_the_same_review_twice_is_refused(team, two_reviews):
    before, _ = two_reviews
    page = compare(team.client_for(team.titulaire), left=before.pk, right=before.pk).content.decode()
    assert "Choisissez deux revues différentes." in page


def test_another_cabinets_review_cannot_be_compared(team, two_reviews):
    before, after = two_reviews
    response = compare(team.client_for(team.outsider), left=before.pk, right=after.pk)
    assert response.context["comparison"] is None
    assert "Ancien prestataire" not in response.content.decode()


def test_one_review_is_not_enough(team):
    ReviewFactory(contract=ContractFactory(cabinet=team.cabinet))
    page = compare(team.client_for(team.titulaire)).content.decode()
    assert "Il faut au moins deux revues pour comparer." in page
