"""The page frame at every width from a small phone to a wide screen, in the system Chromium.

« Déclarer un incident » is in view without scrolling, and no page scrolls sideways, on the main
pages, for a titulaire (the longest menu) and a secretary. Each page is loaded once and the window
resized through the widths (the layout is CSS only). The menu links pass WCAG AA on the navbar.
"""

import pytest
from django.urls import reverse

from resilience.tests.browser import chromium, screen, sign_in
from resilience.tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (320, 375, 768, 992, 1024, 1280, 1440, 1920)
PAGES = ("resilience:dashboard", "kit:home", "incidents:playbooks", "contracts:list", "resilience:assessment_home")

MEASURE = """() => {
  const button = [...document.querySelectorAll('nav a')].find(a => a.textContent.trim() === 'Déclarer un incident');
  const box = button ? button.getBoundingClientRect() : null;
  return {
    scrollWidth: document.scrollingElement.scrollWidth,
    innerWidth: window.innerWidth,
    innerHeight: window.innerHeight,
    button: box && {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
                    visible: getComputedStyle(button).visibility === 'visible' && box.width > 0},
  };
}"""

COLOURS = """() => {
  const rgba = (text) => text.match(/[\\d.]+/g).map(Number);
  const link = document.querySelector('nav .navbar-nav .nav-link:not(.active)');
  return {link: rgba(getComputedStyle(link).color), background: rgba(getComputedStyle(document.querySelector('nav')).backgroundColor)};
}"""


def luminance(rgb):
    def channel(value):
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in rgb[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground, background):
    """WCAG contrast ratio; a translucent foreground is blended over the background first."""
    alpha = foreground[3] if len(foreground) > 3 else 1
    blended = [alpha * f + (1 - alpha) * b for f, b in zip(foreground[:3], background[:3])]
    lighter, darker = sorted((luminance(blended), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_helper_matches_known_ratios():
    assert contrast([255, 255, 255], [0, 0, 0]) == pytest.approx(21)
    assert contrast([255, 255, 255, 0.55], [13, 110, 253]) < 4.5  # Bootstrap's default dark navbar on primary


def test_the_urgent_button_is_in_view_and_nothing_scrolls_sideways_at_every_width(live_server, team):
    team.cabinet.name = "Cabinet médical et paramédical des Acacias de la Gironde"  # a long name, the worst case
    team.cabinet.save()
    problems = []
    with chromium() as browser:
        for user in (team.titulaire, team.secretary):
            context = screen(browser, 1280)
            page = context.new_page()
            sign_in(page, live_server.url, user.email, PASSWORD)
            for name in PAGES:
                page.set_viewport_size({"width": 1280, "height": 800})
                page.goto(live_server.url + reverse(name))
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    m = page.evaluate(MEASURE)
                    where = f"{user.email} {name} {width}px"
                    if m["scrollWidth"] > m["innerWidth"]:
                        problems.append(f"{where}: the page is {m['scrollWidth']} px wide")
                    button = m["button"]
                    if not button or not button["visible"]:
                        problems.append(f"{where}: no visible urgent button")
                    elif button["left"] < 0 or button["right"] > width or button["top"] < 0 or button["bottom"] > m["innerHeight"]:
                        problems.append(f"{where}: the urgent button is out of view at {button}")
            colours = page.evaluate(COLOURS)
            if contrast(colours["link"], colours["background"]) < 4.5:
                problems.append(f"menu links below WCAG AA contrast: {colours}")
            context.close()
    assert not problems, "\n".join(problems)
