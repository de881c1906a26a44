"""Hot loops of the incident pages written in Python, each with a test comparing its HTML to the template it replaced.

The old templates are kept in incidents/tests/templates_before/. Here: the steps of the incident page
(`{% incident_step %}`, `{% incident_step_groups %}`) and the number a step says to call (a step names
the kind of contact it calls, `call:` in playbooks.yaml; the cabinet's emergency contacts of that kind
are read once per request, through the tenancy mechanism, whatever the number of steps on the page);
the rows of the incident list, the breach register, the declaring, playbooks and closing pages; a day
of the paper catch-up; the legal clocks and the journal; a drill's steps.
"""

import functools

from django import template
from django.template.defaultfilters import join, linebreaksbr
from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language, gettext, ngettext

from incidents.models import Scenario, Status
from resilience.models import EmergencyContact
from resilience.form_renderer import csrf_input
from resilience.navigation import url_of, url_with_id
from resilience.templatetags.french import date as french_date, date_html
from resilience.tenancy import compiled_once

register = template.Library()

# The cabinet's emergency contacts, read on every visit of an incident page whose steps call someone.
CALL_CONTACTS = compiled_once(lambda tenant: tenant.scope(EmergencyContact).order_by("name"))


def _contacts_by_kind(request) -> dict[str, list]:
    cached = getattr(request, "_call_contacts", None)
    if cached is None:
        cached = {}
        for contact in request.tenant.fetch(CALL_CONTACTS):
            cached.setdefault(contact.kind, []).append(contact)
        request._call_contacts = cached
    return cached


@register.simple_tag(takes_context=True)
def step_call(context, step):
    """Show the step's contact numbers as tel: links, or a link to add the contact.

    Most steps call no one: for them nothing is rendered (an inclusion tag rendered its template
    for every step of the page, to print two blank lines).
    """
    request = context.get("request")
    if not step.call or request is None or getattr(request, "tenant", None) is None:
        return ""
    contacts = [c for c in _contacts_by_kind(request).get(step.call, []) if c.phone]
    return mark_safe(step_call_html(step.call, contacts))


def step_call_html(kind: str, contacts: list) -> str:
    """What `incidents/includes/step_call.html` wrote (to the byte): a tel: link per contact of that kind, or a
    link to add one. Rendering the template cost ~0.2 ms a step that calls someone.
    `incidents/tests/test_step_call_html.py` compares it with that template (templates_before/)."""
    html = ['\n\n<div class="step-call mt-2" data-testid="step-call">\n  ']
    if contacts:
        call = gettext("Appeler %(name)s : %(phone)s")
        for contact in contacts:
            label = call % {"name": esc(contact.name), "phone": esc(contact.phone)}
            html.append(f'\n  <a class="btn btn-outline-primary btn-lg w-100 mb-1" href="tel:{esc(tel_href(contact.phone))}">{label}</a>\n  ')
    else:
        add = gettext("Aucun numéro enregistré pour ce contact : l'ajouter")
        html.append(f'\n  <a class="small" href="{esc(reverse("resilience:contact_add"))}?type={esc(kind)}">{add}</a>\n  ')
    html.append("\n</div>\n\n")  # the template's file ended with a newline after {% endif %}
    return "".join(html)


@register.filter
def tel_href(phone: str) -> str:
    """A dialable tel: value: digits and a leading +, nothing else."""
    phone = phone.strip().replace("(0)", "")  # "+33 (0)5 …": the 0 is not dialled from abroad
    digits = "".join(ch for ch in phone if ch.isdigit())
    return ("+" + digits) if phone.startswith("+") else digits


@register.simple_tag(takes_context=True)
def incident_step(context):
    """`incidents/includes/step.html`, written in Python (the HTML is the same, whitespace between tags aside).

    The incident page shows 28 steps or more, each with two forms: through the template, each step cost
    ~0.8 ms of lookups, `{% translate %}` and `{% url %}`, most of the page. Reads the template's context:
    `s` (a StepView), `incident`, and for a refused form `form` and `refused`.
    `incidents/tests/test_step_html.py` compares it with the template it replaced, in every state.
    """
    return mark_safe(step_html(context, context["s"], context.get("incident"), context.get("form"), context.get("refused")))


