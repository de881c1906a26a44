"""Degraded-mode follow-up without patient data: counts per day and paper-sheet numbers."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from incidents import summary
from incidents.forms import parse_sheet_numbers
from incidents.models import CatchUpDay, Incident, PaperSheet
from incidents.tests.factories import CatchUpDayFactory, IncidentFactory, PaperSheetFactory

pytestmark = pytest.mark.django_db

TODAY = lambda: timezone.localdate().isoformat()  # noqa: E731


def count(client, incident, counter, delta=1, day=None, htmx=False):
    data = {"day": day or TODAY(), "counter": counter, "delta": str(delta)}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return client.post(reverse("incidents:count", args=[incident.pk]), data, **extra)


def test_the_page_says_no_patient_data_and_asks_for_none(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).get(reverse("incidents:catchup", args=[incident.pk]))
    page = response.content.decode()
    assert "jamais de nom de patient, de diagnostic ni de prescription" in page
    field_names = set(response.context["sheets_form"].fields)
    assert field_names == {"day", "numbers", "to_bill"}


def test_counting_a_day_of_paper_work_gives_what_is_left_to_type_and_bill(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    for _ in range(3):
        count(client, incident, "consultations")
        count(client, incident, "acts_noted")
    count(client, incident, "sheets_typed")
    count(client, incident, "acts_billed", 2)
    totals = summary.catch_up_totals(incident)
    assert (totals.consultations, totals.sheets_pending, totals.acts_pending) == (3, 2, 1)


def test_htmx_swaps_the_day_and_the_totals(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    html = count(team.client_for(team.secretary), incident, "consultations", htmx=True).content.decode()
    assert f'id="jour-{TODAY()}"' in html and 'id="catchup-totals"' in html and 'hx-swap-oob="true"' in html


@pytest.mark.parametrize(
    "counter, delta",
    [("sheets_typed", 1), ("acts_billed", 1), ("consultations", -1), ("consultations", -3)],
)
def test_counts_never_go_negative_nor_beyond_what_was_noted(team, counter, delta):
    incident = IncidentFactory(cabinet=team.cabinet)
    CatchUpDayFactory(incident=incident, consultations=2, sheets_typed=2)
    response = count(team.client_for(team.secretary), incident, counter, delta, htmx=True)
    assert response.status_code == 200 and "Impossible" in response.content.decode()
    row = CatchUpDay.objects.get()
    assert (row.consultations, row.sheets_typed, row.acts_noted, row.acts_billed) == (2, 2, 0, 0)


@pytest.mark.parametrize(
    "data",
    [
        {"day": "demain", "counter": "consultations", "delta": "1"},
        {"day": "2099-01-01", "counter": "consultations", "delta": "1"},
        {"day": "2026-01-01", "counter": "patients", "delta": "1"},
        {"day": "2026-01-01", "counter": "consultations", "delta": "0"},
        {"day": "2026-01-01", "counter": "consultations", "delta": "99999999999999999999"},
        {},
    ],
)
def test_bad_counts_are_refused_without_error(team, data):
    incident = IncidentFactory(cabinet=team.cabinet, aware_at=timezone.now() - timedelta(days=400))
    client = team.client_for(team.secretary)
    assert client.post(reverse("incidents:count", args=[incident.pk]), data).status_code == 302
    assert client.post(reverse("incidents:count", args=[incident.pk]), data, HTTP_HX_REQUEST="true").status_code == 200
    assert not CatchUpDay.objects.exists() or CatchUpDay.objects.get().consultations == 0


def test_a_day_before_the_incident_is_refused(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    day = (timezone.localdate() - timedelta(days=3)).isoformat()
    response = count(team.client_for(team.secretary), incident, "consultations", day=day, htmx=True)
    assert "précède l&#x27;incident" in response.content.decode()
    assert not CatchUpDay.objects.filter(consultations__gt=0).exists()


def test_sheet_numbers_and_ranges_are_read_names_are_refused():
    assert parse_sheet_numbers("12, 13 20-22; a-7") == ["12", "13", "20", "21", "22", "A-7"]
    for text in ("Dupont", "Mme Martin 12", "12-5", "1-500", "", " , ; "):
        with pytest.raises(ValidationError):
            parse_sheet_numbers(text)


def test_numbered_sheets_are_followed_one_by_one_and_count_in_the_totals(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    response = client.post(reverse("incidents:sheets", args=[incident.pk]), {"day": TODAY(), "numbers": "12-14", "to_bill": "on"})
    assert response.status_code == 302
    assert list(PaperSheet.objects.values_list("number", flat=True)) == ["12", "13", "14"]
    sheet = PaperSheet.objects.get(number="13")
    client.post(reverse("incidents:sheet", args=[incident.pk, sheet.pk]), {"action": "typed"})
    client.post(reverse("incidents:sheet", args=[incident.pk, sheet.pk]), {"action": "billed"})
    totals = summary.catch_up_totals(incident)
    assert (totals.consultations, totals.sheets_pending, totals.acts_pending) == (3, 2, 2)
    again = client.post(reverse("incidents:sheets", args=[incident.pk]), {"day": TODAY(), "numbers": "14, 15", "to_bill": "on"}, follow=True)
    assert "Déjà enregistrées : n° 14" in again.content.decode()
    assert PaperSheet.objects.count() == 4


def test_the_sheet_form_of_the_catchup_page_posts_to_the_sheets_view(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    client = team.client_for(team.secretary)
    action = f'action="{reverse("incidents:sheets", args=[incident.pk])}"'
    assert action in client.get(reverse("incidents:catchup", args=[incident.pk])).content.decode()
    refused = client.post(reverse("incidents:sheets", args=[incident.pk]), {"day": TODAY(), "numbers": "Dupont"})
    assert action in refused.content.decode()  # a second try goes to the right place too


def test_a_name_typed_as_a_sheet_number_is_refused_and_kept_on_screen(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    response = team.client_for(team.secretary).post(reverse("incidents:sheets", args=[incident.pk]), {"day": TODAY(), "numbers": "Dupont"})
    page = response.content.decode()
    assert response.status_code == 200 and "n&#x27;est pas un numéro de fiche" in page and 'value="Dupont"' in page
    assert not PaperSheet.objects.exists()


def test_a_sheet_of_another_incident_is_404(team):
    incident = IncidentFactory(cabinet=team.cabinet)
    other = PaperSheetFactory(incident=IncidentFactory(cabinet=team.cabinet))
    response = team.client_for(team.secretary).post(reverse("incidents:sheet", args=[incident.pk, other.pk]), {"action": "typed"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.typed_at is None


def test_no_model_of_the_app_has_a_field_for_a_patient():
    from django.apps import apps

    for model in apps.get_app_config("incidents").get_models():
        for field in model._meta.get_fields():
            assert not any(word in field.name for word in ("patient_name", "diagnos", "prescription", "nir", "birth")), (model, field.name)
    assert Incident._meta.get_field("people_affected").get_internal_type() == "PositiveIntegerField"


def test_the_totals_read_in_one_compiled_query_are_the_incidents_own_sums(team, django_assert_num_queries):
    incident = IncidentFactory(cabinet=team.cabinet)
    other = IncidentFactory(cabinet=team.cabinet)
    today = timezone.localdate()
    CatchUpDayFactory(incident=incident, day=today, consultations=7, sheets_typed=3, acts_noted=5, acts_billed=1)
    CatchUpDayFactory(incident=incident, day=today - timedelta(days=1), consultations=4, sheets_typed=4, acts_noted=2, acts_billed=2)
    CatchUpDayFactory(incident=other, consultations=50, sheets_typed=1, acts_noted=40)
    now = timezone.now()
    PaperSheetFactory(incident=incident)  # untyped, to bill
    PaperSheetFactory(incident=incident, typed_at=now, billed_at=now)
    PaperSheetFactory(incident=incident, typed_at=now, to_bill=False)
    PaperSheetFactory(incident=other)
    with django_assert_num_queries(1):
        totals = summary.catch_up_totals(incident)
    assert totals == summary.CatchUpTotals(
        consultations=11 + 3, sheets_pending=(11 - 7) + 1, acts_pending=(7 - 3) + 1, sheets_typed=7 + 2, acts_billed=3 + 1, numbered_sheets=3
    )
    assert summary.catch_up_totals(IncidentFactory(cabinet=team.cabinet)) == summary.CatchUpTotals()
    # Read with their incidents (the incident, catch-up and closing pages), the same sums and no query of their own.
    carried = {i.pk: i for i in summary.with_catch_up_totals(Incident.objects.all())}
    other_totals = summary.catch_up_totals(other)
    with django_assert_num_queries(0):
        assert summary.catch_up_totals(carried[incident.pk]) == totals
        assert summary.catch_up_totals(carried[other.pk]) == other_totals
