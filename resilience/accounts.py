"""django-allauth hooks: emails go through the worker; invitations link accounts."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.signals import user_logged_in
from django.dispatch import receiver

from resilience import mail
from resilience.invitations import accept_pending_invitation


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        message = self.render_mail(template_prefix, email, context)
        html = next((content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), None)
        mail.deliver(message.subject, message.body, list(message.to), html, message.from_email)


@receiver(user_logged_in)
def join_invited_cabinet(sender, request, user, **kwargs):
    """An invitation opened before signing in or signing up is accepted now."""
    accept_pending_invitation(request, user)