@register.simple_tag(takes_context=True)
def incident_step_groups(context, groups):
    """The incident page's playbooks and their steps: what this loop of its template wrote, in Python.

        {% for group in groups %}
        <details class="step-group" id="guide-{{ group.playbook.key }}"{% if group.focused %} open{% endif %}>
          <summary>…{{ group.playbook.title }}…{{ group.settled }} / {{ group.total }}</summary>
          <ol class="list-unstyled steps">
            {% for s in group.steps %}{% include "incidents/includes/step.html" %}{% endfor %}
          </ol>
        </details>
        {% endfor %}

    The include and the tag's context lookups, the translations, the CSRF input and the step's address
    were redone for each of the 28 steps or more; here they are done once for the page
    (`incidents/tests/test_step_html.py` compares it with that loop).
    """
    incident, form, refused = context.get("incident"), context.get("form"), context.get("refused")
    shared = _StepShared(context, incident)
    html = []
    for group in groups:
        key = esc(group.playbook.key)
        html.append(
            f'\n<details class="step-group" id="guide-{key}"{" open" if group.focused else ""}>\n'
            f'  <summary><span class="group-title">{esc(group.playbook.title)}</span> '
            f'<span id="progress-{key}" class="badge text-bg-light border">{group.settled} / {group.total}</span></summary>\n'
            '  <ol class="list-unstyled steps">\n    '
        )
        html.extend(step_html(context, s, incident, form, refused, shared) + "\n" for s in group.steps)
        html.append("\n  </ol>\n</details>\n")
    return mark_safe("".join(html))


class _StepShared:
    """What every step of a page has in common: the translated labels, the CSRF input, the steps' address."""

    MARKER = "step_key_marker"  # a step key's own alphabet (playbooks.KEY_PATTERN), replaced by each key

    def __init__(self, context, incident):
        # gettext() stays outside the f-strings: makemessages (xgettext) does not read calls inside them.
        # A literal of a template is safe, and so is its translation: `{% translate %}` does not escape it.
        self.done, self.earlier = gettext("Fait"), gettext("Fait plus tôt ? Indiquer l'heure")
        self.real_time, self.why = gettext("Heure réelle (heure de Paris)"), gettext("Pourquoi ?")
        self.not_for_us, self.mark_na = gettext("Sans objet pour nous ?"), gettext("Marquer sans objet")
        self.no_patient_data = gettext("N'écrivez ni nom de patient, ni diagnostic, ni prescription.")
        self.reopen = gettext("Annuler : remettre à faire")
        self.not_applicable = gettext("Sans objet : %(reason)s")
        self.csrf = csrf_input(context)
        self._url = esc(reverse("incidents:step", args=[incident.pk, self.MARKER])) if incident is not None else ""
        self.language = get_language()  # the steps' texts are escaped once per language (_step_texts)

    def url(self, key: str) -> str:
        """`{% url 'incidents:step' incident.pk s.key %}`, escaped: a key is lowercase letters, digits and _."""
        return self._url.replace(self.MARKER, key)


@functools.cache
def _step_texts(step, language: str) -> tuple[str, str]:
    """A step's key and its text, detail and role as HTML, escaped once per process and language (the role
    label is a translation).

    The playbooks are the product's, the same for every cabinet and read once per process (get_playbooks):
    nothing of a cabinet is kept here. Escaping them again cost ~5 calls per step, 28 steps a page.
    """
    html = f'<div class="flex-grow-1"><div class="step-text">{esc(step.text)}</div>'
    if step.detail:
        html += f'<div class="step-detail">{esc(step.detail)}</div>'
    html += f'<div class="small text-body-secondary mt-1">{esc(step.role_label)}</div>'
    return str(esc(step.key)), html


