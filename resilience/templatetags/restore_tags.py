"""The restore tests' status and dashboard panel, written in Python.

The dashboard shows the panel on every visit, the restore tests' page the status. Through their templates
each date, label and translation cost its own lookups. `resilience/tests/test_restore_html.py` compares
them with the templates they replaced (`resilience/tests/templates_before/restore_*.html`).
"""

from django import template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from resilience.models import RestoreResult
from resilience.navigation import url_of
from resilience.templatetags.french import date_html

register = template.Library()


@register.simple_tag
def restore_status(status):
    return mark_safe(restore_status_html(status))


def restore_status_html(status) -> str:
    """The latest test and when the next one is due, or that none was recorded."""
    last = status.last
    if not last:
        none = gettext("Aucun test de restauration enregistré : vous ne savez pas encore si vos sauvegardes marchent.")
        return f'<div class="alert alert-warning" role="status" data-testid="restore-status">{none}</div>'
    css = "alert-danger" if status.late else ("alert-warning" if last.result != RestoreResult.SUCCESS else "alert-success")
    done = gettext("Dernier test : le %(day)s, %(result)s.") % {
        "day": date_html(last.performed_on, "d/m/Y"),
        "result": esc(last.get_result_display()),
    }
    next_day = date_html(status.next_due, "d/m/Y")
    if status.late:
        due = "<strong>" + gettext("En retard : le prochain test était prévu le %(day)s.") % {"day": next_day} + "</strong>"
    else:
        due = gettext("Prochain test : avant le %(day)s.") % {"day": next_day}
    return (
        f'<div class="alert {css}" role="status" data-testid="restore-status">'
        f'<p class="mb-1">{done}</p><p class="mb-0">{due}</p></div>'
    )


@register.simple_tag
def restore_panel(panel):
    status = panel["restore"]
    border = " border-danger" if status.late or not status.last else ""
    title, see, record = gettext("Tests de restauration"), gettext("Voir les tests"), gettext("Enregistrer un test")
    return mark_safe(
        f'<section class="card h-100{border}" aria-labelledby="restore-panel-title" data-testid="restore-panel">'
        f'<div class="card-body"><h2 id="restore-panel-title" class="h5 card-title">{title}</h2>'
        f"{restore_status_html(status)}"
        '<div class="d-flex flex-wrap gap-2">'
        f'<a class="btn btn-primary" href="{esc(url_of("resilience:restore_tests"))}">{see}</a>'
        f'<a class="btn btn-outline-primary" href="{esc(url_of("resilience:restore_new"))}">{record}</a>'
        "</div></div></section>"
    )
