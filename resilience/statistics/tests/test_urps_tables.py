"""The report's tables as HTML (`{% urps_table %}`): numbers, the suppression notice, escaped text."""

from django.template import Context, Template

from resilience.statistics.disclosure import Figure
from resilience.statistics.report import Table


def render(table) -> str:
    return Template("{% load urps_tables %}{% urps_table table %}").render(Context({"table": table}))


def test_a_table_shows_its_figures_and_the_notice_for_hidden_ones():
    table = Table("t", "Participation", ["", "Votre sélection", "France"])
    table.rows = [["Cabinets inscrits", Figure(1234, 10), Figure(None, 10)], ["Thème", "Sauvegardes", Figure(12.6, 10)]]
    html = render(table)
    assert html == (
        '<div class="table-responsive">\n<table class="table table-sm urps-table">\n'
        '  <caption class="visually-hidden">Participation</caption>\n'
        '  <thead><tr><th scope="col"></th><th scope="col">Votre sélection</th><th scope="col">France</th></tr></thead>\n'
        "  <tbody>\n"
        '  <tr><th scope="row">Cabinets inscrits</th><td class="urps-number">1234</td>'
        '<td class="urps-hidden">moins de 10 cabinets</td></tr>'
        '<tr><th scope="row">Thème</th><td>Sauvegardes</td><td class="urps-number">13</td></tr>\n'
        "  </tbody>\n</table>\n</div>\n"
    )


def test_shares_carry_a_percent_sign_and_hidden_shares_none():
    table = Table("t", "Points fragiles", ["", "Ici"], percent=True)
    table.rows = [["Q1", Figure(40, 10)], ["Q2", Figure(None, 10)]]
    html = render(table)
    assert '<td class="urps-number">40 %</td>' in html
    assert '<td class="urps-hidden">moins de 10 cabinets</td>' in html and "None" not in html


def test_every_text_is_escaped():
    table = Table("t", "<b>titre</b>", ["<i>colonne</i>"])
    table.rows = [["<script>alert(1)</script>", "<img src=x>"]]
    html = render(table)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x&gt;" in html
