"""Small template helpers of the kit pages."""

from django import template
from django.conf import settings
from django.utils import formats
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext

from kit.models import EquipmentState
from kit.printables import SHEET_URL_NAMES
from kit.scaling import Status
from resilience.navigation import url_of, url_with_id
from resilience.templatetags.french import date_html

register = template.Library()


@register.filter
def sheet_url(printable: str) -> str:
    """The URL printing a printable line's sheet. Only printable ids have one: an order line never does."""
    return url_of(SHEET_URL_NAMES[printable])


# The catalogue's units are singular French nouns; these are their irregular plurals.
IRREGULAR_PLURALS = {"jeu": "jeux"}


@register.filter
def count_of(number, unit: str) -> str:
    """`3|count_of:"liasse"` → "3 liasses"; 1 stays singular, as 0 does in French."""
    if isinstance(number, int) and number > 1:
        unit = IRREGULAR_PLURALS.get(unit, unit + "s")
    return f"{number} {unit}"


# `kit/_quantities.html` and `kit/_holdings.html` call these: the kit page shows one per catalogue line (~40),
# and through the template each cost ~0.2 ms of lookups and translations. Same HTML (whitespace between
# tags aside): `kit/tests/test_quantities_html.py` compares them with the templates they replaced.


@register.simple_tag(takes_context=True)
def kit_quantities(context):
    """A line's target, what is in stock (or each prescriber's), and a badge: complete, short or missing."""
    return mark_safe(quantities_html(context["row"]))


@register.simple_tag(takes_context=True)
def kit_holdings(context):
    """One prescriber's own count after another: « Dr Martin (médecin 1) : 3 · médecin 2 : 0, manque 1 »."""
    return mark_safe(holdings_html(context["row"]))


def _number(value) -> str:
    """`{{ value }}` of a number: localized, escaped."""
    if type(value) is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)  # what `localize` gives an int without grouping, ~30 µs sooner
    return esc(str(formats.localize(value)))


def quantity_words() -> dict:
    """The fixed phrases of the quantities, translated once for a page of many lines (~10 µs a gettext call)."""
    # gettext() stays outside the f-strings: makemessages (xgettext) does not read calls inside them.
    return {
        "range": gettext("de %(a)s à %(b)s"),
        "target": gettext("Cible :"),
        "per_cabinet": gettext("pour le cabinet"),
        "each_prescriber": gettext("Chaque prescripteur a son stock :"),
        "moved": gettext("Le stock commun d'avant a été reporté sur le premier prescripteur : à vérifier sur la page des stocks."),
        "not_counted": gettext("pas encore compté"),
        "in_stock": gettext("En stock :"),
        "missing": gettext("Manquant"),
        "below_minimum": gettext("Il en manque %(n)s pour le minimum"),
        "below_recommended": gettext("%(n)s de moins que conseillé"),
        "complete": gettext("Complet"),
        "holding_not_counted": gettext("pas compté"),
        "holding_short": gettext("manque %(n)s"),
    }


def quantities_html(row, words: dict | None = None) -> str:
    words = words or quantity_words()
    target, unit = row.target, row.line.unit
    if target.minimum == target.recommended:
        wanted = esc(count_of(target.minimum, unit))
    else:
        wanted = words["range"] % {"a": _number(target.minimum), "b": esc(count_of(target.recommended, unit))}
    html = [f'<span class="small">{words["target"]} {wanted}']
    if row.line.per_cabinet:
        html.append(" " + words["per_cabinet"])
    html.append("</span><br>")
    per_prescriber = row.per_prescriber
    if per_prescriber:
        html.append(f'<span>{words["each_prescriber"]} <strong>{holdings_html(row, words)}</strong></span>')
        if row.unchecked:
            html.append(f'<br><span class="text-warning-emphasis small">{words["moved"]}</span>')
    else:
        on_hand = _number(row.on_hand) if row.counted else words["not_counted"]
        html.append(f'<span>{words["in_stock"]} <strong>{on_hand}</strong></span>')
    status = row.shortfall.status
    if status == Status.MISSING:
        html.append(f'<span class="badge text-bg-danger">{words["missing"]}</span>')
    elif per_prescriber and row.prescribers_short:
        short = len(row.prescribers_short)
        text = ngettext("%(n)s prescripteur sous le minimum", "%(n)s prescripteurs sous le minimum", short) % {"n": _number(short)}
        html.append(f'<span class="badge text-bg-danger">{text}</span>')
    elif status == Status.BELOW_MINIMUM:
        text = words["below_minimum"] % {"n": _number(row.shortfall.to_minimum)}
        html.append(f'<span class="badge text-bg-danger">{text}</span>')
    elif status == Status.BELOW_RECOMMENDED:
        text = words["below_recommended"] % {"n": _number(row.shortfall.to_recommended)}
        html.append(f'<span class="badge text-bg-warning">{text}</span>')
    else:
        html.append(f'<span class="badge text-bg-success">{words["complete"]}</span>')
    return "".join(html)


