"""The URPS dashboard: thin views over resilience.statistics (report, charts, exports).

Only URPS admins (with two-step verification, enforced by the MFA middleware);
cabinet users get 403. The scope comes from the admin's account, never from the URL.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from resilience.models import Profession
from resilience.pdf import safe_filename
from resilience.statistics import charts, exports, report as reports
from resilience.statistics.disclosure import ALL
from resilience.statistics.filters import PERIODS, SIZES, Filters, Scope
from resilience.tenancy import is_urps_admin


def urps_view(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_urps_admin(request.user):
            raise PermissionDenied(_("Cette page est réservée aux administrateurs URPS."))
        scope = Scope.of(request.user.urps_admin)
        filters, errors = Filters.from_query(request.GET, scope)
        if errors:
            messages.warning(request, _("Un filtre de l'adresse n'est pas valable : « tous » est utilisé à la place."))
        return view(request, scope, filters, *args, **kwargs)

    return wrapper


def _filename(report) -> str:
    parts = ["urps", report.scope.label, *(v for v in report.filters.query().values()), report.generated_at.strftime("%Y-%m-%d")]
    return safe_filename("-".join(parts))


def _context(report):
    minimum = report.minimum
    return {
        "report": report,
        "scope": report.scope,
        "filters": report.filters,
        "filter_rows": report.filters.describe(report.scope),
        "rule": exports.suppression_rule(minimum),
        "histogram_chart": charts.bar_chart([(label, here) for label, here, _t in report.histogram], minimum=minimum),
        "participation_chart": charts.bar_chart([(label, count) for label, count, _m in report.trend], minimum=minimum),
        "median_chart": charts.bar_chart([(label, median) for label, _c, median in report.trend], minimum=minimum, maximum=100),
    }


@urps_view
def urps_home(request, scope, filters):
    report = reports.build(scope, filters)
    context = _context(report)
    context.update(
        {
            "profession_choices": [(ALL, _("Toutes"))] + [(p, Profession(p).label) for p in scope.professions],
            "departement_choices": [(ALL, _("Tous"))] + [(c, f"{c} – {n}") for c, n in scope.departements.items()],
            "size_choices": [(ALL, _("Toutes"))] + list(SIZES.items()),
            "period_choices": list(PERIODS.items()),
            "query": filters.query(),
        }
    )
    return render(request, "resilience/statistics/dashboard.html", context)


@urps_view
def urps_csv(request, scope, filters):
    report = reports.build(scope, filters)
    return exports.csv_response(report, _filename(report))


@urps_view
def urps_xlsx(request, scope, filters):
    report = reports.build(scope, filters)
    return exports.xlsx_response(report, _filename(report))


@urps_view
def urps_pdf(request, scope, filters):
    report = reports.build(scope, filters)
    return exports.pdf_report(report, _context(report), _filename(report))


@login_required
def urps_sample(request):
    """What an URPS admin sees, with made-up figures: shown to cabinets deciding whether to share."""
    return render(request, "resilience/statistics/sample.html", {"minimum": settings.URPS_MIN_CABINETS})
