from django.urls import path

from incidents.views import catchup, closing, declare, drills, incidents, legal, offline, playbooks, steps

app_name = "incidents"

urlpatterns = [
    path("", incidents.incident_list, name="list"),
    path("que-faire/", playbooks.playbook_index, name="playbooks"),
    path("que-faire/<slug:playbook_key>/", playbooks.playbook_detail, name="playbook"),
    path("declarer/", declare.declare, name="declare"),
    path("registre/", legal.register, name="register"),
    path("exercices/", drills.drill_list, name="drills"),
    path("exercices/<int:drill_id>/", drills.drill_detail, name="drill"),
    path("exercices/<int:drill_id>/etapes/<slug:step_key>/", drills.drill_step, name="drill_step"),
    path("exercices/<int:drill_id>/terminer/", drills.drill_finish, name="drill_finish"),
    path("hors-ligne/pages/", offline.offline_pages, name="offline_pages"),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("<int:incident_id>/", incidents.incident_detail, name="detail"),
    path("<int:incident_id>/journal/", incidents.journal, name="journal"),
    path("<int:incident_id>/note/", incidents.note, name="note"),
    path("<int:incident_id>/statut/", incidents.status, name="status"),
    path("<int:incident_id>/scenario/", incidents.scenario, name="scenario"),
    path("<int:incident_id>/prise-de-connaissance/", incidents.awareness, name="awareness"),
    path("<int:incident_id>/etapes/<slug:step_key>/", steps.step_mark, name="step"),
    path("<int:incident_id>/declarations/", legal.declarations, name="declarations"),
    path("<int:incident_id>/donnees/", legal.personal_data, name="personal_data"),
    path("<int:incident_id>/violation/", legal.breach, name="breach"),
    path("<int:incident_id>/cnil/", legal.decision, name="decision"),
    path("<int:incident_id>/plainte/", legal.complaint, name="complaint"),
    path("<int:incident_id>/patients/", legal.patients, name="patients"),
    path("<int:incident_id>/brouillon-cnil/", legal.cnil_draft, name="cnil_draft"),
    path("<int:incident_id>/lettre-patients/", legal.patient_letter, name="patient_letter"),
    path("<int:incident_id>/lettre-patients.pdf", legal.patient_letter_pdf, name="patient_letter_pdf"),
    path("<int:incident_id>/suivi/", catchup.catchup, name="catchup"),
    path("<int:incident_id>/suivi/compter/", catchup.count, name="count"),
    path("<int:incident_id>/suivi/fiches/", catchup.sheets, name="sheets"),
    path("<int:incident_id>/suivi/fiches/<int:sheet_id>/", catchup.sheet, name="sheet"),
    path("<int:incident_id>/cloturer/", closing.close, name="close"),
    path("<int:incident_id>/rouvrir/", closing.reopen, name="reopen"),
    path("<int:incident_id>/rapport.pdf", closing.report, name="report"),
]
