"""The shared PDF rendering: WeasyPrint output checked with pdftotext."""

import subprocess
from types import SimpleNamespace

from resilience.pdf import render_pdf, safe_filename


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_every_page_carries_the_cabinet_name_and_page_numbers(tmp_path, settings):
    template = tmp_path / "two_pages.html"
    template.write_text(
        '{% extends "pdf/base.html" %}{% block content %}<h1>Un</h1><div class="page-break"><h1>Deux</h1></div>{% endblock %}'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    pdf = render_pdf("two_pages.html", {"cabinet": SimpleNamespace(name="<b>Dupont & Fils</b>")})
    pages = pdf_text(pdf).split("\f")
    assert len([page for page in pages if page.strip()]) == 2
    for number, page in enumerate(pages[:2], start=1):
        assert "<b>Dupont & Fils</b>" in page  # typed text is printed as text
        assert f"Page {number} / 2" in page
        assert "Généré le" in page


def test_file_names_are_plain_ascii():
    assert safe_filename("Cabinet démo / kit") == "cabinet-demo-kit"
    assert safe_filename("«»") == "document"
