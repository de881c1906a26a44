"""Creating URPS admin accounts (used by the management command and the demo)."""

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from resilience.models import UrpsAdmin, User


@transaction.atomic
def create_urps_admin(email: str, region: str, professions: list[str], password: str) -> UrpsAdmin:
    email = email.lower()
    user, _created = User.objects.get_or_create(email=email)
    if user.memberships.exists():
        raise ValidationError(_("%(email)s est membre d'un cabinet : un compte URPS ne peut pas l'être.") % {"email": email})
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    admin, _created = UrpsAdmin.objects.update_or_create(
        user=user, defaults={"region": region, "professions": sorted(set(professions))}
    )
    admin.full_clean()
    return admin
