"""The number to call for a playbook step that says to call someone.

A step names the kind of contact it calls (`call:` in playbooks.yaml); the
cabinet's emergency contacts of that kind are read once per request, through
the tenancy mechanism, whatever the number of steps on the page.
"""

from django import template

from resilience.models import EmergencyContact

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
