"""Helpers shared by the kit's tests."""

import subprocess

from django.urls import reverse


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, pages separated by form feeds."""
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_raw_text(pdf: bytes) -> str:
    """The text in the order it was drawn: a table cell wrapped over two lines stays in one piece."""
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_pages(pdf: bytes) -> list[str]:
    return [page for page in pdf_text(pdf).split("\f") if page.strip()]


def stock_post(quantities: dict, shown: dict | None = None) -> dict:
    """The stock form as a browser posts it: each quantity and the value shown when the page was opened."""
    shown = shown or {}
    data = {f"q-{key}": value for key, value in quantities.items()}
    data.update({f"was-{key}": shown.get(key, 0) for key in quantities})
    return data


STOCKS_URL = "kit:stocks"


def stocks_url():
    return reverse(STOCKS_URL)


def page_text(response) -> str:
    """A page's HTML with entities decoded (« n'a » is « n&#x27;a » in the source)."""
    import html

    return html.unescape(response.content.decode())