def step_html(context, s, incident, form, refused, shared: _StepShared | None = None) -> str:
    shared = shared or _StepShared(context, incident)
    key, texts = _step_texts(s.step, shared.language)
    done, not_applicable, is_open = s.is_done, s.is_not_applicable, s.is_open
    card = " step-done border-success" if done else (" step-na" if not_applicable else "")
    html = [
        f'<li id="etape-{key}" class="card step mb-2{card}"><div class="card-body"><div class="d-flex gap-2">'
        f'<span class="step-check{" text-success" if done else ""}" aria-hidden="true">{"✓" if done else ("–" if not_applicable else "○")}</span>',
        texts,
    ]
    if s.step.call:
        html.append(step_call(context, s.step))
    if s.mark and not is_open:
        state = shared.done if done else shared.not_applicable % {"reason": esc(s.mark.reason)}
        by = getattr(s.mark.marked_by, "display_name", "") or "?"
        when = date_html(s.mark.occurred_at, "j/m à H:i")
        html.append(f'<div class="small mt-1 fw-semibold" data-testid="step-state">{state} — {esc(by)}, {when}</div>')
    html.append("</div></div>")
    if form and form.errors:
        messages = "".join(f"{join(errors, ' ')} " for errors in form.errors.values())
        html.append(f'<div class="alert alert-danger mt-2 mb-0" role="alert">{messages}</div>')
    if incident is not None and incident.is_open:
        url = shared.url(s.key)
        post = f'method="post" action="{url}" hx-post="{url}" hx-target="#etape-{key}" hx-swap="outerHTML"'
        csrf = shared.csrf
        if is_open:
            data = form.data if form is not None else {}
            html.append(
                f'<form {post} class="mt-2">{csrf}<input type="hidden" name="state" value="done">'
                f'<button type="submit" class="btn btn-success btn-lg w-100">{shared.done}</button>'
                f'<details class="small-details"{" open" if refused == "done" else ""}>'
                f"<summary>{shared.earlier}</summary>"
                f'<label class="form-label" for="occ-{key}">{shared.real_time}</label>'
                f'<input class="form-control" type="datetime-local" name="occurred_at" id="occ-{key}"'
                + (f' value="{_value(data, "occurred_at")}"' if refused == "done" else "")
                + "></details></form>"
                f'<details class="small-details"{" open" if refused == "not_applicable" else ""}>'
                f'<summary>{shared.not_for_us}</summary>'
                f'<form {post}>{csrf}<input type="hidden" name="state" value="not_applicable">'
                f'<label class="form-label" for="reason-{key}">{shared.why}</label>'
                f'<input class="form-control" type="text" name="reason" id="reason-{key}" maxlength="500" required aria-describedby="reason-help-{key}"'
                + (f' value="{_value(data, "reason")}"' if refused == "not_applicable" else "")
                + f'><div class="form-text mb-2" id="reason-help-{key}">{shared.no_patient_data}</div>'
            )
            if refused == "not_applicable" and _value(data, "occurred_at"):
                html.append(
                    f'<label class="form-label" for="na-occ-{key}">{shared.real_time}</label>'
                    f'<input class="form-control mb-2" type="datetime-local" name="occurred_at" id="na-occ-{key}" value="{_value(data, "occurred_at")}">'
                )
            html.append(f'<button type="submit" class="btn btn-outline-secondary btn-lg w-100">{shared.mark_na}</button></form></details>')
        else:
            html.append(
                f'<form {post} class="mt-1">{csrf}<input type="hidden" name="state" value="open">'
                f'<button type="submit" class="btn btn-link px-0">{shared.reopen}</button></form>'
            )
    html.append("</div></li>")
    return "".join(html)


def _value(data, name: str) -> str:
    """`{{ form.data.name }}`: the last value typed (a QueryDict gives its last), escaped; "" when absent."""
    value = data.get(name) if hasattr(data, "get") else None
    return esc(value) if value is not None else ""


# --- lists of incidents ----------------------------------------------------------------------------------
# The incident list and the breach register show every incident of the cabinet (two dozen or more): through the
# template, each row cost its `{% url %}`, its translations and `get_FOO_display` (Django rebuilds a dict of all
# the choices on each call). Written in Python, with what every row shares computed once for the page;
# `incidents/tests/test_incident_rows.py` compares each with the template loop it replaced (templates_before/).


class _Rows:
    """What the rows of a page share: the detail address and the labels of the choices, as text."""

    def __init__(self):
        self.scenarios = {value: esc(label) for value, label in Scenario.choices}
        self.statuses = {value: esc(label) for value, label in Status.choices}
        self._dates = {}

    def date(self, value, format_string: str) -> str:
        """`_date`, remembered for the page by the minute: the rows' formats print nothing finer than minutes."""
        local = template_localtime(value)
        key = (format_string, local.replace(second=0, microsecond=0))
        if key not in self._dates:
            self._dates[key] = esc(french_date(local, format_string))
        return self._dates[key]

    def detail(self, pk) -> str:
        """`{% url 'incidents:detail' incident.pk %}`, escaped."""
        return esc(url_with_id("incidents:detail", pk))

    def scenario(self, incident) -> str:
        """`{{ incident.get_scenario_display }}` (an unknown value shows as itself, as Django's does)."""
        label = self.scenarios.get(incident.scenario)
        return label if label is not None else esc(incident.scenario)

    def status(self, incident) -> str:
        label = self.statuses.get(incident.status)
        return label if label is not None else esc(incident.status)


def _or_dash(value) -> str:
    """`{{ value|default:"—" }}`."""
    return esc(value) if value else "—"


