"""Contract deadlines as due items of the core's reminders: the notice deadline and the HDS certificate's expiry."""

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import Contract
from resilience import demo as core_demo
from resilience.reminders import registry
from resilience.reminders.stages import DAYS_BEFORE, local_day

NOTICE = "contract_notice"
HDS = "contract_hds"


def _contract_items(contracts, kind, date_field, title, why):
    """One due item per contract, dated by `date_field`; `title` has a %(provider)s placeholder."""
    detail = registry.path_maker("contracts:detail")
    for contract_id, cabinet_id, due, provider in contracts.order_by().values_list("id", "cabinet_id", date_field, "provider"):
        yield registry.DueItem(cabinet_id, kind, contract_id, due, title % {"provider": provider}, why, detail(contract_id))


def due_notices(cabinet_ids, now, horizon=None):
    """Only until the last day: once it has passed the contract has renewed and a reminder helps nobody."""
    today = local_day(now)
    horizon = horizon or today + timedelta(days=DAYS_BEFORE)
    contracts = Contract.objects.filter(registry.in_cabinets(cabinet_ids), last_notice_day__gte=today, last_notice_day__lte=horizon)
    return _contract_items(
        contracts,
        NOTICE,
        "last_notice_day",
        _("Contrat %(provider)s : dernier jour pour résilier"),
        _("Après cette date, le contrat est reconduit pour une nouvelle période."),
    )


def due_hds_expiries(cabinet_ids, now, horizon=None):
    horizon = horizon or local_day(now) + timedelta(days=DAYS_BEFORE)
    contracts = Contract.objects.filter(registry.in_cabinets(cabinet_ids), hds_expires_on__lte=horizon)
    return _contract_items(
        contracts,
        HDS,
        "hds_expires_on",
        _("Contrat %(provider)s : fin du certificat HDS"),
        _("Des données de santé ne peuvent être hébergées que chez un hébergeur certifié HDS."),
    )


def register():
    registry.register(registry.Kind(NOTICE, gettext_lazy("Date limite de résiliation d'un contrat"), due_notices, watch=(Contract,)))
    registry.register(registry.Kind(HDS, gettext_lazy("Fin d'un certificat HDS"), due_hds_expiries, watch=(Contract,)))
    core_demo.register(load_demo_deadline)


NOTICE_IN_DAYS = 10


def load_demo_deadline(cabinets: dict) -> None:
    """The demo maintenance contract's last day to give notice falls in 10 days (the reminders' demo)."""
    from django.utils import timezone

    from contracts.demo import PROVIDER
    from contracts.renewal import minus_months
    from resilience.demo import DEMO_CABINET

    cabinet = cabinets.get(DEMO_CABINET)
    contract = Contract.objects.filter(cabinet=cabinet, provider=PROVIDER).first() if cabinet else None
    if contract is None or not contract.notice_months:
        return
    notice_day = timezone.localdate() + timedelta(days=NOTICE_IN_DAYS)
    contract.ends_on = minus_months(notice_day, -contract.notice_months)
    contract.save()
    if contract.last_notice_day != notice_day:  # a month-end clamp: give the days directly
        contract.notice_months, contract.notice_days = None, (contract.ends_on - notice_day).days
        contract.save()
