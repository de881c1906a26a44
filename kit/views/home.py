"""The kit page: what is missing for this cabinet, the next test, and one tap to print."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kit import services
from kit.forms import BinderForm
from kit.models import Kit
from kit.summary import summarize
from resilience import audit
from resilience.professions import forms_notes
from resilience.tenancy import cabinet_view


@cabinet_view
@require_safe
def kit_home(request):
    summary = summarize(request.tenant)
    return render(
        request,
        "kit/home.html",
        {
            "summary": summary, "inventory": summary.inventory, "kit": summary.kit,
            "forms_notes": forms_notes(summary.inventory.profession_codes),
        },
    )


@cabinet_view
def binder_edit(request):
    """Where the binder is kept: any member may change it (the secretary often keeps it)."""
    tenant = request.tenant
    kit = tenant.scope(Kit).first() or Kit(cabinet=tenant.cabinet)
    before = kit.binder_location
    form = BinderForm(request.POST or None, instance=kit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            # The row is created by the first valid save (get_or_create: two first saves at once make one row).
            kit = services.get_kit(tenant.cabinet)
            kit.binder_location = form.cleaned_data["binder_location"]
            kit.save(update_fields=["binder_location", "updated_at"])
            if kit.binder_location != before:
                audit.record(
                    tenant.cabinet,
                    request.user,
                    "kit.binder",
                    _("Emplacement du classeur « mode dégradé » : %(place)s") % {"place": kit.binder_location or "—"},
                    {"binder_location": [before, kit.binder_location]},
                )
        messages.success(request, _("L'emplacement du classeur est enregistré."))
        return redirect("kit:home")
    return render(request, "kit/binder_form.html", {"form": form})