@register.simple_tag
def open_incident_rows(incidents):
    """The list's open incidents: what `{% for incident in open_incidents %}…{% endfor %}` wrote."""
    rows, since, html = _Rows(), gettext("depuis le %(when)s"), []
    for incident in incidents:
        when = since % {"when": rows.date(incident.aware_at, "j F à H:i")}
        html.append(
            f'\n  <a class="list-group-item list-group-item-action list-group-item-danger py-3" href="{rows.detail(incident.pk)}">\n'
            f'    <div class="fw-semibold">{rows.scenario(incident)}</div>\n'
            f'    <div class="small">{rows.status(incident)} · {when}</div>\n'
            "  </a>\n  "
        )
    return mark_safe("".join(html))


@register.simple_tag
def closed_incident_rows(incidents):
    """The list's closed incidents: what `{% for incident in closed_incidents %}…{% endfor %}` wrote."""
    rows, html = _Rows(), []
    for incident in incidents:
        summary = f'<div class="small">{esc(incident.summary)}</div>' if incident.summary else ""
        html.append(
            f'\n  <a class="list-group-item list-group-item-action py-3" href="{rows.detail(incident.pk)}">\n'
            f'    <div class="fw-semibold">{rows.date(incident.aware_at, "j F Y")} — {rows.scenario(incident)}</div>\n'
            f"    {summary}\n"
            "  </a>\n  "
        )
    return mark_safe("".join(html))


@register.simple_tag
def register_rows(rows):
    """The breach register's incidents: what `{% for incident, clocks in rows %}…{% endfor %}` wrote (rows, not empty)."""
    shared, html = _Rows(), []
    # Translated once for the page; gettext() outside the f-strings, for makemessages.
    to_qualify = gettext("à qualifier")
    to_qualify_text = gettext("Des données de patients sont peut-être touchées et le délai de 72 h pour la CNIL court : répondez sur la page de l'incident.")
    nature, data_people, consequences, measures = gettext("Nature"), gettext("Données, personnes"), gettext("Conséquences"), gettext("Mesures")
    notified, informed = gettext("Notifiée à la CNIL"), gettext("Patients informés")
    to_decide, yes_on, yes_to_do, no = gettext("décision à prendre"), gettext("oui, le %(when)s"), gettext("oui (à faire)"), gettext("non")
    why, no_exemption, people = gettext("Pourquoi :"), gettext("non (exception)"), gettext("environ %(n)s personnes")
    for incident, _clocks in rows:
        pk = esc(incident.pk)
        html.append(
            f'\n<section class="card mb-3" aria-labelledby="reg-{pk}">\n  <div class="card-body">\n'
            f'    <h2 id="reg-{pk}" class="h5"><a href="{shared.detail(incident.pk)}">{shared.date(incident.aware_at, "j F Y")} — {shared.scenario(incident)}</a></h2>\n    '
        )
        if incident.register_status == "to_qualify":
            html.append(f'<p class="mb-2" data-testid="register-to-qualify"><span class="badge text-bg-warning">{to_qualify}</span> {to_qualify_text}</p>')
        count = f" · {people % {'n': esc(localize(incident.people_affected))}}" if incident.people_affected is not None else ""
        html.append(
            '\n    <dl class="row mb-0">\n'
            f'      <dt class="col-sm-4">{nature}</dt><dd class="col-sm-8">{_or_dash(incident.breach_nature)}</dd>\n'
            f'      <dt class="col-sm-4">{data_people}</dt><dd class="col-sm-8">{_or_dash(incident.data_categories)}{count}</dd>\n'
            f'      <dt class="col-sm-4">{consequences}</dt><dd class="col-sm-8">{_or_dash(incident.likely_consequences)}</dd>\n'
            f'      <dt class="col-sm-4">{measures}</dt><dd class="col-sm-8">{_or_dash(incident.measures_taken)}</dd>\n'
            f'      <dt class="col-sm-4">{notified}</dt>\n'
            '      <dd class="col-sm-8" data-testid="register-decision">\n        '
        )
        if incident.notify_cnil is None:
            html.append(f'<span class="badge text-bg-danger">{to_decide}</span>\n        ')
        elif incident.notify_cnil:
            if incident.cnil_notified_at:
                html.append(yes_on % {"when": date_html(incident.cnil_notified_at, "j F Y")})
            else:
                html.append(yes_to_do)
            html.append("\n        ")
        else:
            html.append(no)
        html.append("\n        ")
        if incident.notify_reason:
            html.append(f'<div class="small">{why} {esc(incident.notify_reason)}</div>')
        if incident.patients_informed_at:
            patients = date_html(incident.patients_informed_at, "j F Y")
        elif incident.patients_exemption:
            patients = no_exemption
        else:
            patients = no
        html.append(
            "\n      </dd>\n"
            f'      <dt class="col-sm-4">{informed}</dt><dd class="col-sm-8">{patients}</dd>\n'
            "    </dl>\n  </div>\n</section>\n"
        )
    return mark_safe("".join(html))


