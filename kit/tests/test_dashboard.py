"""The dashboard panel: the kit test never done, due or overdue (with its date), and lines below minimum."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from kit import services
from kit.models import Equipment, EquipmentState, StockLevel
from kit.tests.helpers import fill_stock
from kit.schedule import add_months
from kit.tests.helpers import page_text
from resilience.french_dates import date_format

pytestmark = pytest.mark.django_db


def panel(team, user=None):
    page = page_text(team.client_for(user or team.secretary).get(reverse("resilience:dashboard")))
    start = page.index('data-testid="kit-panel"')
    return page[start:page.index("</section>", start)]


def test_a_new_cabinet_is_told_to_run_its_first_test(team):
    text = panel(team)
    assert "Aucun test enregistré." in text and "Faire le test du kit" in text
    assert "lignes du kit sous le minimum" in text


def test_an_overdue_test_shows_since_when(team):
    services.record_kit_test(team.cabinet, team.titulaire, add_months(timezone.localdate(), -7), {})
    due = add_months(add_months(timezone.localdate(), -7), 6)
    text = panel(team)
    assert "En retard : à faire depuis le" in text
    assert date_format(due, "j F Y") in text  # « 1er novembre 2026 » on the first of a month


def test_a_test_due_soon_and_one_up_to_date(team, monkeypatch):
    services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 10), {})
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 6, 25))
    assert "À faire avant le 10 juillet 2026." in panel(team)
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 2, 1))
    text = panel(team)
    assert "À jour. Prochain test avant le 10 juillet 2026." in text and "Faire le test du kit" not in text


def test_the_number_of_lines_below_minimum(team):
    from kit.inventory import equipment_lines, stock_lines

    fill_stock(team.cabinet, 1000, stock_lines())
    StockLevel.objects.filter(cabinet=team.cabinet, line_key="fiches_examen").update(quantity=3)
    expected = 1 + len(equipment_lines())  # nothing recorded for the equipment
    assert f"{expected} lignes du kit sous le minimum." in panel(team, team.titulaire)


def test_the_kit_row_compiled_once_is_the_orm_query_s_row(team):
    from kit.models import Prescriber
    from kit.summary import _KIT_ROW, _kit_row_query

    assert _KIT_ROW.first(team.cabinet.pk) == _kit_row_query(team.cabinet.pk).first()  # no kit, no test yet
    services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 10), {"cle_usb_lisible": ("ok", "lue")})
    fill_stock(team.cabinet, 7)
    StockLevel.objects.filter(cabinet=team.cabinet, line_key="fiches_examen").update(unchecked=True)
    Prescriber.objects.create(cabinet=team.cabinet, profession="medecine_generale", number=1, label="Dr A")
    for cabinet in (team.cabinet, team.other_cabinet):
        row = _KIT_ROW.first(cabinet.pk)
        assert row == _kit_row_query(cabinet.pk).first()
    assert row["last_test_pk"] is None and _KIT_ROW.first(team.cabinet.pk)["last_test_performed_on"] == date(2026, 1, 10)


def test_the_panel_is_written_as_its_template_wrote_it(team, monkeypatch):
    """Never tested, then tested: overdue, due soon, up to date; lines below minimum: many, one, none."""
    from kit.inventory import equipment_lines, stock_lines
    from kit.panels import kit_panel
    from resilience.tests.html_support import panel_written_as_before, tenant_request

    request = tenant_request(team.cabinet, team.titulaire)
    shown = [panel_written_as_before(__file__, "kit_tags", "kit_panel", kit_panel, request)]
    services.record_kit_test(team.cabinet, team.titulaire, date(2026, 1, 10), {"cle_usb_lisible": ("problem", "illisible")})
    for today in (date(2026, 9, 1), date(2026, 6, 25), date(2026, 2, 1)):
        monkeypatch.setattr(timezone, "localdate", lambda today=today: today)
        shown.append(panel_written_as_before(__file__, "kit_tags", "kit_panel", kit_panel, request))
    fill_stock(team.cabinet, 1000, stock_lines())
    for line in equipment_lines():
        Equipment.objects.update_or_create(
            cabinet=team.cabinet, line_key=line.key, defaults={"quantity": 1000, "state": EquipmentState.READY}
        )
    shown.append(panel_written_as_before(__file__, "kit_tags", "kit_panel", kit_panel, request))
    StockLevel.objects.filter(cabinet=team.cabinet, line_key="fiches_examen").update(quantity=3)
    shown.append(panel_written_as_before(__file__, "kit_tags", "kit_panel", kit_panel, request))
    assert "border-danger" in shown[0] and "border-danger" in shown[1] and "Faire le test du kit" not in shown[3]
    assert "lignes du kit sous le minimum." in shown[0]
    assert "Aucune ligne du kit sous le minimum." in shown[4] and "1 ligne du kit sous le minimum." in shown[5]
