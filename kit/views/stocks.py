"""The stock screen: count the binder on a phone and save once."""

from django.contrib import messages
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kit import services
from kit.summary import load_inventory
from kit.forms import StockForm, UnknownLine
from resilience.tenancy import cabinet_view


@cabinet_view
def stock_update(request):
    tenant = request.tenant
    # Only the lines the cabinet's professions use; a prescriber's own forms one count per prescriber.
    kit = load_inventory(tenant)
    try:
        form = StockForm(request.POST if request.method == "POST" else None, rows=kit.stock_rows, names=kit.names)
    except UnknownLine:
        # A forged or stale form: refuse it whole rather than guess.
        return HttpResponseBadRequest(_("Ce formulaire ne correspond pas au kit : rechargez la page."))
    if request.method == "POST" and form.is_valid():
        changes = services.save_stock(
            tenant.cabinet, request.user, form.changed_quantities(), form.names(), form.checked_keys()
        )
        if changes:
            messages.success(
                request,
                ngettext("%(n)s ligne mise à jour.", "%(n)s lignes mises à jour.", len(changes)) % {"n": len(changes)},
            )
        else:
            messages.info(request, _("Rien n'a changé : la vérification du jour est notée."))
        return redirect("kit:home")
    return render(request, "kit/stocks.html", {"form": form, "entries": form.rows(), "names": form.name_fields()})
