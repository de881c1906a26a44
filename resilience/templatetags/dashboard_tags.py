"""The dashboard's content, written in Python: the cabinet, the apps' panels, the team, the account and the URPS sharing.

Every member opens the dashboard first; through its template each card cost its own lookups and
translations. `resilience/tests/test_dashboard_html.py` compares it with the template it replaced
(`resilience/tests/templates_before/dashboard.html`).
"""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape as esc
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from resilience.navigation import url_of

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_content(context) -> str:
    cabinet, titulaire = context["cabinet"], context["tenant"].membership.is_titulaire
    html = [f'<h1 class="h2 mb-1">{esc(cabinet.name)}</h1>']
    if context["needs_name"]:
        seen_as, give_name = gettext("Votre équipe vous voit sous votre adresse e-mail."), gettext("Indiquez votre nom")
        html.append(
            f'<div class="alert alert-info" role="status" data-testid="complete-profile">{seen_as} '
            f'<a href="{esc(url_of("resilience:profile"))}">{give_name}</a></div>'
        )
    html.append(
        f'<p class="text-body-secondary mb-4">{esc(cabinet.practitioners_summary)} · {esc(cabinet.get_departement_display())}</p>'
        '<div class="row g-3">'
    )
    html.extend(f'<div class="col-12 col-lg-6">{panel.html}</div>' for panel in context["panels"])
    cards = (
        _team(context["members"], context["pending_invitations"], titulaire),
        _account(context["mfa_enabled"]),
        _statistics(cabinet.share_statistics, titulaire),
    )
    html.extend(f'<div class="col-12 col-lg-6">{card}</div>' for card in cards)
    html.append("</div>")
    return mark_safe("".join(html))


def _card(title_id: str, title: str, body: str) -> str:
    return (
        f'<section class="card h-100" aria-labelledby="{title_id}"><div class="card-body">'
        f'<h2 id="{title_id}" class="h5 card-title">{title}</h2>{body}</div></section>'
    )


def _team(members, pending_invitations, titulaire) -> str:
    rows = "".join(
        f'<li class="py-1">{esc(member.user.display_name)} <span class="badge text-bg-light">{esc(member.get_role_display())}</span></li>'
        for member in members
    )
    body = [f'<ul class="list-unstyled mb-3">{rows}</ul>']
    if pending_invitations:
        n = esc(localize(pending_invitations))
        waiting = ngettext("%(n)s invitation en attente.", "%(n)s invitations en attente.", pending_invitations) % {"n": n}
        body.append(f'<p class="small">{waiting}</p>')
    if titulaire:
        invite = gettext("Inviter un membre")
        body.append(f'<a class="btn btn-outline-primary" href="{esc(url_of("resilience:member_invite"))}">{invite}</a>')
    else:
        see = gettext("Voir l'équipe")
        body.append(f'<a class="btn btn-outline-primary" href="{esc(url_of("resilience:members"))}">{see}</a>')
    return _card("team-title", gettext("Votre équipe"), "".join(body))


def _account(mfa_enabled) -> str:
    if mfa_enabled:
        protected, active = gettext("Protégé"), gettext("La double authentification est active sur votre compte.")
        body = f'<p class="mb-0"><span class="badge text-bg-success">{protected}</span> {active}</p>'
    else:
        why = gettext(
            "Activez la double authentification : un code à 6 chiffres sur votre téléphone, en plus du mot de passe. "
            "C'est ce que les guides demandent pour le logiciel métier, la messagerie et amelipro ; commencez par ici."
        )
        activate = gettext("Activer la double authentification")
        body = f'<p>{why}</p><a class="btn btn-primary" href="{esc(url_of("mfa_activate_totp"))}">{activate}</a>'
    return _card("mfa-title", gettext("Votre compte"), body)


def _statistics(shared, titulaire) -> str:
    if shared:
        said = gettext("Les résultats anonymes de vos autodiagnostics sont inclus dans les statistiques de votre URPS.")
    else:
        said = gettext("Les résultats de vos autodiagnostics ne sont pas partagés avec votre URPS.")
    body = f"<p>{said}</p>"
    if titulaire:
        change = gettext("Modifier les réglages du cabinet")
        body += f'<a class="btn btn-outline-primary" href="{esc(url_of("resilience:cabinet_settings"))}">{change}</a>'
    return _card("cabinet-title", gettext("Statistiques de l'URPS"), body)
