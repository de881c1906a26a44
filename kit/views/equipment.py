"""Backup equipment: the USB key, the hotspot, the spare workstation… and their state."""

from django.contrib import messages
from django.db import transaction
from django.forms.models import model_to_dict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kit import inventory, services
from kit.catalogue import get_catalogue
from kit.forms import EquipmentForm
from kit.models import Equipment
from kit.scaling import applies
from kit.scaling import target as scaling_target
from resilience import audit
from resilience.tenancy import cabinet_view

FIELDS = EquipmentForm.Meta.fields


@cabinet_view
@require_safe
def equipment_list(request):
    tenant = request.tenant
    equipment = inventory.read_equipment(tenant)
    if any(line.key not in equipment for line in inventory.equipment_lines()):
        services.ensure_equipment(tenant.cabinet)
        equipment = inventory.read_equipment(tenant)
    # Equipment rows do not depend on the stock counts (only forms to order are counted per prescriber).
    kit = inventory.build(get_catalogue(), inventory.cabinet_counts(tenant.cabinet), {}, equipment)
    return render(request, "kit/equipment_list.html", {"rows": kit.equipment_rows})


@cabinet_view
def equipment_edit(request, equipment_id):
    tenant = request.tenant
    item = tenant.get(Equipment, pk=equipment_id)
    counts = inventory.cabinet_counts(tenant.cabinet)
    try:
        line = get_catalogue().line(item.line_key)
    except KeyError:  # a line that left the catalogue: nothing to edit any more
        line = None
    if line is None or not applies(line, counts):  # (every equipment line applies to every profession today)
        messages.info(request, _("Cet équipement ne fait plus partie du kit."))
        return redirect("kit:equipment")
    before = model_to_dict(item, FIELDS)
    form = EquipmentForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            item = form.save(commit=False)
            item.updated_by = request.user
            item.save()
            changes = audit.diff(before, model_to_dict(item, FIELDS))
            if changes:
                audit.record(
                    tenant.cabinet,
                    request.user,
                    "kit.equipment",
                    _("Équipement de secours modifié : %(label)s") % {"label": line.label},
                    changes,
                )
        messages.success(request, _("%(label)s : enregistré.") % {"label": line.label})
        return redirect("kit:equipment")
    target = scaling_target(line, counts)  # the target of its inventory row (no stock to read for it)
    return render(request, "kit/equipment_form.html", {"form": form, "line": line, "item": item, "target": target})
