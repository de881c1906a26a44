"""The six-monthly kit test: a guided check, then kept as evidence."""

from django.contrib import messages
from django.db.models import Count, Max
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kit import services
from kit.catalogue import get_catalogue
from kit.forms import KitTestForm
from incidents.models import Drill
from incidents.playbooks import get_playbooks
from kit.models import Equipment, KitTest, KitTestSource
from kit.summary import read_test_status, summarize_with_equipment
from resilience.models import EmergencyContact
from resilience.sql import CompiledOnce
from resilience.tenancy import cabinet_view
from resilience.validation import parse_id


DRILL_PARAMETER = "exercice"


def _uncounted_drills(tenant, tests):
    """Finished drills that no kit test counts yet, most recent first; `tests`: all the cabinet's kit tests
    (the page lists them anyway: the drills they count are taken from them, not from a subquery)."""
    counted = {test.source_drill_id for test in tests if test.source_drill_id is not None}
    return tenant.scope(Drill.objects.filter(finished_at__isnull=False)).exclude(pk__in=counted)[:5]


def _drill_of(request):
    """The finished drill the test is recorded from, or None; a forged or another cabinet's is a 404."""
    value = request.POST.get(DRILL_PARAMETER) or request.GET.get(DRILL_PARAMETER)
    if not value:
        return None
    drill_id = parse_id(value)
    if drill_id is None:
        raise Http404
    return request.tenant.get(Drill.objects.filter(finished_at__isnull=False), pk=drill_id)


def drill_label(drill) -> str:
    playbook = get_playbooks().get(drill.playbook_key)
    day = timezone.localtime(drill.finished_at).strftime("%d/%m/%Y")
    return _("Exercice « %(title)s » du %(date)s") % {"title": playbook.title, "date": day}


@cabinet_view
@require_safe
def test_list(request):
    tests = list(request.tenant.scope(KitTest))
    return render(
        request,
        "kit/test_list.html",
        {
            "tests": tests,
            "summary": read_test_status(request.tenant),  # the page shows the test status, not the inventory
            "drills": [(drill, drill_label(drill)) for drill in _uncounted_drills(request.tenant, tests)],
        },
    )


@cabinet_view
def test_new(request):
    """The guided test; from a drill (?exercice=ID), the same checks make the drill count as the test."""
    tenant = request.tenant
    drill = _drill_of(request)
    initial = {"performed_on": timezone.localtime(drill.finished_at).date()} if drill else None
    form = KitTestForm(request.POST or None, initial=initial, checks=get_catalogue().checks)
    if request.method == "POST" and form.is_valid():
        test = services.record_kit_test(
            tenant.cabinet,
            request.user,
            form.cleaned_data["performed_on"],
            form.results(),
            notes=form.cleaned_data["notes"].strip(),
            participants=form.cleaned_data["participants"].strip(),
            source=KitTestSource.DRILL if drill else KitTestSource.KIT_TEST,
            source_label=drill_label(drill) if drill else "",
            source_drill=drill,
        )
        if test.passed:
            messages.success(request, _("Test enregistré : tout est en ordre. Prochain test avant le %(date)s.") % {"date": test.next_due.strftime("%d/%m/%Y")})
        else:
            messages.warning(request, _("Test enregistré. Reprenez les points signalés avant le prochain test."))
        return redirect("kit:test_detail", kit_test_id=test.pk)
    return render(
        request,
        "kit/test_form.html",
        {"form": form, "context": _check_context(tenant), "drill": drill, "drill_label": drill_label(drill) if drill else ""},
    )


def _contacts_query(cabinet_pk):
    return (
        EmergencyContact.objects.filter(cabinet=cabinet_pk).order_by().values("cabinet")
        .annotate(count=Count("pk"), updated=Max("updated_at")).values("count", "updated")
    )


# How many contacts the cabinet has and when one last changed: a query of fixed shape, compiled once per process.
_CONTACTS = CompiledOnce(_contacts_query)


def _check_context(tenant) -> dict:
    """What the cabinet's records say for each check, shown beside it to guide the test."""
    summary, equipment = summarize_with_equipment(tenant)  # the equipment read once, with the summary
    contacts = _CONTACTS.first(tenant.cabinet.pk) or {"count": 0, "updated": None}  # no row: no contact
    return {
        "below_minimum": summary.inventory.stock_below_minimum,
        "binder_location": summary.kit.binder_location if summary.kit else "",
        "contacts_count": contacts["count"],
        "contacts_updated": contacts["updated"],
        "usb": equipment.get(Equipment.USB_KEY),
        "hotspot": equipment.get("hotspot_4g5g"),
        "practitioners": tenant.cabinet.practitioners,
    }


@cabinet_view
def test_detail(request, kit_test_id):
    """A recorded test is evidence: it is read, never changed (the 404 comes first for another cabinet's)."""
    test = request.tenant.get(KitTest, pk=kit_test_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return render(request, "kit/test_detail.html", {"test": test})