def holdings_html(row, words: dict | None = None) -> str:
    words = words or quantity_words()
    parts = []
    for holding in row.holdings:
        count = _number(holding.on_hand) if holding.counted else words["holding_not_counted"]
        part = f"{esc(holding.title)} : {count}"
        if holding.below_minimum:
            part += " (" + words["holding_short"] % {"n": _number(holding.shortfall.to_minimum)} + ")"
        parts.append(part)
    return " · ".join(parts)


# The kit page's inventory: one `<li>` per catalogue line (~20 to 40), each with ~15 lookups, 6
# `{% translate %}` and a `{% url %}` through the template: ~0.25 ms a line. Same HTML, whitespace between
# tags aside: `kit/tests/test_pages_html.py` compares the page with the template it replaced.

STATE_LABELS = dict(EquipmentState.choices)


def state_label(equipment) -> str:
    """`{{ equipment.get_state_display }}` (Django's rebuilds a dict of the choices on each call)."""
    return esc(STATE_LABELS.get(equipment.state, equipment.state))


def french_day(day) -> str:
    """`{{ day|date:"j F Y" }}`."""
    return date_html(day, "j F Y")


@register.simple_tag(takes_context=True)
def kit_inventory(context):
    """The inventory of the kit page (`inventory`): each section's lines, their quantities and what to do."""
    return mark_safe(inventory_html(context["inventory"]))


def inventory_html(inventory) -> str:
    reference, order_from, to_print = gettext("Référence :"), gettext("Où le commander :"), gettext("Imprimer")
    state, tried, update, fill_in = gettext("État :"), gettext("essayé le"), gettext("Mettre à jour"), gettext("Renseigner")
    sheet_urls, words = {}, quantity_words()
    html = []
    for group in inventory.sections:
        section = group.section
        html.append(f'<h3 class="h5 mt-4">{esc(section.label)}</h3>')
        if section.note:
            html.append(f'<p class="small">{esc(section.note)}</p>')
        html.append('<ul class="list-group mb-3">')
        for row in group.rows:
            line = row.line
            danger = " list-group-item-danger" if row.below_minimum else ""
            badge = "text-bg-warning" if row.is_order else ("text-bg-info" if row.is_printable else "text-bg-secondary")
            html.append(
                f'<li class="list-group-item{danger}" id="ligne-{esc(line.key)}" data-kind="{esc(line.kind)}">'
                f'<div class="d-flex flex-wrap justify-content-between gap-2"><div class="fw-semibold">{esc(line.label)}</div>'
                f'<span class="badge {badge} align-self-start">{esc(line.kind.label)}</span></div>'
                f"<div>{quantities_html(row, words)}</div>"
            )
            if line.reference:
                changed = f" — {esc(line.current_reference_note)}" if line.reference_changed else ""
                html.append(f'<div class="small mt-1">{reference} <strong>{esc(line.reference)}</strong>{changed}</div>')
            if line.reference_note:
                html.append(f'<div class="small mt-1">{esc(line.reference_note)}</div>')
            if line.note:
                html.append(f'<div class="small mt-1 text-body-secondary">{esc(line.note)}</div>')
            if row.is_order:
                html.append(f'<div class="small mt-1">{order_from} {esc(line.order_from)}</div>')
            elif row.is_printable:
                if line.printable not in sheet_urls:
                    sheet_urls[line.printable] = esc(sheet_url(line.printable))
                html.append(f'<a class="btn btn-outline-primary mt-2" href="{sheet_urls[line.printable]}">{to_print}</a>')
            elif row.equipment:
                equipment = row.equipment
                when = f" · {tried} {french_day(equipment.last_tested_on)}" if equipment.last_tested_on else ""
                url = esc(url_with_id("kit:equipment_edit", equipment.pk))
                html.append(
                    f'<div class="small mt-1">{state} {state_label(equipment)}{when}</div>'
                    f'<a class="btn btn-outline-secondary mt-2" href="{url}">{update}</a>'
                )
            else:
                html.append(f'<a class="btn btn-outline-secondary mt-2" href="{esc(url_of("kit:equipment"))}">{fill_in}</a>')
            html.append("</li>")
        html.append("</ul>")
    return "".join(html)


