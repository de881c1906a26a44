from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from resilience.models import Cabinet
from resilience.tenancy import is_urps_admin

MIN_GROUP_SIZE = 5  # no figure is shown for a group of fewer cabinets


@login_required
def urps_home(request):
    if not is_urps_admin(request.user):
        raise PermissionDenied(_("Cette page est réservée aux administrateurs URPS."))
    scope = request.user.urps_admin
    # A cabinet counts under each profession it has (a maison de santé's kiné is in the kinés' URPS figures).
    participating = (
        Cabinet.objects.filter(
            region=scope.region, practitioner_counts__profession__in=scope.professions, share_statistics=True
        )
        .distinct()
        .count()
    )
    return render(
        request,
        "resilience/urps_home.html",
        {
            "scope": scope,
            "participating": participating if participating >= MIN_GROUP_SIZE else None,
            "min_group_size": MIN_GROUP_SIZE,
        },
    )
