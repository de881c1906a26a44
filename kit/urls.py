from django.urls import path

from kit.printables import SHEETS
from kit.views import equipment, home, kit_tests, printables, stocks

app_name = "kit"

urlpatterns = [
    path("", home.kit_home, name="home"),
    path("classeur/", home.binder_edit, name="binder"),
    path("stocks/", stocks.stock_update, name="stocks"),
    path("equipement/", equipment.equipment_list, name="equipment"),
    path("equipement/<int:equipment_id>/", equipment.equipment_edit, name="equipment_edit"),
    path("tests/", kit_tests.test_list, name="tests"),
    path("tests/nouveau/", kit_tests.test_new, name="test_new"),
    path("tests/<int:kit_test_id>/", kit_tests.test_detail, name="test_detail"),
    # Stable names: the incident pages link to these two.
    path("imprimer/kit.pdf", printables.pdf_kit, name="pdf_kit"),
    path("imprimer/affiche-patients.pdf", printables.patient_notice, name="patient_notice"),
    path("imprimer/a-commander.pdf", printables.order_list, name="order_list"),
    # One URL per blank sheet (no URL argument: a sheet is not an object of the cabinet).
    *[
        path(f"imprimer/{sheet.slug}.pdf", printables.sheet_pdf, {"sheet": key}, name=f"sheet_{key}")
        for key, sheet in SHEETS.items()
    ],
]