# --- catch-up ----------------------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def catchup_day(context):
    """`incidents/includes/catchup_day.html` written in Python (the same HTML, to the byte).

    One day of the paper catch-up: its four counters, each with two forms. Through the template, the day's
    date was formatted thirteen times, the CSRF input and the translations rendered for each form.
    Reads the context: `row` (a CatchUpDay), `incident`, `counters`, and `error` for a refused count.
    `incidents/tests/test_catchup_html.py` compares it with the template it replaced (templates_before/).
    """
    row, incident, error = context["row"], context["incident"], context.get("error")
    is_open = incident.is_open
    day = date_html(row.day, "Y-m-d")
    counters = [(esc(value), esc(label)) for value, label in context.get("counters") or ()]
    values = {"consultations": row.consultations, "sheets_typed": row.sheets_typed, "acts_noted": row.acts_noted}
    html = [
        f'\n\n<section class="card mb-3 catchup-day" id="jour-{day}" aria-labelledby="titre-{day}">\n  <div class="card-body">\n'
        f'    <h3 id="titre-{day}" class="h5">{date_html(row.day, "l j F")}</h3>\n    '
    ]
    if error:
        html.append(f'<div class="alert alert-danger py-2" role="alert">{esc(error)}</div>')
    html.append("\n    ")
    if is_open:
        count_url = esc(reverse("incidents:count", args=[incident.pk]))
        csrf = csrf_input(context)
        post = f'method="post" action="{count_url}" hx-post="{count_url}" hx-target="#jour-{day}" hx-swap="outerHTML"'
        remove, add = gettext("Retirer 1 : %(label)s"), gettext("Ajouter 1 : %(label)s")
    for value, label in counters:
        html.append(
            '\n    <div class="d-flex align-items-center justify-content-between gap-2 py-2 counter-row border-bottom">\n'
            f'      <div class="flex-grow-1">{label}</div>\n      '
        )
        if is_open:
            html.append(
                f"\n      <form {post}>\n"
                f'        {csrf}<input type="hidden" name="day" value="{day}"><input type="hidden" name="counter" value="{value}"><input type="hidden" name="delta" value="-1">\n'
                f'        <button type="submit" class="btn btn-outline-secondary" aria-label="{remove % {"label": label}}">−</button>\n'
                "      </form>\n      "
            )
        count = values.get(value, row.acts_billed)
        html.append(f'\n      <span class="counter-value" data-counter="{value}">{esc(localize(count))}</span>\n      ')
        if is_open:
            html.append(
                f"\n      <form {post}>\n"
                f'        {csrf}<input type="hidden" name="day" value="{day}"><input type="hidden" name="counter" value="{value}"><input type="hidden" name="delta" value="1">\n'
                f'        <button type="submit" class="btn btn-primary" aria-label="{add % {"label": label}}">+</button>\n'
                "      </form>\n      "
            )
        html.append("\n    </div>\n    ")
    sheets = ngettext("%(n)s fiche à ressaisir", "%(n)s fiches à ressaisir", row.sheets_pending) % {"n": esc(localize(row.sheets_pending))}
    acts = ngettext("%(n)s acte à facturer", "%(n)s actes à facturer", row.acts_pending) % {"n": esc(localize(row.acts_pending))}
    html.append(f'\n    <p class="mt-2 mb-0">\n      {sheets} ·\n      {acts}\n    </p>\n    ')
    if is_open:
        several, what, number, add_label = gettext("Ajouter plusieurs d'un coup"), gettext("Quoi"), gettext("Nombre"), gettext("Ajouter")
        options = "".join(f'<option value="{value}">{label}</option>' for value, label in counters)
        html.append(
            '\n    <details class="small-details">\n'
            f"      <summary>{several}</summary>\n"
            f'      <form method="post" action="{count_url}" class="row g-2">\n'
            f'        {csrf}<input type="hidden" name="day" value="{day}">\n'
            f'        <div class="col-7"><select class="form-select" name="counter" aria-label="{what}">{options}</select></div>\n'
            f'        <div class="col-5"><input class="form-control" type="number" name="delta" min="-1000" max="1000" value="1" inputmode="numeric" aria-label="{number}"></div>\n'
            f'        <div class="col-12"><button type="submit" class="btn btn-outline-primary w-100">{add_label}</button></div>\n'
            "      </form>\n    </details>\n    "
        )
    html.append("\n  </div>\n</section>")
    return mark_safe("".join(html))


