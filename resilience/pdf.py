"""Rendering printable documents with WeasyPrint.

Every PDF of the product (assessment result, kit, patient notice, incident
report, contract gap report and letter) extends `pdf/base.html`, which puts
the cabinet name, the page number and the generation date on every page.
Only local files and data: URIs are fetched: a document never reaches the
network, whatever a user typed into it.
"""

import re
import unicodedata

from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

STYLESHEET = "pdf/pdf.css"


def _stylesheet():
    path = finders.find(STYLESHEET)
    if path is None:  # pragma: no cover - a packaging mistake, not a user error
        raise FileNotFoundError(STYLESHEET)
    return CSS(filename=path)


def layout(html: str, stylesheets=()):
    """The laid-out WeasyPrint document (pages and boxes), with the shared stylesheet first."""
    fetcher = URLFetcher(allowed_protocols={"data", "file"})
    return HTML(string=html, base_url=".", url_fetcher=fetcher).render(stylesheets=[_stylesheet(), *stylesheets])


def render_document(template_name: str, context: dict):
    context = {"generated_at": timezone.localtime(), **context}
    return layout(render_to_string(template_name, context))


def render_pdf(template_name: str, context: dict) -> bytes:
    return render_document(template_name, context).write_pdf()


def safe_filename(text: str) -> str:
    """An ASCII file name for Content-Disposition, whatever the cabinet is called."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower()[:80] or "document"


def pdf_response(template_name: str, context: dict, filename: str, inline: bool = False) -> HttpResponse:
    response = HttpResponse(render_pdf(template_name, context), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_filename(filename)}.pdf"'
    return response
