"""The dashboard's incident panel, written in Python: the open incidents with their legal clocks, the last drill.

The dashboard shows it on every visit; through its template, each incident and each of its clocks cost
their own lookups, translations and date filters. `incidents/tests/test_dashboard.py` compares it with the
template it replaced (`incidents/tests/templates_before/dashboard_panel.html`).
"""

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from resilience.navigation import url_of, url_with_id
from resilience.templatetags.french import date_html

register = template.Library()


@register.simple_tag
def incident_panel(panel):
    open_incidents = panel["open_incidents"]
    border = " border-danger border-2" if open_incidents else ""
    title = gettext("Incident en cours") if open_incidents else gettext("Incidents")
    html = [
        f'<section class="card h-100{border}" aria-labelledby="incident-panel-title"><div class="card-body">'
        f'<h2 id="incident-panel-title" class="h5 card-title">{title}</h2>'
    ]
    for incident, clocks in open_incidents:
        html.append(
            f'<div class="mb-3"><a class="btn btn-danger btn-lg w-100 mb-2" href="{esc(url_with_id("incidents:detail", incident.pk))}">'
            f"{esc(incident.get_scenario_display())} — {esc(incident.get_status_display())}</a>"
        )
        html.extend(_clock(clock) for clock in clocks)
        html.append("</div>")
    if not open_incidents:
        nothing = gettext(
            "Aucun incident en cours. En cas de panne ou d'attaque, le bouton rouge « Déclarer un incident » est en haut de chaque page."
        )
        what_to_do = gettext("Que faire si…")
        html.append(
            f"<p>{nothing}</p>"
            f'<a class="btn btn-outline-primary mb-3" href="{esc(url_of("incidents:playbooks"))}">{what_to_do}</a>'
        )
    if more := panel["more_open"]:
        others = ngettext("Et %(n)s autre incident en cours", "Et %(n)s autres incidents en cours", more) % {"n": more}
        html.append(
            f'<p><a class="link-danger fw-semibold" href="{esc(url_of("incidents:list"))}" data-testid="more-open-incidents">{others}</a></p>'
        )
    last_drill = panel["last_drill"]
    if last_drill:
        when = date_html(last_drill.finished_at, "j F Y")
        drill = gettext("Dernier exercice : le %(when)s.") % {"when": when}
    else:
        drill = gettext("Aucun exercice pour l'instant.")
    every_six_months, drill_now = gettext("Un exercice tous les 6 mois est recommandé."), gettext("Faire un exercice")
    due = f' <span class="text-danger">{every_six_months}</span>' if panel["drill_due"] else ""
    html.append(
        f'<p class="mb-1">{drill}{due}</p>'
        f'<a class="btn btn-outline-secondary btn-sm" href="{esc(url_of("incidents:drills"))}">{drill_now}</a>'
        "</div></section>"
    )
    return mark_safe("".join(html))


def _clock(clock) -> str:
    deadline = ""
    if clock.running and clock.deadline:
        deadline = f' data-deadline="{date_html(clock.deadline, "c")}"'
    return (
        f'<div class="d-flex justify-content-between gap-2 border-bottom py-1" data-clock="{esc(clock.kind)}">'
        f'<span>{esc(clock.title)}</span><strong class="text-{esc(clock.text_css)} text-nowrap"{deadline}>{esc(clock.label)}</strong></div>'
    )