@register.simple_tag
def declare_open_incidents(incidents):
    """The declaring page's warnings, one per open incident: what its `{% for incident in open_incidents %}` wrote."""
    rows, html = _Rows(), []
    ongoing, only_if_other = gettext("Un incident est déjà en cours :"), gettext("Déclarez-en un nouveau seulement s'il s'agit d'un autre problème.")
    for incident in incidents:
        html.append(
            f'\n<div class="alert alert-warning">\n  {ongoing}\n'
            f'  <a class="fw-semibold" href="{rows.detail(incident.pk)}">{rows.scenario(incident)}</a>.\n'
            f"  {only_if_other}\n</div>\n"
        )
    return mark_safe("".join(html))


@register.simple_tag
def playbook_open_incidents(incidents):
    """The playbooks page's links to the open incidents: what its `{% for incident in open_incidents %}` wrote."""
    rows = _Rows()
    return mark_safe(
        "".join(
            f'\n  <a class="btn btn-danger btn-lg w-100 mb-2" href="{rows.detail(incident.pk)}">{rows.scenario(incident)} — {rows.status(incident)}</a>\n  '
            for incident in incidents
        )
    )


# --- the incident page's clocks and journal ------------------------------------------------------------------
# Formerly the includes `clocks.html` and `timeline.html` (kept in incidents/tests/templates_before/, compared
# to these by incidents/tests/test_clock_timeline_html.py): their lookups, date filters and translations cost
# ~1 ms of the incident page.


@register.simple_tag
def incident_clocks(clocks):
    """The legal clocks' cards: what `{% include "incidents/includes/clocks.html" %}` wrote."""
    if not clocks:
        return "\n\n"
    due = gettext("Échéance :")
    html = ['\n\n<div class="row g-2 mb-3" id="delais">\n  ']
    for c in clocks:
        kind = esc(c.kind)
        deadline = ""
        if c.running and c.deadline:
            deadline = f' data-deadline="{date_html(c.deadline, "c")}"'
        html.append(
            '\n  <div class="col-12 col-sm-6">\n'
            f'    <section class="card clock border-{esc(c.css)} border-2 h-100" aria-labelledby="clock-{kind}" data-clock="{kind}">\n'
            '      <div class="card-body">\n'
            f'        <h2 id="clock-{kind}" class="h6 mb-1">{esc(c.title)}</h2>\n'
            f'        <div class="clock-remaining text-{esc(c.text_css)}"{deadline}>{esc(c.label)}</div>\n        '
        )
        if c.deadline:
            html.append(f'<div>{due} {date_html(c.deadline, "l j F à H:i")}</div>')
        html.append("\n        ")
        if c.note:
            html.append(f'<div class="small fw-semibold">{esc(c.note)}</div>')
        html.append(
            f'\n        <div class="small text-body-secondary">{esc(c.basis)}</div>\n'
            "      </div>\n    </section>\n  </div>\n  "
        )
    html.append("\n</div>\n\n")
    return mark_safe("".join(html))


