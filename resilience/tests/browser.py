"""Helpers for journeys in the system Chromium driven by Playwright.

The browser is Debian's /usr/bin/chromium (never `playwright install`), with
the flags that keep it off the network, on a phone-sized viewport or, for the
journeys run at several widths (the `screen_width` fixture), a laptop's or a desktop's.
"""

import subprocess
from contextlib import contextmanager

from django.db import connections
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True, "locale": "fr-FR"}


@contextmanager
def chromium():
    # Django's connections are context-local and Playwright's sync API runs an event loop:
    # close them on both sides, or one stays open and the test database cannot be dropped.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
            connections.close_all()


def screen(browser, width=375):
    """A fresh browser context (no cookies) `width` px wide: a phone up to 576 px, a computer beyond."""
    if width <= 576:
        options = {**PHONE, "viewport": {"width": width, "height": 812}}
    else:
        options = {"viewport": {"width": width, "height": 900}, "locale": "fr-FR"}
    context = browser.new_context(**options, accept_downloads=True)
    context.set_default_timeout(15_000)
    return context


def phone(browser):
    """A fresh browser context (no cookies) the size of a phone."""
    return screen(browser, 375)


def open_menu(page):
    """Unfold the main menu when it is behind the burger (below 992 px); wider, it is always shown."""
    toggler = page.locator(".navbar-toggler")
    if toggler.is_visible():
        toggler.click()
        page.locator("#menu.show").wait_for()


def sign_in(page, base_url, email, password):
    page.goto(f"{base_url}/compte/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.click("main form [type=submit]")
    page.wait_for_load_state()


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()