def missing_row_html(row) -> str:
    """`kit/_missing_row.html`, with its file's final newline: « Ordonnances (médecin 2 : 0 / 1 · médecin 3 : 0 / 1) »."""
    holdings = " · ".join(
        f"{esc(holding.title)} : {_number(holding.on_hand)} / {_number(holding.target.minimum)}"
        for holding in row.prescribers_short
    )
    return f"{esc(row.line.label)} ({holdings})\n"


# The guided kit test: one card per check (~6), each with three radio buttons, a note and what the records
# say, ~0.6 ms a card through the template. Same HTML, whitespace between tags aside
# (`kit/tests/test_pages_html.py`).


@register.simple_tag(takes_context=True)
def kit_test_steps(context):
    """The checks of the guided test (`form`), each with what the cabinet's records say (`context`)."""
    return mark_safe(kit_test_steps_html(context["form"], context["context"]))


def _errors_html(field) -> str:
    return "".join(f'<div class="text-danger small mt-1">{esc(error)}</div>' for error in field.errors)


def _records_html(key: str, records: dict) -> str:
    """What the records say beside a check, or "" for a check they say nothing about."""
    if key == "stocks_complets":
        below = records["below_minimum"]
        html = [f'<div class="alert {"alert-warning" if below else "alert-success"} py-2 small">']
        if below:
            n = len(below)
            html.append(
                ngettext(
                    "D'après les stocks enregistrés, %(n)s ligne est sous le minimum :",
                    "D'après les stocks enregistrés, %(n)s lignes sont sous le minimum :",
                    n,
                )
                % {"n": _number(n)}
                + "\n"
            )
            rows = [
                missing_row_html(row) if row.per_prescriber
                else f"{esc(row.line.label)} ({_number(row.on_hand)}/{_number(row.target.minimum)})"
                for row in below
            ]
            html.append(", ".join(rows) + ".")
        else:
            html.append(gettext("D'après les stocks enregistrés, rien n'est sous le minimum."))
        update = gettext("Mettre à jour les stocks")
        html.append(f'<a href="{esc(url_of("kit:stocks"))}">{update}</a></div>')
        return "".join(html)
    if key == "contacts_a_jour":
        n = records["contacts_count"]
        text = ngettext("%(n)s contact enregistré", "%(n)s contacts enregistrés", n) % {"n": _number(n)}
        if records["contacts_updated"]:
            day = date_html(records["contacts_updated"], "j F Y")
            text += ", " + gettext("dernière modification le %(date)s") % {"date": day}
        see = gettext("Voir les contacts")
        return f'<div class="alert alert-light border py-2 small">{text}. <a href="{esc(url_of("resilience:contacts"))}">{see}</a></div>'
    if key == "classeur_connu":
        where = gettext("Emplacement enregistré :")
        if records["binder_location"]:
            place = f'<strong>{esc(records["binder_location"])}</strong>'
        else:
            none, say = gettext("aucun."), gettext("L'indiquer")
            place = f'{none} <a href="{esc(url_of("kit:binder"))}">{say}</a>'
        return f'<div class="alert alert-light border py-2 small">{where} {place}</div>'
    if key == "cle_usb_lisible" and records["usb"]:
        usb = records["usb"]
        html = [gettext("Clé USB :") + f" {state_label(usb)}"]
        if usb.last_tested_on:
            html.append(", " + gettext("essayée le") + f" {french_day(usb.last_tested_on)}")
        if usb.location:
            html.append(" · " + gettext("rangée :") + f" {esc(usb.location)}")
        return f'<div class="alert alert-light border py-2 small">{"".join(html)}</div>'
    if key == "hotspot_connecte" and records["hotspot"]:
        hotspot = records["hotspot"]
        html = [gettext("Partage de connexion 4G/5G :") + f" {state_label(hotspot)}"]
        if hotspot.last_tested_on:
            html.append(", " + gettext("essayé le") + f" {french_day(hotspot.last_tested_on)}")
        return f'<div class="alert alert-light border py-2 small">{"".join(html)}</div>'
    return ""