@register.simple_tag
def incident_timeline(items):
    """The journal's entries: what `{% include "incidents/includes/timeline.html" %}` wrote."""
    html = ['\n<ol class="list-unstyled timeline mb-3">\n  ']
    typed_on = gettext("saisi le %(when)s")
    for item in items:
        author = f" · {esc(item.author.display_name)}" if item.author else ""
        later = "· " + typed_on % {"when": date_html(item.recorded_at, "j/m à H:i")} if item.typed_later else ""
        html.append(
            f'\n  <li class="timeline-item kind-{esc(item.kind)}">\n'
            '    <div class="small text-body-secondary">\n'
            f'      <time datetime="{date_html(item.occurred_at, "c")}">{date_html(item.occurred_at, "l j/m à H:i")}</time>\n'
            f"      · {esc(item.kind_label)}{author}\n"
            f"      {later}\n"
            "    </div>\n"
            f"    <div>{linebreaksbr(item.text, autoescape=True)}</div>\n"
            "  </li>\n  "
        )
    if not items:
        nothing_yet = gettext("Rien pour l'instant.")
        html.append(f"\n  <li>{nothing_yet}</li>\n  ")
    html.append("\n</ol>\n")
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def incident_heading(context):
    """The incident page's heading: its status, scenario, when it was noticed and by whom, its summary and, once
    closed, when and by whom. What this part of its template wrote (its blocktranslate tags and date filters cost
    ~0.15 ms a visit). Reads the page's context: `incident` and `urls`.
    `incidents/tests/test_incident_heading_html.py` compares it with that part (templates_before/incident_heading.html).
    """
    incident, urls = context["incident"], context["urls"]
    is_open = incident.is_open
    noticed = gettext("Constaté le %(when)s") % {"when": date_html(incident.aware_at, "l j F à H:i")}
    if incident.declared_by:
        noticed += " · " + gettext("déclaré par %(who)s") % {"who": esc(incident.declared_by.display_name)}
    html = [
        '<div class="d-flex flex-wrap align-items-center gap-2 mb-1">\n'
        f'  <span class="badge status-badge {"text-bg-danger" if is_open else "text-bg-success"}" data-testid="status">{esc(incident.get_status_display())}</span>\n  '
    ]
    if is_open:
        change = gettext("Changer de scénario")
        html.append(f'<a class="small" href="{esc(urls["scenario"])}">{change}</a>')
    html.append(
        "\n</div>\n"
        f'<h1 class="h3 mb-1">{esc(incident.get_scenario_display())}</h1>\n'
        f'<p class="small text-body-secondary mb-2">\n  {noticed}\n  '
    )
    if is_open:
        correct = gettext("corriger l'heure")
        html.append(f'· <a href="{esc(urls["awareness"])}">{correct}</a>')
    html.append("\n</p>\n")
    if incident.summary:
        html.append(f'<p class="mb-2">{esc(incident.summary)}</p>')
    html.append("\n\n")
    if not is_open:
        who = getattr(incident.closed_by, "display_name", "") or "?"
        closed = gettext("Incident clos le %(when)s par %(who)s.") % {"when": date_html(incident.closed_at, "j F Y à H:i"), "who": esc(who)}
        html.append(f'\n<div class="alert alert-success" role="status">\n  {closed}\n  ')
        if incident.close_reason:
            despite = gettext("Clos malgré des points ouverts :")
            html.append(f'<div class="small mt-1">{despite} {esc(incident.close_reason)}</div>')
        html.append("\n</div>\n")
    return mark_safe("".join(html))


@register.simple_tag(takes_context=True)
def incident_actions(context):
    """The incident page's status buttons and links to its other pages: what this part of its template wrote.

    Its `{% translate %}`, `{% url %}`, `{% csrf_token %}` and the loop over the statuses cost ~0.2 ms a visit.
    Reads the page's context: `incident`, `urls`, `statuses`, `totals` and `tenant`.
    `incidents/tests/test_incident_actions_html.py` compares it with that part (templates_before/incident_actions.html).
    """
    incident, urls, totals = context["incident"], context["urls"], context["totals"]
    is_open = incident.is_open
    html = []
    if is_open:
        status = gettext("Statut")
        html.append(
            f'\n<form method="post" action="{esc(urls["status"])}" class="d-flex flex-wrap gap-2 mb-3" aria-label="{status}">\n'
            f"  {csrf_input(context)}\n  "
        )
        for value, label in context["statuses"]:
            current = value == incident.status
            style, pressed = ("btn-dark", ' aria-pressed="true" disabled') if current else ("btn-outline-dark", "")
            html.append(
                f'\n  <button type="submit" name="status" value="{esc(value)}" class="btn {style} flex-fill"{pressed}>{esc(label)}</button>\n  '
            )
        html.append("\n</form>\n")
    pages, declarations, catch_up = gettext("Pages de l’incident"), gettext("CNIL, plainte, patients"), gettext("Suivi papier")
    contacts, report = gettext("Contacts d'urgence"), gettext("Rapport PDF")
    pending = totals.sheets_pending + totals.acts_pending if totals.sheets_pending or totals.acts_pending else None
    badge = f' <span class="badge text-bg-warning ms-1">{esc(localize(pending))}</span>' if pending is not None else ""
    link = '<div class="col-6"><a class="btn btn-outline-primary btn-lg w-100" href="{}">{}</a></div>'
    html.append(
        f'\n\n<nav class="row g-2 mb-4 incident-actions" aria-label="{pages}">\n'
        f'  {link.format(esc(urls["declarations"]), declarations)}\n'
        f'  {link.format(esc(urls["catchup"]), catch_up + badge)}\n'
        f'  {link.format(esc(url_of("resilience:contacts")), contacts)}\n'
        f'  {link.format(esc(urls["report"]), report)}\n  '
    )
    if is_open:
        kit_pdf, notice = _optional_url("kit:pdf_kit"), _optional_url("kit:patient_notice")
        kit_label, notice_label, close = gettext("Kit à imprimer"), gettext("Affiche patients"), gettext("Clôturer l'incident")
        html.append(
            "\n  \n  \n  "
            + (link.format(esc(kit_pdf), kit_label) if kit_pdf else "")
            + "\n  "
            + (link.format(esc(notice), notice_label) if notice else "")
            + f'\n  <div class="col-12"><a class="btn btn-outline-success btn-lg w-100" href="{esc(urls["close"])}">{close}</a></div>\n  '
        )
    elif getattr(getattr(context.get("tenant"), "membership", None), "is_titulaire", False):
        reopen = gettext("Rouvrir l'incident")
        html.append(
            '\n  <div class="col-12">\n'
            f'    <form method="post" action="{esc(urls["reopen"])}">{csrf_input(context)}\n'
            f'      <button type="submit" class="btn btn-outline-secondary btn-lg w-100">{reopen}</button>\n'
            "    </form>\n  </div>\n  "
        )
    html.append("\n</nav>")
    return mark_safe("".join(html))


