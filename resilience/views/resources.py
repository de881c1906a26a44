"""The « Ressources » page: official guides to read further, as the seed guides list them."""

from django.shortcuts import render

from resilience.resources import groups_for
from resilience.tenancy import cabinet_view


@cabinet_view
def resources(request):
    return render(request, "resilience/resources.html", {"groups": groups_for(request.tenant.cabinet.profession_codes)})
