"""Two-step verification required for the accounts that see more than one cabinet.

URPS admins and superusers (and any staff) must set up an authenticator app
before they reach any page; until then every request is sent to the
activation page, which, with sign-out and recovery codes, stays reachable.
"""

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from resilience.tenancy import is_urps_admin

ALLOWED_URL_NAMES = {
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "healthz",
    "favicon",
}


def mfa_required(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_staff or is_urps_admin(user))


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class RequireMfaMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if mfa_required(request.user) and not self._allowed(request) and not has_totp(request.user):
            messages.warning(
                request,
                _("Votre compte doit être protégé par la double authentification avant d'aller plus loin."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _allowed(request):
        if request.path.startswith("/static/"):
            return True
        try:
            return resolve(request.path_info).url_name in ALLOWED_URL_NAMES
        except Resolver404:
            return False
