"""Legal records that complete playbook steps.

Recording the complaint, the CNIL notification or decision, the patients'
information or the ARS report in their forms is doing the matching step: the
playbook file names the record a step is completed by (`recorded_by:`), and
this module says, from the incident's fields, whether that record is there.
One mapping, so the incident page, the closing check and the report agree.

Pure: reads plain attributes of the incident, writes nothing.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

DONE = "done"
NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Recorded:
    state: str  # DONE or NOT_APPLICABLE
    occurred_at: datetime | None
    reason: str = ""


def _complaint(incident):
    if incident.complaint_filed_at:
        return Recorded(DONE, incident.complaint_filed_at)
    return None


def _ars_report(incident):
    if incident.ars_reported_at:
        return Recorded(DONE, incident.ars_reported_at)
    return None


def _cnil(incident):
    if incident.cnil_notified_at:
        return Recorded(DONE, incident.cnil_notified_at)
    if incident.notify_cnil is False and incident.notify_reason.strip():
        return Recorded(NOT_APPLICABLE, incident.decision_at, _("Décision : ne pas notifier la CNIL. %(r)s") % {"r": incident.notify_reason.strip()})
    if incident.personal_data is False:
        return Recorded(NOT_APPLICABLE, None, _("Aucune donnée de patient n'est touchée."))
    return None


def _patients(incident):
    if incident.patients_informed_at:
        return Recorded(DONE, incident.patients_informed_at)
    if incident.patients_exemption and incident.patients_note.strip():
        return Recorded(NOT_APPLICABLE, None, _("Exception de l'art. 34 retenue. %(n)s") % {"n": incident.patients_note.strip()})
    if incident.personal_data is False:
        return Recorded(NOT_APPLICABLE, None, _("Aucune donnée de patient n'est touchée."))
    return None


RECORDS = {
    "complaint": _complaint,
    "ars_report": _ars_report,
    "cnil": _cnil,
    "patients": _patients,
}


def recorded(record: str, incident) -> Recorded | None:
    """What the incident's legal record says of the step it completes, or None while not recorded."""
    return RECORDS[record](incident)
