"""Demo data of the self-assessment (registered with resilience.demo from ready()).

"Cabinet démo" gets an assessment finished six months ago, with weak backups and
no support contact, and a few of its actions already followed up: the dashboard
then shows a score, a history and open priorities, and a new assessment has
something to compare with. Idempotent: a second run updates the same rows.
"""

from datetime import timedelta

from django.utils import timezone

from resilience.assessment import scoring
from resilience.assessment.questionnaire import get_questionnaire
from resilience.demo import DEMO_CABINET
from resilience.models import ActionItem, ActionStatus, Answer, Assessment, Membership, Role

SIX_MONTHS = timedelta(days=182)

# Everything else is answered "Oui".
DEMO_ANSWERS = {
    # Weak backups.
    "backup_exists": "partial",
    "backup_automatic": "unknown",
    "backup_recent": "no",
    "backup_restore_tested": "no",
    "backup_offline": "no",
    "backup_encrypted": "unknown",
    "backup_two_places": "no",
    "backup_cloud_hds": "na",
    # No support contact.
    "support_contact_identified": "no",
    "support_contact_displayed": "no",
    "support_contact_shared": "no",
    # Shared access and no two-step verification.
    "password_unique": "partial",
    "account_individual": "no",
    "password_manager": "no",
    "mfa_practice_software": "unknown",
    "mfa_mail": "no",
    "mfa_agenda": "na",
    # A few more gaps further down the plan.
    "incident_keep_on_disconnect": "no",
    "incident_cnil_72h": "no",
    "degraded_kit_ready": "partial",
    "updates_system": "partial",
    "wifi_guests_separated": "no",
    "gdpr_register_kept": "no",
    "provider_contract_reviewed": "unknown",
    "dmp_fr_access": "no",
}

# Follow-up of some actions: (status, owner role, days until due, reason).
DEMO_FOLLOW_UP = {
    "backups_verify": (ActionStatus.IN_PROGRESS, Role.TITULAIRE, 14, ""),
    "support_contact": (ActionStatus.TODO, Role.SECRETARIAT, 7, ""),
    "access_check_mfa": (ActionStatus.DONE, Role.TITULAIRE, None, ""),
    "network_secure": (
        ActionStatus.DROPPED,
        None,
        None,
        "Pas de Wi-Fi pour les patients : la salle d'attente n'a pas d'accès.",
    ),
}


def demo_answers(questionnaire) -> dict[str, str]:
    return {q.key: DEMO_ANSWERS.get(q.key, "yes") for q in questionnaire.questions}


def load_demo_assessment(cabinets) -> Assessment:
    cabinet = cabinets[DEMO_CABINET]
    questionnaire = get_questionnaire(1)  # six months old: answered on version 1, before issue 10
    answers = demo_answers(questionnaire)
    finished_at = timezone.now() - SIX_MONTHS
    owners = {m.role: m for m in Membership.objects.filter(cabinet=cabinet).select_related("user").order_by("created_at")}
    titulaire = owners.get(Role.TITULAIRE)
    defaults = {
        "questionnaire_version": questionnaire.version,
        "started_at": finished_at - timedelta(minutes=25),
        "finished_at": finished_at,
        "started_by": titulaire.user if titulaire else None,
        "finished_by": titulaire.user if titulaire else None,
        "score": scoring.overall_score(questionnaire, answers),
        "theme_scores": scoring.theme_scores(questionnaire, answers),
    }
    # The demo assessment is the cabinet's oldest finished one; later ones made while trying the demo stay.
    assessment = Assessment.objects.finished().filter(cabinet=cabinet).order_by("finished_at").first()
    if assessment is None:
        assessment = Assessment.objects.create(cabinet=cabinet, **defaults)
    else:
        Assessment.objects.filter(pk=assessment.pk).update(**defaults)
    for key, code in answers.items():
        Answer.objects.update_or_create(
            cabinet=cabinet, assessment=assessment, question_key=key, defaults={"code": code, "answered_by": defaults["started_by"]}
        )
    Answer.objects.filter(assessment=assessment).exclude(question_key__in=answers).delete()

    plan = scoring.action_plan(questionnaire, answers)
    today = timezone.localdate()
    for position, item in enumerate(plan):
        status, role, due_in, reason = DEMO_FOLLOW_UP.get(item.action, (ActionStatus.TODO, None, None, ""))
        ActionItem.objects.update_or_create(
            cabinet=cabinet,
            assessment=assessment,
            action_key=item.action,
            defaults={
                "rank": item.rank,
                "position": position,
                "answer": item.answer,
                "status": status,
                "owner": owners.get(role) if role else None,
                "due_date": today + timedelta(days=due_in) if due_in is not None else None,
                "dropped_reason": reason,
            },
        )
    ActionItem.objects.filter(assessment=assessment).exclude(action_key__in=[i.action for i in plan]).delete()
    return assessment

