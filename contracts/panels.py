"""The dashboard panel: contracts that block, the next day to give notice, HDS certificates to renew."""

from django.utils import timezone

from contracts import renewal, reviews
from contracts.templatetags.contracts_tags import contracts_panel as write_contracts_panel
from contracts.verdicts import BLOQUANT, NOT_CHECKED
from resilience.dashboard import Panel


def contracts_panel(request) -> Panel | None:
    tenant = request.tenant
    contracts = tenant.fetch(reviews.CONTRACTS_WITH_LATEST_REVIEW)
    if not contracts:
        return None
    today = timezone.localdate()
    results = reviews.latest_results(contracts)
    blocking = [c for c in contracts if c.latest_review and results[c.latest_review].verdict == BLOQUANT]
    # A review opened but not answered yet has checked nothing: the contract is still to relire.
    unreviewed = [c for c in contracts if not c.latest_review or results[c.latest_review].verdict == NOT_CHECKED]
    upcoming = sorted(
        (c for c in contracts if c.last_notice_day and c.last_notice_day >= today), key=lambda c: c.last_notice_day
    )
    next_deadline = None
    if upcoming:
        contract = upcoming[0]
        next_deadline = {"contract": contract, "deadline": contract.notice_deadline(today)}
    hds = [c for c in contracts if c.hds_status(today) in ("expired", "soon")]
    if not (blocking or unreviewed or next_deadline or hds):
        return None
    return Panel(
        write_contracts_panel,
        {
            "blocking": blocking,
            "unreviewed": unreviewed,
            "next_deadline": next_deadline,
            "soon": next_deadline is not None and next_deadline["deadline"].status == renewal.SOON,
            "hds": hds,
            "today": today,
        },
        order=60,
    )
