"""The layout's menu, built once per request at the least cost: every page shows it (`{% main_menu %}`).

`{% fixed_url "name" %}` is `{% url %}` for the layout's URL names without arguments, reversed once per
process; `{% fixed_url "name" optional=True as var %}` gives "" when the name does not exist (an app not
installed), as `{% url … as var %}` does. `{% menu_links items "nav-item" "nav-link" %}` writes the
entries of a menu as the template loop did (`<li><a>` with `active` and `aria-current` on the current
page), in Python: about 0.8 ms of the layout's 2.5 ms went to that loop's lookups.
"""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape as _escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from resilience.form_renderer import csrf_input
from resilience.navigation import url_of
from resilience.templatetags.reminders import unread_notifications

register = template.Library()


@register.simple_tag
def fixed_url(url_name: str, optional: bool = False) -> str:
    if not optional:
        return url_of(url_name)
    try:
        return url_of(url_name)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def menu_links(context, items, item_class: str, link_class: str) -> str:
    """One `<li>` per menu entry, the current page's marked `active` with `aria-current="page"`; escaped as `{{ }}` escapes."""
    current = getattr(getattr(context.get("request"), "resolver_match", None), "view_name", None)
    item_attribute = f' class="{_escape(item_class)}"' if item_class else ""
    rows = []
    for item in items:
        active = item.url_name == current
        rows.append(
            f'<li{item_attribute}><a class="{_escape(link_class)}{" active" if active else ""}" href="{_escape(item.url)}"'
            + (' aria-current="page"' if active else "")
            + f">{_escape(item.label)}</a></li>"
        )
    return mark_safe("\n".join(rows))



BELL_ICON = (
    '<svg class="bell-icon" aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 16 16" fill="currentColor">'
    '<path d="M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2zm.995-14.901a1 1 0 1 0-1.99 0A5.002 5.002 0 0 0 3 6c0 1.098-.5 6-2 7h14c-1.5-1-2-5.902'
    '-2-7 0-2.42-1.72-4.44-4.005-4.901z"/></svg>'
)


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """The layout's `<nav>`, on every page: the brand, the urgent button, and for a signed-in person the main
    entries, the cabinet's menu, the bell and the account's menu.

    Below 992 px the menu folds behind the burger. Wider, two rows (see app.css): the brand, the cabinet and
    account menus and the urgent button on the first, never pushed off screen; the main entries on the second.
    Written in Python (its template's lookups, translations and tags cost every page ~0.5 ms);
    `resilience/tests/test_main_menu_html.py` compares it with that template (`tests/templates_before/main_menu.html`).
    """
    main_label, brand = gettext("Navigation principale"), gettext("Résilience cabinet")
    html = [
        f'<nav class="navbar navbar-expand-lg navbar-dark app-navbar" aria-label="{main_label}"><div class="container">'
        f'<a class="navbar-brand fw-semibold" href="{_escape(url_of("resilience:home"))}">{brand}</a>'
    ]
    html.extend(
        f'<a class="btn btn-danger fw-semibold text-nowrap urgent-button" href="{_escape(item.url)}">{_escape(item.label)}</a>'
        for item in context.get("urgent_items") or ()
    )
    user = context.get("user")
    if user is not None and user.is_authenticated:
        html.append(_menus(context, user))
    html.append("</div></nav>")
    return mark_safe("".join(html))


