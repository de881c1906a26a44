"""django-allauth hooks: emails go through the worker; invitations link accounts."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.signals import user_logged_in
from django.conf import settings
from django.dispatch import receiver
from django.utils.translation import gettext

from resilience import mail
from resilience.invitations import accept_pending_invitation


@dataclass(frozen=True)
class Site:
    """What allauth's emails call `current_site`: the product's name and the public address's host.

    The Sites framework is not installed; the request's host would be an internal name behind the load balancer.
    """

    name: str
    domain: str


def current_site() -> Site:
    return Site(gettext("Résilience cabinet"), urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        context = {"email": email, **context, "current_site": current_site(), "site_url": settings.SITE_URL}
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), None)
        mail.deliver(message.subject, message.body, list(message.to), html, message.from_email)


@receiver(user_logged_in)
def join_invited_cabinet(sender, request, user, **kwargs):
    """An invitation opened before signing in or signing up is accepted now."""
    accept_pending_invitation(request, user)
