"""CSV, XLSX and PDF of the URPS dashboard: the tables of the Report, nothing more.

Every export renders report.build()'s tables, so it hides exactly what the page
hides. CSV is streamed; XLSX uses openpyxl's write-only mode (constant memory).
A text cell starting with =, +, - or @ is prefixed with an apostrophe in CSV and
written as a plain string in XLSX, so a spreadsheet never runs it as a formula.
"""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _

from resilience.pdf import pdf_response

FORMULA_START = ("=", "+", "-", "@")


def header_rows(report) -> list[list[str]]:
    rows = [
        [_("Tableau de bord URPS – Résilience cabinet")],
        [_("Périmètre"), report.scope.label],
        [_("Professions suivies"), ", ".join(report.scope.profession_labels)],
        *([label, value] for label, value in report.filters.describe(report.scope)),
        [_("Début de la période"), report.period_start.strftime("%d/%m/%Y")],
        [_("Date"), report.generated_at.strftime("%d/%m/%Y %H:%M")],
        [_("Règle"), suppression_rule(report.minimum)],
    ]
    return rows


def suppression_rule(minimum: int) -> str:
    return _(
        "Aucun chiffre n'est donné pour moins de %(n)d cabinets, ni aucun chiffre qui, soustrait d'un autre, "
        "en ferait connaître un si petit groupe : ces chiffres sont remplacés par « moins de %(n)d cabinets »."
    ) % {"n": minimum}


def _cell(value, table):
    if hasattr(value, "hidden"):
        if value.hidden:
            return value.notice
        return f"{value} %" if table.percent else value.value
    return str(value)


def rows(report):
    """Every row of every table, header first: the one sequence CSV and XLSX both write."""
    yield from header_rows(report)
    for table in report.tables:
        yield []
        yield [table.title]
        yield [str(c) for c in table.columns]
        for row in table.rows:
            yield [_cell(value, table) for value in row]


def _safe_text(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class _Echo:
    def write(self, value):
        return value


def csv_response(report, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo(), delimiter=";")

    def lines():
        yield "\ufeff"  # Excel opens UTF-8 with accents correctly
        for row in rows(report):
            yield writer.writerow([_safe_text(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(report) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Tableau de bord")[:31])
    for row in rows(report):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(report, filename: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def pdf_report(report, context: dict, filename: str) -> HttpResponse:
    return pdf_response("resilience/statistics/report_pdf.html", context, filename)
