"""Demo data: a closed scenario A incident three months ago and one drill, for "Cabinet démo".

Idempotent: each is recognised by its summary (or note) and created only once.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

from incidents.clocks import PARIS
from incidents.models import CatchUpDay, Drill, DrillStep, EntryKind, Incident, Scenario, Status, StepMark, TimelineEntry
from incidents.playbooks import get_playbooks
from resilience.demo import DEMO_CABINET
from resilience.models import User

INCIDENT_SUMMARY = "Logiciel métier inaccessible après une mise à jour (démo)"
DRILL_NOTE = "Exercice de démonstration : la clé USB n'était pas à sa place, la ranger dans le classeur."

NOT_APPLICABLE = {
    "deg_billing_scor": "Lecteur de cartes hors service : tout a été noté sur la feuille de facturation différée.",
    "deg_payment": "Le terminal de carte bancaire fonctionnait.",
    "deg_core_services": "Internet coupé au cabinet toute la matinée.",
    "exit_passwords": "Simple panne logicielle : aucun mot de passe exposé.",
}


def _paris(day, hour, minute=0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def load(cabinets: dict) -> None:
    cabinet = cabinets[DEMO_CABINET]
    titulaire = User.objects.filter(email="demo@example.org").first()
    secretary = User.objects.filter(email="secretariat@example.org").first()
    if not Incident.objects.filter(cabinet=cabinet, summary=INCIDENT_SUMMARY).exists():
        _incident(cabinet, titulaire, secretary)
    if not Drill.objects.filter(cabinet=cabinet, note=DRILL_NOTE).exists():
        _drill(cabinet, titulaire)


def _incident(cabinet, titulaire, secretary):
    library = get_playbooks()
    day = timezone.localdate() - timedelta(days=91)
    aware = _paris(day, 8, 40)
    closed = _paris(day + timedelta(days=2), 18, 0)
    incident = Incident.objects.create(
        cabinet=cabinet,
        scenario=Scenario.A,
        status=Status.CLOSED,
        summary=INCIDENT_SUMMARY,
        aware_at=aware,
        declared_by=secretary,
        declared_at=aware + timedelta(minutes=5),
        triage_answer="triage_no",
        playbooks_version=library.version,
        personal_data=True,
        high_risk=False,
        breach_nature="Indisponibilité du logiciel métier pendant 30 heures après une mise à jour défectueuse de l'éditeur. Aucune perte ni fuite de données.",
        data_categories="Dossiers médicaux, agenda, coordonnées des patients.",
        people_affected=2400,
        records_affected=2400,
        contact_point="Dr Claire Martin, titulaire — 05 56 00 00 00 — demo@example.org",
        likely_consequences="Historique des patients inaccessible pendant 30 heures ; soins assurés sur papier, sans conséquence connue.",
        measures_taken="Mode dégradé papier, mise à jour annulée par l'éditeur, données vérifiées intactes.",
        measures_planned="Demander à l'éditeur un environnement de test avant chaque mise à jour.",
        notify_cnil=False,
        notify_reason="Indisponibilité courte, données intactes et restaurées sans perte : pas de risque pour les patients.",
        decision_by=titulaire,
        decision_at=aware + timedelta(hours=6),
        closed_at=closed,
        closed_by=titulaire,
        updated_at=closed,
    )
    minute = 5
    for playbook_key in incident.playbook_keys:
        for step in library.get(playbook_key).steps:
            at = aware + timedelta(minutes=minute)
            minute += 25 if playbook_key != "exit" else 180
            state = StepMark.State.NOT_APPLICABLE if step.key in NOT_APPLICABLE else StepMark.State.DONE
            StepMark.objects.create(
                cabinet=cabinet, incident=incident, step_key=step.key, state=state, reason=NOT_APPLICABLE.get(step.key, ""),
                marked_by=secretary, marked_at=at, occurred_at=at,
            )
            text = f"Étape faite : {step.text}" if state == StepMark.State.DONE else f"Étape sans objet : {step.text} — raison : {NOT_APPLICABLE[step.key]}"
            _entry(incident, EntryKind.STEP, text, secretary, at)
    _entry(incident, EntryKind.DECLARED, "Incident déclaré par Julie Bernard. Réponse : « Non, le logiciel ou le poste est juste en panne ». Scénario A proposé.", secretary, aware + timedelta(minutes=5))
    _entry(incident, EntryKind.STATUS, "Statut : En cours → Mode dégradé", secretary, aware + timedelta(minutes=40))
    _entry(incident, EntryKind.NOTE, "L'éditeur confirme un incident sur sa dernière mise à jour, correctif prévu demain matin.", titulaire, aware + timedelta(hours=2))
    _entry(incident, EntryKind.BREACH, "Données de patients touchées : oui (indisponibilité).", titulaire, aware + timedelta(hours=6))
    _entry(incident, EntryKind.DECISION, f"Décision : ne pas notifier la CNIL. Pourquoi : {incident.notify_reason}", titulaire, aware + timedelta(hours=6))
    _entry(incident, EntryKind.STATUS, "Statut : Mode dégradé → Rétablissement", secretary, aware + timedelta(hours=30))
    _entry(incident, EntryKind.CLOSED, "Incident clos par Claire Martin : toutes les vérifications sont faites.", titulaire, closed)
    for offset, consultations in ((0, 22), (1, 9)):
        CatchUpDay.objects.create(
            cabinet=cabinet, incident=incident, day=day + timedelta(days=offset),
            consultations=consultations, sheets_typed=consultations, acts_noted=consultations, acts_billed=consultations,
        )


def _entry(incident, kind, text, author, at):
    TimelineEntry.objects.create(cabinet=incident.cabinet, incident=incident, kind=kind, text=text, author=author, recorded_at=at, occurred_at=at)


def _drill(cabinet, titulaire):
    library = get_playbooks()
    playbook = library.get("scenario_b")
    started = _paris(timezone.localdate() - timedelta(days=40), 12, 30)
    covered = list(playbook.step_keys()[:9])
    drill = Drill.objects.create(
        cabinet=cabinet,
        playbook_key=playbook.key,
        playbooks_version=library.version,
        started_at=started,
        started_by=titulaire,
        finished_at=started + timedelta(minutes=14),
        finished_by=titulaire,
        covered_steps=covered,
        note=DRILL_NOTE,
    )
    for index, key in enumerate(covered):
        DrillStep.objects.create(cabinet=cabinet, drill=drill, step_key=key, done_by=titulaire, done_at=started + timedelta(minutes=index + 1))