def _menus(context, user) -> str:
    unread = unread_notifications(context)
    open_menu = gettext("Ouvrir le menu")
    badge = ""
    if unread:
        not_read = ngettext("notification non lue", "notifications non lues", unread)
        badge = (
            f'<span class="badge rounded-pill text-bg-warning toggler-badge" data-testid="menu-unread">{_escape(unread)}'
            f'<span class="visually-hidden"> {not_read}</span></span>'
        )
    urps = ""
    if context.get("is_urps_admin"):
        urps_space = gettext("Espace URPS")
        urps = f'<li class="nav-item"><a class="nav-link" href="{_escape(url_of("resilience:urps_home"))}">{urps_space}</a></li>'
    tenant = context.get("tenant")
    return (
        '<button class="navbar-toggler" type="button" data-bs-toggle="collapse" data-bs-target="#menu" aria-controls="menu"'
        f' aria-expanded="false" aria-label="{open_menu}"><span class="navbar-toggler-icon"></span>{badge}</button>'
        '<div class="collapse navbar-collapse" id="menu"><ul class="navbar-nav main-nav">'
        f'{menu_links(context, context.get("nav_items") or (), "nav-item", "nav-link")}{urps}</ul>'
        '<ul class="navbar-nav account-nav">'
        f"{_cabinet_menu(context, tenant) if tenant else ''}{_bell(tenant, unread) if tenant else ''}{_account_menu(context, user)}"
        "</ul></div>"
    )


def _cabinet_menu(context, tenant) -> str:
    name, role_label = _escape(tenant.cabinet.name), gettext("Votre rôle :")
    switches = []
    for other in context.get("other_memberships") or ():
        action = _escape(reverse("resilience:cabinet_switch", args=[other.cabinet_id]))
        switch = gettext("Passer au cabinet %(name)s") % {"name": _escape(other.cabinet.name)}
        switches.append(
            f'<li><form method="post" action="{action}">{csrf_input(context)}'
            f'<button type="submit" class="dropdown-item">{switch}</button></form></li>'
        )
    create = gettext("Créer un autre cabinet")
    return (
        '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle cabinet-menu" href="#" role="button" data-bs-toggle="dropdown"'
        f' aria-expanded="false" data-testid="cabinet-menu" title="{name}">{name}</a><ul class="dropdown-menu dropdown-menu-end">'
        f'<li><span class="dropdown-item-text small text-body-secondary">{role_label} {_escape(tenant.membership.get_role_display())}</span></li>'
        f'{menu_links(context, context.get("cabinet_nav_items") or (), "", "dropdown-item")}<li><hr class="dropdown-divider"></li>'
        f'{"".join(switches)}<li><a class="dropdown-item" href="{_escape(url_of("resilience:cabinet_create"))}">{create}</a></li>'
        "</ul></li>"
    )


def _bell(tenant, unread) -> str:
    label = ngettext("Notifications : %(n)s non lue", "Notifications : %(n)s non lues", unread) % {"n": _escape(unread)}
    count = f' <span class="badge text-bg-warning" data-testid="bell-count">{_escape(unread)}</span>' if unread else ""
    return (
        f'<li class="nav-item"><a class="nav-link reminders-bell" href="{_escape(url_of("resilience:notifications"))}"'
        f' data-testid="bell" aria-label="{label}">{BELL_ICON}{count}</a></li>'
    )


def _account_menu(context, user) -> str:
    account, profile, two_step = gettext("Mon compte"), gettext("Mon profil"), gettext("Double authentification")
    password, email, sign_out = gettext("Mot de passe"), gettext("Adresse e-mail"), gettext("Se déconnecter")
    return (
        '<li class="nav-item dropdown"><a class="nav-link dropdown-toggle text-nowrap" href="#" role="button"'
        f' data-bs-toggle="dropdown" aria-expanded="false">{account}</a><ul class="dropdown-menu dropdown-menu-end">'
        f'<li><span class="dropdown-item-text small text-body-secondary">{_escape(user.email)}</span></li>'
        f'<li><a class="dropdown-item" href="{_escape(url_of("resilience:profile"))}">{profile}</a></li>'
        f'<li><a class="dropdown-item" href="{_escape(url_of("mfa_index"))}">{two_step}</a></li>'
        f'<li><a class="dropdown-item" href="{_escape(url_of("account_change_password"))}">{password}</a></li>'
        f'<li><a class="dropdown-item" href="{_escape(url_of("account_email"))}">{email}</a></li>'
        '<li><hr class="dropdown-divider"></li>'
        f'<li><form method="post" action="{_escape(url_of("account_logout"))}">{csrf_input(context)}'
        f'<button type="submit" class="dropdown-item">{sign_out}</button></form></li></ul></li>'
    )
