"""Changes to a cabinet's kit, each written with its audit record in the same transaction.

Views call these with the request's tenant cabinet; the incidents app will
call ``record_kit_test`` when a drill covered the kit test's checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kit.catalogue import get_catalogue
from kit.inventory import equipment_lines
from kit.models import CheckResult, Equipment, EquipmentState, Kit, KitTest, KitTestSource, Prescriber, StockLevel
from kit.scaling import Slot, slot_label
from kit.schedule import next_test_due
from resilience import audit

# A kit-test check that succeeds or fails tells the state of this equipment.
CHECK_EQUIPMENT = {
    "cle_usb_lisible": (Equipment.USB_KEY,),
    "hotspot_connecte": ("hotspot_4g5g",),
    "poste_et_imprimante": ("poste_secours", "imprimante_autonome"),
}


def get_kit(cabinet) -> Kit:
    kit, _created = Kit.objects.get_or_create(cabinet=cabinet)
    return kit


def ensure_equipment(cabinet) -> None:
    """One Equipment row per catalogue equipment line, so that each has a stable id to edit.

    ``ignore_conflicts``: two first visits at once create each row once.
    """
    existing = set(Equipment.objects.for_cabinet(cabinet).values_list("line_key", flat=True))
    missing = [line.key for line in equipment_lines() if line.key not in existing]
    if missing:
        Equipment.objects.bulk_create(
            [Equipment(cabinet=cabinet, line_key=key) for key in missing], ignore_conflicts=True
        )


def _mark_checked(cabinet, user, day: date) -> None:
    kit = get_kit(cabinet)
    if kit.last_checked_on is None or day >= kit.last_checked_on:
        kit.last_checked_on = day
        kit.last_checked_by = user if user is not None and user.is_authenticated else None
        kit.save(update_fields=["last_checked_on", "last_checked_by", "updated_at"])


def _holder(key) -> tuple[str, str, int]:
    """(line key, profession, slot) of a stock key: a line's own key, or a prescriber's (``kit.scaling.stock_key``)."""
    return (key, "", 0) if isinstance(key, str) else key


def _change_label(catalogue, key) -> str:
    line_key, profession, number = _holder(key)
    label = catalogue.line(line_key).label
    return f"{label} ({slot_label(Slot(profession, number))})" if profession else label


@transaction.atomic
def save_stock(cabinet, user, quantities: Mapping, names: Mapping[Slot, str] | None = None, checked=()) -> dict:
    """Write the given counts only, one row each: another person's lines are left untouched.

    ``quantities`` maps stock keys (a line's key, or (line key, profession,
    number) for a prescriber's own count) to quantities; ``names`` what the
    cabinet calls its prescribers; ``checked`` the per-prescriber counts seen
    on the screen, no longer « moved from the pooled stock, to check ». A
    prescriber 1's count replaces any pooled count of the same line left from
    before counts were per prescriber. Returns {key: [old, new]} for the counts
    and names that changed (a prescriber's as « line.profession.number »). Saving even without a change records that
    the binder was checked today.
    """
    catalogue = get_catalogue()
    scope = StockLevel.objects.for_cabinet(cabinet)
    rows = {
        (row.line_key, row.profession, row.slot): row
        for row in scope.select_for_update().filter(line_key__in=[_holder(key)[0] for key in quantities])
    }
    changes, labels = {}, []
    for key, quantity in quantities.items():
        line_key, profession, number = _holder(key)
        old = rows[(line_key, profession, number)].quantity if (line_key, profession, number) in rows else None
        pooled = rows.get((line_key, "", 0)) if profession and number == 1 else None
        if pooled is not None:
            old = (old or 0) + pooled.quantity  # what the screen showed for prescriber 1
            pooled.delete()
        if old == quantity:
            continue
        StockLevel.objects.update_or_create(
            cabinet=cabinet, line_key=line_key, profession=profession, slot=number,
            defaults={"quantity": quantity, "updated_by": user, "unchecked": False},
        )
        changes[key if isinstance(key, str) else ".".join(map(str, key))] = [old, quantity]
        labels.append(_change_label(catalogue, key))
    if checked:
        for key in checked:
            line_key, profession, number = _holder(key)
            scope.filter(line_key=line_key, profession=profession, slot=number, unchecked=True).update(unchecked=False)
    for slot, name in (names or {}).items():
        current = Prescriber.objects.for_cabinet(cabinet).filter(profession=slot.profession, number=slot.number).first()
        before = current.label if current else ""
        if name == before:
            continue
        Prescriber.objects.update_or_create(
            cabinet=cabinet, profession=slot.profession, number=slot.number, defaults={"label": name}
        )
        changes[f"name.{slot.profession}.{slot.number}"] = [before, name]
        labels.append(_("nom de %(who)s") % {"who": slot_label(slot)})
    _mark_checked(cabinet, user, timezone.localdate())
    if changes:
        audit.record(
            cabinet, user, "kit.stock", _("Stocks du kit mis à jour : %(lines)s") % {"lines": ", ".join(labels)}, changes
        )
    else:
        audit.record(cabinet, user, "kit.stock", _("Stocks du kit vérifiés, sans changement"))
    return changes


@transaction.atomic
def record_kit_test(
    cabinet,
    user,
    performed_on: date,
    results: Mapping[str, tuple[str, str]],
    *,
    notes: str = "",
    participants: str = "",
    source: str = KitTestSource.KIT_TEST,
    source_label: str = "",
    source_drill=None,
) -> KitTest:
    """Record a kit test (or a drill that covered its checks) and move the next due date on.

    ``results`` maps each check key of the catalogue to (result, note); a check
    left out is recorded as not done. The next test is due six months after
    the most recent test, so recording an older test never pulls it back.
    """
    catalogue = get_catalogue()
    unknown = set(results) - {check.key for check in catalogue.checks}
    if unknown:
        raise ValueError(f"unknown kit test checks: {', '.join(sorted(unknown))}")
    checks = []
    for check in catalogue.checks:
        result, note = results.get(check.key, (CheckResult.NOT_DONE, ""))
        checks.append({"key": check.key, "label": check.label, "result": str(CheckResult(result)), "note": note})

    who = user.display_name if user is not None and user.is_authenticated else ""
    test = KitTest.objects.create(
        cabinet=cabinet,
        performed_on=performed_on,
        performed_by=user if user is not None and user.is_authenticated else None,
        performed_by_name=who[:200],
        participants=participants,
        checks=checks,
        notes=notes,
        next_due=next_test_due(performed_on),
        source=source,
        source_label=source_label,
        source_drill=source_drill,
        catalogue_version=catalogue.version,
    )
    kit = get_kit(cabinet)
    latest = KitTest.objects.for_cabinet(cabinet).order_by("-performed_on").values_list("performed_on", flat=True)[0]
    kit.next_test_due = next_test_due(latest)
    kit.save(update_fields=["next_test_due", "updated_at"])
    _mark_checked(cabinet, user, performed_on)
    _update_equipment(cabinet, user, performed_on, {c["key"]: c["result"] for c in checks})

    failed = len(test.problems)
    summary = (
        _("Test du kit du %(date)s : tout est en ordre") % {"date": performed_on.strftime("%d/%m/%Y")}
        if not failed
        else ngettext("Test du kit du %(date)s : %(n)s point à reprendre", "Test du kit du %(date)s : %(n)s points à reprendre", failed)
        % {"date": performed_on.strftime("%d/%m/%Y"), "n": failed}
    )
    audit.record(cabinet, user, "kit.test", summary, {c["key"]: c["result"] for c in checks})
    return test


def _update_equipment(cabinet, user, day: date, results: Mapping[str, str]) -> None:
    """A check that passed means the equipment works and was tried that day; one that failed, to check."""
    ensure_equipment(cabinet)
    for check_key, keys in CHECK_EQUIPMENT.items():
        result = results.get(check_key)
        if result not in (CheckResult.OK, CheckResult.PROBLEM):
            continue
        for item in Equipment.objects.for_cabinet(cabinet).select_for_update().filter(line_key__in=keys):
            if item.last_tested_on is not None and day < item.last_tested_on:
                continue  # an older test recorded late says nothing of the state today
            item.last_tested_on = day
            if result == CheckResult.OK:
                item.state = EquipmentState.READY
                item.quantity = max(item.quantity, 1)
                if item.is_usb_key:
                    item.templates_present = True
            elif item.state != EquipmentState.BROKEN:
                item.state = EquipmentState.TO_CHECK
            item.updated_by = user if user is not None and user.is_authenticated else None
            item.save()
