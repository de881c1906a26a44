"""The incidents' documents in the cabinet's export: the report of each incident."""

from django.utils import timezone
from django.utils.translation import gettext as _

from incidents.models import Incident
from resilience.pdf import render_pdf
from resilience.portability.documents import Document


def incident_reports(tenant):
    from incidents.views.closing import report_context

    incidents = tenant.scope(Incident).select_related("declared_by", "closed_by", "decision_by").order_by("aware_at", "pk")
    for number, incident in enumerate(incidents, 1):
        day = timezone.localtime(incident.aware_at)
        yield Document(
            f"incidents/{number:02d}-rapport-incident-{day:%Y-%m-%d}.pdf",
            _("Rapport de l'incident du %(date)s") % {"date": f"{day:%d/%m/%Y}"},
            lambda incident=incident: render_pdf("incidents/pdf/report.html", report_context(incident, tenant.cabinet)),
        )
