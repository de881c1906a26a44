"""The legal side of an incident: personal data, CNIL, complaint, patients, register, drafts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from incidents import drafts, services, summary
from incidents.forms import BreachForm, ComplaintForm, DecisionForm, PatientsForm
from incidents.models import Incident
from incidents.playbooks import get_playbooks
from incidents.views.common import closed_response, form_page, incident_for, stored_values
from resilience.models import Role
from resilience.pdf import pdf_response
from resilience.tenancy import cabinet_view

# The legal decisions of an incident (notify the CNIL or not, inform the patients or not) are taken
# by those who answer for the data; the secrétariat sees the forms and prepares the drafts.
DECISION_SECTIONS = {"decision", "patients"}
DECIDING_ROLES = {Role.TITULAIRE, Role.PRATICIEN}


def may_decide(tenant) -> bool:
    return tenant.role in DECIDING_ROLES


@cabinet_view
def declarations(request, incident_id):
    incident = request.tenant.get(Incident, pk=incident_id)
    library = get_playbooks()
    views = summary.clock_views(incident)
    return render(
        request,
        "incidents/declarations.html",
        {
            "incident": incident,
            "clocks": {view.kind: view for view in views},
            "delay_reason_needed": incident.is_open and summary.cnil_delay_reason_needed(incident, views),
            "help_links": {link.key: link for link in library.help_links},
            "may_decide": may_decide(request.tenant),
            "patient_information": library.patient_information,
            "exemption": next((e for e in library.patient_information.exemptions if e.key == incident.patients_exemption), None),
        },
    )


@cabinet_view
@require_POST
def personal_data(request, incident_id):
    """The one-tap answer on the incident page: are patients' data touched?"""
    incident = incident_for(request, incident_id)
    if not incident.is_open:
        return closed_response(request, incident)
    answer = request.POST.get("personal_data")
    if answer not in ("oui", "non"):
        return HttpResponseBadRequest(_("Réponse inconnue."))
    services.set_personal_data(incident, request.user, answer == "oui")
    services.complete_recorded_steps(incident, request.user)
    if answer == "oui":
        messages.warning(
            request,
            _("Violation de données notée au registre. Notification à la CNIL : au plus tard 72 h après la prise de connaissance."),
        )
    return redirect("incidents:detail", incident_id=incident.pk)


SECTIONS = {
    "breach": (
        BreachForm,
        "incident.breach",
        gettext_lazy("Violation de données : description modifiée"),
        gettext_lazy("La violation de données"),
        gettext_lazy("Ce que la CNIL demande (RGPD, art. 33). Des catégories et des nombres approximatifs : jamais de nom de patient."),
    ),
    "decision": (
        DecisionForm,
        "incident.decision",
        gettext_lazy("Notification CNIL : décision ou notification enregistrée"),
        gettext_lazy("Notifier la CNIL ?"),
        gettext_lazy("Au plus tard 72 h après la prise de connaissance, sauf si la violation ne présente pas de risque pour les patients. Notifier ou non, la décision et sa raison sont gardées au registre des violations."),
    ),
    "complaint": (
        ComplaintForm,
        "incident.complaint",
        gettext_lazy("Plainte ou signalement ARS enregistré"),
        gettext_lazy("Plainte et signalement"),
        gettext_lazy("La plainte au commissariat ou à la gendarmerie, au plus tard 72 h après la découverte de l'attaque, conditionne l'indemnisation par l'assurance cyber. Le signalement à l'ARS est facultatif pour un cabinet libéral."),
    ),
    "patients": (
        PatientsForm,
        "incident.patients",
        gettext_lazy("Information des patients enregistrée"),
        gettext_lazy("Informer les patients"),
        gettext_lazy("Si le risque pour les patients est élevé : sans délai injustifié, en termes clairs (RGPD, art. 34)."),
    ),
}


def _section(request, incident_id, key):
    form_class, action, label, title, intro = SECTIONS[key]
    read_only = key in DECISION_SECTIONS and not may_decide(request.tenant)
    if read_only and request.method == "POST":
        raise PermissionDenied(_("Seuls le titulaire et les praticiens enregistrent cette décision."))
    incident = incident_for(request, incident_id, shown=form_class.Meta.fields)
    if not incident.is_open:
        return closed_response(request, incident)
    form = form_class(request.POST if request.method == "POST" else None, instance=incident)
    if read_only:
        for field in form.fields.values():
            field.disabled = True
        form.helper.inputs = []
    if key == "complaint" and incident.scenario == "A":
        for name in ("complaint_filed_at", "complaint_place"):  # no complaint clock for a plain failure
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        changes = services.save_section(incident, request.user, form, action, str(label))
        services.section_entries(incident, request.user, changes)
        if changes:
            services.complete_recorded_steps(incident, request.user)
        messages.success(request, _("Enregistré.") if changes else _("Rien n'a changé."))
        return redirect("incidents:declarations", incident_id=incident.pk)
    return form_page(
        request,
        {
            "incident": incident,
            "form": form,
            "title": title,
            "intro": intro,
            "stored_values": stored_values(form) if form.conflict else None,
            "back_url_name": "incidents:declarations",
            "read_only_notice": read_only,
        },
    )


@cabinet_view
def breach(request, incident_id):
    return _section(request, incident_id, "breach")


@cabinet_view
def decision(request, incident_id):
    return _section(request, incident_id, "decision")


@cabinet_view
def complaint(request, incident_id):
    return _section(request, incident_id, "complaint")


@cabinet_view
def patients(request, incident_id):
    return _section(request, incident_id, "patients")


@cabinet_view
def cnil_draft(request, incident_id):
    incident = request.tenant.get(Incident, pk=incident_id)
    sections = drafts.cnil_sections(incident, request.tenant.cabinet)
    return render(
        request,
        "incidents/cnil_draft.html",
        {"incident": incident, "sections": sections, "complete": all(s.complete for s in sections)},
    )


@cabinet_view
def patient_letter(request, incident_id):
    incident = request.tenant.get(Incident, pk=incident_id)
    return render(
        request,
        "incidents/patient_letter.html",
        {"incident": incident, "letter": drafts.patient_letter(incident, request.tenant.cabinet), "cabinet": request.tenant.cabinet},
    )


@cabinet_view
def patient_letter_pdf(request, incident_id):
    incident = request.tenant.get(Incident, pk=incident_id)
    cabinet = request.tenant.cabinet
    return pdf_response(
        "incidents/pdf/patient_letter.html",
        {"incident": incident, "letter": drafts.patient_letter(incident, cabinet), "cabinet": cabinet},
        f"lettre-patients-{cabinet.name}",
    )


@cabinet_view
def register(request):
    return render(request, "incidents/register.html", {"rows": drafts.register_rows(request.tenant)})
