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


def fill_stock(cabinet, quantity: int, lines=None) -> None:
    """Count `quantity` of every form and sheet, each prescriber's own forms for every prescriber."""
    from kit.inventory import cabinet_counts, stock_lines
    from kit.models import StockLevel
    from kit.scaling import slots

    counts = cabinet_counts(cabinet)
    for line in lines if lines is not None else stock_lines():
        holders = slots(line, counts) if line.per_prescriber else (None,)
        for slot in holders:
            StockLevel.objects.create(
                cabinet=cabinet, line_key=line.key, quantity=quantity,
                profession=slot.profession if slot else "", slot=slot.number if slot else 0,
            )
