"""The number to call for a playbook step that says to call someone.

A step names the kind of contact it calls (`call:` in playbooks.yaml); the
cabinet's emergency contacts of that kind are read once per request, through
the tenancy mechanism, whatever the number of steps on the page.
"""

from django import template
from django.template.defaultfilters import join
from django.urls import reverse
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext

from resilience.models import EmergencyContact
from resilience.templatetags.french import date as french_date

register = template.Library()


def _contacts_by_kind(request) -> dict[str, list]:
    cached = getattr(request, "_call_contacts", None)
    if cached is None:
        cached = {}
        for contact in request.tenant.scope(EmergencyContact).order_by("name"):
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
    call = context.new({"show": True, "kind": step.call, "contacts": contacts})
    return context.template.engine.get_template("incidents/includes/step_call.html").render(call)


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
        self.csrf = _csrf_input(context)
        self._url = esc(reverse("incidents:step", args=[incident.pk, self.MARKER])) if incident is not None else ""

    def url(self, key: str) -> str:
        """`{% url 'incidents:step' incident.pk s.key %}`, escaped: a key is lowercase letters, digits and _."""
        return self._url.replace(self.MARKER, key)


def step_html(context, s, incident, form, refused, shared: _StepShared | None = None) -> str:
    shared = shared or _StepShared(context, incident)
    key = esc(s.key)
    done, not_applicable, is_open = s.is_done, s.is_not_applicable, s.is_open
    card = " step-done border-success" if done else (" step-na" if not_applicable else "")
    html = [
        f'<li id="etape-{key}" class="card step mb-2{card}"><div class="card-body"><div class="d-flex gap-2">'
        f'<span class="step-check{" text-success" if done else ""}" aria-hidden="true">{"✓" if done else ("–" if not_applicable else "○")}</span>'
        f'<div class="flex-grow-1"><div class="step-text">{esc(s.step.text)}</div>'
    ]
    if s.step.detail:
        html.append(f'<div class="step-detail">{esc(s.step.detail)}</div>')
    html.append(f'<div class="small text-body-secondary mt-1">{esc(s.step.role_label)}</div>')
    if s.step.call:
        html.append(step_call(context, s.step))
    if s.mark and not is_open:
        state = shared.done if done else shared.not_applicable % {"reason": esc(s.mark.reason)}
        by = getattr(s.mark.marked_by, "display_name", "") or "?"
        when = french_date(template_localtime(s.mark.occurred_at), "j/m à H:i")
        html.append(f'<div class="small mt-1 fw-semibold" data-testid="step-state">{state} — {esc(by)}, {esc(when)}</div>')
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


def _csrf_input(context) -> str:
    """`{% csrf_token %}`."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{esc(token)}">'
