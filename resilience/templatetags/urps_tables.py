"""`{% urps_table table %}`: one table of the URPS report (statistics.report.Table), written in Python.

A national page holds about 250 rows of figures; through a template (`{% for %}` over rows and
cells, three `{% if %}` per cell) they took 19-26 ms of the page, in Python about 2 ms. A hidden
figure shows the suppression notice, never a number.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from resilience.statistics.disclosure import Figure

register = template.Library()


def _cell(value, percent: bool) -> str:
    if not isinstance(value, Figure):
        return format_html("<td>{}</td>", value)
    if value.hidden:
        return format_html('<td class="urps-hidden">{}</td>', value.notice)
    return format_html('<td class="urps-number">{}{}</td>', value, " %" if percent else "")


def _row(row, percent: bool) -> str:
    label, *values = row
    return format_html('<tr><th scope="row">{}</th>', label) + "".join(_cell(v, percent) for v in values) + "</tr>"


@register.simple_tag
def urps_table(table):
    head = format_html_join("", '<th scope="col">{}</th>', ((column,) for column in table.columns))
    rows = "".join(_row(row, table.percent) for row in table.rows)
    return format_html(
        '<div class="table-responsive">\n<table class="table table-sm urps-table">\n'
        '  <caption class="visually-hidden">{}</caption>\n'
        "  <thead><tr>{}</tr></thead>\n  <tbody>\n  {}\n  </tbody>\n</table>\n</div>\n",
        table.title, head, mark_safe(rows),
    )