RESULT_BUTTONS = {"ok": "btn-outline-success", "problem": "btn-outline-danger"}


def kit_test_steps_html(form, records: dict) -> str:
    result_label, note_label = gettext("Résultat"), gettext("Remarque (facultatif)")
    html = []
    for number, (check, result, note) in enumerate(form.steps(), start=1):
        html.append(
            f'<li class="card mb-3{" border-danger" if result.errors else ""}" id="point-{esc(check.key)}">'
            f'<div class="card-body"><fieldset><legend class="h5">{number}. {esc(check.label)}</legend>'
            f'<p class="mb-2">{esc(check.help)}</p>{_records_html(check.key, records)}'
            f'<div class="d-flex flex-wrap gap-2" role="radiogroup" aria-label="{result_label}">'
        )
        for radio in result:
            data = radio.data
            radio_id, value = esc(radio.id_for_label), esc(data["value"])
            html.append(
                f'<input type="radio" class="btn-check" name="{esc(data["name"])}" id="{radio_id}" value="{value}" '
                f'autocomplete="off"{" checked" if data["selected"] else ""}>'
                f'<label class="btn btn-lg flex-fill {RESULT_BUTTONS.get(data["value"], "btn-outline-secondary")}" '
                f'for="{radio_id}">{esc(radio.choice_label)}</label>'
            )
        note_value = note.value()
        html.append(
            f"</div>{_errors_html(result)}"
            f'<label class="form-label small mt-2 mb-0" for="{esc(note.id_for_label)}">{note_label}</label>'
            f'<input type="text" name="{esc(note.html_name)}" id="{esc(note.id_for_label)}" '
            f'value="{esc(note_value) if note_value is not None else ""}" maxlength="300" '
            f'class="form-control{" is-invalid" if note.errors else ""}">{_errors_html(note)}'
            "</fieldset></div></li>"
        )
    return "".join(html)


# The stock screen: one `<li>` per form or sheet (~20 to 35), each with its inputs (one per prescriber for
# a line held per prescriber), ~0.3 ms a line through the template. Same HTML, whitespace between tags
# aside (`kit/tests/test_pages_html.py`).


@register.simple_tag(takes_context=True)
def kit_stock_entries(context):
    """The stock form's lines (`entries`: (row, [(holding or None, quantity field, shown-value field)]))."""
    return mark_safe(stock_entries_html(context["entries"]))


def _value(field) -> str:
    """`{{ field.value|default_if_none:'' }}`."""
    value = field.value()
    return "" if value is None else _number(value)


def _hidden(field) -> str:
    """`{{ field }}` of a plain hidden input (the value shown when the page was opened), as Django's widget
    writes it; through Django's widget rendering when anything else may show (errors, attributes)."""
    widget = field.field.widget
    if field.errors or widget.attrs or field.field.show_hidden_initial or not widget.is_hidden or not field.auto_id:
        return esc(str(field))
    value = widget.format_value(field.value())
    value = f' value="{esc(value)}"' if value is not None else ""
    return f'<input type="hidden" name="{esc(field.html_name)}"{value} id="{esc(field.auto_id)}">'