def _optional_url(url_name: str) -> str:
    """`{% fixed_url url_name optional=True %}`: "" when the app that has it is not installed."""
    try:
        return url_of(url_name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def closing_step_problems(problems, incident):
    """The closing page's unsettled steps (28 or so on a fresh incident): what its loop wrote.

        {% for problem in step_problems %}
        <li>{{ problem.message }} <a href="{% url 'incidents:detail' incident.pk %}#etape-{{ problem.step_key }}">{% translate "voir" %}</a></li>
        {% endfor %}
    """
    url, see = esc(reverse("incidents:detail", args=[incident.pk])), gettext("voir")
    return mark_safe(
        "".join(
            f'\n          <li>{esc(problem.message)} <a href="{url}#etape-{esc(problem.step_key)}">{see}</a></li>\n          '
            for problem in problems
        )
    )


# --- drills ------------------------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def drill_step(context):
    """`incidents/includes/drill_step.html` written in Python (the same HTML, to the byte).

    Reads the context: `step` (a playbook Step), `mark` (its DrillStep, or None) and `drill`.
    `incidents/tests/test_drill_html.py` compares it with the template it replaced (templates_before/).
    """
    return mark_safe(_drill_step_html(context["step"], context.get("mark"), context["drill"], _DrillShared(context, context["drill"])))


@register.simple_tag(takes_context=True)
def drill_steps(context, steps):
    """`{% for step, mark in steps %}{% include "incidents/includes/drill_step.html" %}{% endfor %}` in one tag."""
    drill = context["drill"]
    shared = _DrillShared(context, drill)
    return mark_safe("".join(_drill_step_html(step, mark, drill, shared) + "\n" for step, mark in steps))


class _DrillShared:
    """What every step of a drill's page shares: the translations, the CSRF input, the steps' address."""

    def __init__(self, context, drill):
        self.done, self.cancel = gettext("Fait"), gettext("Annuler")
        self.running = drill.is_running
        if self.running:
            self.csrf = csrf_input(context)
            self._url = esc(reverse("incidents:drill_step", args=[drill.pk, _StepShared.MARKER]))

    def url(self, key: str) -> str:
        return self._url.replace(_StepShared.MARKER, key)


def _drill_step_html(step, mark, drill, shared: _DrillShared) -> str:
    key = esc(step.key)
    html = [
        f'\n\n<li id="etape-{key}" class="card step mb-2{" step-done border-success" if mark else ""}">\n'
        '  <div class="card-body">\n    <div class="d-flex gap-2">\n'
        f'      <span class="step-check{" text-success" if mark else ""}" aria-hidden="true">{"✓" if mark else "○"}</span>\n'
        '      <div class="flex-grow-1">\n'
        f'        <div class="step-text">{esc(step.text)}</div>\n        '
    ]
    if step.detail:
        html.append(f'<div class="step-detail">{esc(step.detail)}</div>')
    html.append("\n        ")
    if mark:
        by = getattr(mark.done_by, "display_name", "") or "?"
        html.append(f'<div class="small fw-semibold mt-1">{shared.done} — {esc(by)}, {date_html(mark.done_at, "H:i")}</div>')
    html.append("\n      </div>\n    </div>\n    ")
    if shared.running:
        url = shared.url(step.key)
        if mark:
            button = f'<input type="hidden" name="done" value="0"><button type="submit" class="btn btn-link px-0">{shared.cancel}</button>\n      '
        else:
            button = f'<input type="hidden" name="done" value="1"><button type="submit" class="btn btn-success btn-lg w-100">{shared.done}</button>'
        html.append(
            f'\n    <form method="post" action="{url}" hx-post="{url}" hx-target="#etape-{key}" hx-swap="outerHTML" class="mt-2">\n'
            f"      {shared.csrf}\n      {button}\n    </form>\n    "
        )
    html.append("\n  </div>\n</li>")
    return "".join(html)