def _field_errors(field) -> str:
    """A count's errors, each with the id its input's `aria-describedby` names."""
    field_id = esc(field.id_for_label)
    return "".join(f'<div class="text-danger small mt-1" id="{field_id}-error">{esc(error)}</div>' for error in field.errors)


def _wanted(minimum: int, recommended: int, unit: str, words: dict) -> str:
    """« 3 liasses », or « de 3 à 6 liasses »."""
    if minimum == recommended:
        return esc(count_of(minimum, unit))
    return words["range"] % {"a": _number(minimum), "b": esc(count_of(recommended, unit))}


def stock_entries_html(entries) -> str:
    words = quantity_words()
    per_prescriber, target = gettext("Par prescripteur :"), gettext("Cible :")
    moved = gettext(
        "Le nombre noté avant le comptage par prescripteur a été reporté sur le premier : vérifiez-le et répartissez-le, puis enregistrez."
    )
    short_of, complete = gettext("manque %(n)s"), gettext("complet")
    html = []
    for row, counts in entries:
        line = row.line
        key, kind = esc(line.key), esc(capfirst(line.kind.label))
        html.append(f'<li class="list-group-item{" border-danger" if row.below_minimum else ""}" id="ligne-{key}">')
        if row.per_prescriber:
            html.append(
                f'<div class="fw-semibold mb-1" id="ligne-{key}-titre">{esc(line.label)}</div>'
                f'<div class="small text-body-secondary mb-1">{kind} · {per_prescriber} {_wanted(line.min, line.recommended, line.unit, words)}'
            )
            if row.prescribers_short:
                n = len(row.prescribers_short)
                text = ngettext("%(n)s prescripteur sous le minimum", "%(n)s prescripteurs sous le minimum", n) % {"n": _number(n)}
                html.append(f' · <span class="text-danger fw-semibold">{text}</span>')
            html.append("</div>")
            if row.unchecked:
                html.append(f'<div class="alert alert-warning py-1 px-2 small mb-2" role="status">{moved}</div>')
            html.append(f'<div class="row row-cols-2 row-cols-sm-3 g-2" role="group" aria-labelledby="ligne-{key}-titre">')
            for holding, field, shown in counts:
                field_id, errors = esc(field.id_for_label), field.errors
                invalid = " is-invalid" if errors or holding.below_minimum else ""
                described = f' aria-invalid="true" aria-describedby="{field_id}-error"' if errors else ""
                html.append(
                    f'<div class="col"><label class="form-label small mb-0 text-truncate d-block" for="{field_id}">{esc(capfirst(holding.title))}</label>'
                    f'<input type="number" name="{esc(field.html_name)}" id="{field_id}" value="{_value(field)}" min="0" step="1" '
                    f'inputmode="numeric" class="form-control stock-input{invalid}"{described}>'
                )
                if not errors and holding.below_minimum:
                    html.append(f'<div class="small text-danger">{short_of % {"n": _number(holding.shortfall.to_minimum)}}</div>')
                html.append(f"{_hidden(shown)}{_field_errors(field)}</div>")
            html.append("</div>")
        else:
            _holding, field, shown = counts[0]
            field_id, errors = esc(field.id_for_label), field.errors
            described = f' aria-invalid="true" aria-describedby="{field_id}-error"' if errors else ""
            html.append(
                f'<label class="form-label fw-semibold mb-1" for="{field_id}">{esc(line.label)}</label>'
                f'<div class="small text-body-secondary mb-1">{kind} · {target} {_wanted(row.target.minimum, row.target.recommended, line.unit, words)}</div>'
                f'<div class="d-flex align-items-center gap-2">'
                f'<input type="number" name="{esc(field.html_name)}" id="{field_id}" value="{_value(field)}" min="0" step="1" '
                f'inputmode="numeric" class="form-control form-control-lg stock-input{" is-invalid" if errors else ""}"{described}>'
            )
            if row.below_minimum:
                html.append(f'<span class="badge text-bg-danger">{short_of % {"n": _number(row.shortfall.to_minimum)}}</span>')
            elif row.shortfall.status == Status.OK:
                html.append(f'<span class="badge text-bg-success">{complete}</span>')
            html.append(f"</div>{_hidden(shown)}{_field_errors(field)}")
        html.append("</li>")
    return "".join(html)


@register.simple_tag(takes_context=True)
def kit_missing(context):
    """The kit page's « Ce qui manque » list (`missing`: the rows below their minimum)."""
    return mark_safe(
        "".join(
            "<li>"
            + (missing_row_html(row) if row.per_prescriber else f"{esc(row.line.label)} : {_number(row.on_hand)} / {_number(row.target.minimum)}")
            + "</li>"
            for row in context["missing"]
        )
    )


@register.simple_tag(takes_context=True)
def kit_test_status(context):
    """`kit/_test_status.html` as it was: the kit test's status (`summary`: a KitSummary or a KitTestStatus)."""
    return mark_safe(kit_test_status_html(context["summary"]))


def kit_test_status_html(summary) -> str:
    status = summary.test_status
    if status == "never":
        none, hint = gettext("Aucun test enregistré."), gettext(
            "Essayez la clé USB, le partage de connexion 4G/5G, comptez les stocks : 20 minutes suffisent."
        )
        html = [f'<p class="text-danger fw-semibold mb-1">{none}</p><p class="small mb-0">{hint}</p>']
    else:
        day = french_day(summary.next_due)
        if status == "overdue":
            css, text = "text-danger", gettext("En retard : à faire depuis le %(date)s.") % {"date": day}
        elif status == "due_soon":
            css, text = "text-warning-emphasis", gettext("À faire avant le %(date)s.") % {"date": day}
        else:
            css, text = "text-success", gettext("À jour. Prochain test avant le %(date)s.") % {"date": day}
        html = [f'<p class="{css} fw-semibold mb-1">{text}</p>']
    last = summary.last_test
    if last:
        html.append('<p class="small text-body-secondary mb-0">' + gettext("Dernier test le %(date)s") % {"date": french_day(last.performed_on)})
        if last.passed:
            html.append(" : " + gettext("tout était en ordre"))
        else:
            n = len(last.problems)
            html.append(" : " + ngettext("%(n)s point à reprendre", "%(n)s points à reprendre", n) % {"n": _number(n)})
        html.append(".</p>")
    return "".join(html)


@register.simple_tag
def kit_panel(panel):
    """The dashboard's kit panel (`kit.panels`): the kit test's status and the lines below minimum.

    `kit/tests/test_dashboard.py` compares it with the template it replaced (`kit/tests/templates_before/dashboard_panel.html`).
    """
    summary, below = panel["summary"], panel["below_minimum"]
    border = " border-danger" if summary.test_status in ("overdue", "never") else ""
    title, open_kit = gettext("Kit « mode dégradé »"), gettext("Ouvrir le kit")
    if below:
        lines = ngettext("%(n)s ligne du kit sous le minimum.", "%(n)s lignes du kit sous le minimum.", below) % {"n": _number(below)}
        lines = f'<span class="text-danger fw-semibold">{lines}</span>'
    else:
        lines = gettext("Aucune ligne du kit sous le minimum.")
    test = ""
    if summary.test_needed:
        do_test = gettext("Faire le test du kit")
        test = f'<a class="btn btn-outline-primary" href="{esc(url_of("kit:test_new"))}">{do_test}</a>'
    return mark_safe(
        f'<section class="card h-100{border}" aria-labelledby="kit-panel-title" data-testid="kit-panel"><div class="card-body">'
        f'<h2 id="kit-panel-title" class="h5 card-title">{title}</h2>{kit_test_status_html(summary)}'
        f'<p class="mt-2 mb-3">{lines}</p>'
        f'<div class="d-flex flex-wrap gap-2"><a class="btn btn-primary" href="{esc(url_of("kit:home"))}">{open_kit}</a>{test}</div>'
        "</div></section>"
    )
