"""Every change to an incident, each in the caller's transaction.

Concurrency: the views lock the incident row first (select_for_update), so
the writers of one incident queue up instead of interleaving, and each write
touches only what it owns: the fields of its form (update_fields), its own
row (a step mark upserted on its unique key, a timeline entry inserted), or a
counter incremented in SQL (F()). Two members ticking steps, adding notes or
counting sheets at the same moment therefore lose nothing, and a stale page
never writes back values it merely displayed.
"""

from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from incidents.models import CatchUpDay, Counter, EntryKind, Incident, PaperSheet, Status, StepMark, TimelineEntry
from incidents import records
from incidents.models.incidents import scenario_for
from incidents.playbooks import Step, get_playbooks
from resilience import audit


def lock(tenant, incident_id) -> Incident:
    """The incident of this cabinet, locked until the end of the request's transaction (or 404)."""
    return tenant.get(Incident.objects.select_for_update(of=("self",)), pk=incident_id)


def add_entry(incident, kind, text, user, occurred_at: datetime | None = None, **data) -> TimelineEntry:
    now = timezone.now()
    return TimelineEntry.objects.create(
        cabinet_id=incident.cabinet_id,
        incident=incident,
        kind=kind,
        text=text,
        author=user,
        recorded_at=now,
        occurred_at=occurred_at or now,
        data=data,
    )


def touch(incident, **fields) -> None:
    """Write only these fields of the incident (and its modification time)."""
    fields["updated_at"] = timezone.now()
    for name, value in fields.items():
        setattr(incident, name, value)
    Incident.objects.filter(pk=incident.pk).update(**fields)


def _who(user) -> str:
    return user.display_name if user is not None else _("quelqu'un")


# --- declaring and running ---------------------------------------------------------


def recent_duplicate(tenant, user, scenario) -> Incident | None:
    """The same person's open incident declared under two minutes ago: a double tap on a slow network."""
    since = timezone.now() - timedelta(minutes=2)
    return (
        tenant.scope(Incident)
        .filter(declared_by=user, scenario=scenario, declared_at__gte=since)
        .exclude(status=Status.CLOSED)
        .first()
    )


def declare(tenant, user, answer_key: str, aware_at: datetime | None = None, summary: str = "") -> Incident:
    library = get_playbooks()
    scenario = scenario_for(library.triage.proposal(answer_key))
    now = timezone.now()
    incident = Incident.objects.create(
        cabinet=tenant.cabinet,
        scenario=scenario,
        summary=summary,
        aware_at=aware_at or now,
        declared_by=user,
        declared_at=now,
        triage_answer=answer_key,
        playbooks_version=library.version,
    )
    answer = next(a for a in library.triage.answers if a.key == answer_key)
    add_entry(
        incident,
        EntryKind.DECLARED,
        _("Incident déclaré par %(who)s. Question : « %(q)s » Réponse : « %(a)s ». %(scenario)s proposé.")
        % {"who": _who(user), "q": library.triage.question, "a": answer.label, "scenario": incident.get_scenario_display()},
        user,
        occurred_at=now,
        answer=answer_key,
        scenario=scenario,
    )
    audit.record(
        tenant.cabinet, user, "incident.declare", _("Incident déclaré : %(s)s") % {"s": incident.get_scenario_display()}
    )
    from incidents import reminders  # the titulaires' email, sent once the declaration commits

    reminders.incident_declared(incident, user)
    return incident


def mark_step(incident, user, step: Step, state: str, reason: str = "", occurred_at: datetime | None = None) -> None:
    """Upsert the step's mark on its unique key: a second writer updates, never duplicates."""
    now = timezone.now()
    StepMark.objects.bulk_create(
        [
            StepMark(
                cabinet_id=incident.cabinet_id,
                incident=incident,
                step_key=step.key,
                state=state,
                reason=reason if state == StepMark.State.NOT_APPLICABLE else "",
                marked_by=user,
                marked_at=now,
                occurred_at=occurred_at or now,
            )
        ],
        update_conflicts=True,
        unique_fields=["incident", "step_key"],
        update_fields=["state", "reason", "marked_by", "marked_at", "occurred_at"],
    )
    text = {
        StepMark.State.DONE: _("Étape faite : %(step)s"),
        StepMark.State.NOT_APPLICABLE: _("Étape sans objet : %(step)s — raison : %(reason)s"),
        StepMark.State.OPEN: _("Étape remise à faire : %(step)s"),
    }[state] % {"step": step.text, "reason": reason}
    add_entry(incident, EntryKind.STEP, text, user, occurred_at=occurred_at, step=step.key, state=state)
    touch(incident)


def complete_recorded_steps(incident, user) -> list[Step]:
    """Mark done (or without object, with the reason) the steps whose legal record is now saved.

    A step already settled by hand is left as it is; returns the steps marked.
    """
    library = get_playbooks()
    steps = [step for key in incident.playbook_keys for step in library.get(key).steps if step.recorded_by]
    if not steps:
        return []
    settled = set(
        incident.step_marks.filter(step_key__in=[s.key for s in steps]).exclude(state=StepMark.State.OPEN).values_list("step_key", flat=True)
    )
    marked = []
    for step in steps:
        found = records.recorded(step.recorded_by, incident)
        if found is None or step.key in settled:
            continue
        state = StepMark.State.DONE if found.state == records.DONE else StepMark.State.NOT_APPLICABLE
        mark_step(incident, user, step, state, found.reason, found.occurred_at)
        marked.append(step)
    return marked


def add_note(incident, user, text: str, occurred_at: datetime | None = None) -> TimelineEntry:
    entry = add_entry(incident, EntryKind.NOTE, text, user, occurred_at=occurred_at)
    touch(incident)
    return entry


def set_status(incident, user, status: str) -> bool:
    if status == incident.status or status == Status.CLOSED or not incident.is_open:
        return False
    before = incident.get_status_display()
    touch(incident, status=status)
    after = incident.get_status_display()
    add_entry(incident, EntryKind.STATUS, _("Statut : %(a)s → %(b)s") % {"a": before, "b": after}, user, status=status)
    audit.record(incident.cabinet, user, "incident.status", _("Incident : statut %(a)s → %(b)s") % {"a": before, "b": after})
    return True


def change_scenario(incident, user, scenario: str, reason: str = "") -> bool:
    if scenario == incident.scenario:
        return False
    before = incident.get_scenario_display()
    touch(incident, scenario=scenario)
    after = incident.get_scenario_display()
    text = _("Scénario changé : %(a)s → %(b)s") % {"a": before, "b": after}
    if reason:
        text += _(" — raison : %(r)s") % {"r": reason}
    add_entry(incident, EntryKind.SCENARIO, text, user, scenario=scenario)
    audit.record(incident.cabinet, user, "incident.scenario", text, {"scenario": [before, after]})
    complete_recorded_steps(incident, user)  # the new playbook's steps already recorded
    return True


def save_section(incident, user, form, action: str, label: str) -> dict:
    """Save a section form: only its fields, audited; returns the changes."""
    fields = list(form.Meta.fields)
    before = {name: form.initial_values[name] for name in fields}
    instance = form.save(commit=False)
    after = {name: getattr(instance, name) for name in fields}
    changes = audit.diff(before, after)
    if not changes:
        return {}
    touch(incident, **after)
    audit.record(incident.cabinet, user, action, label, changes)
    return changes


def set_personal_data(incident, user, affected: bool) -> None:
    if incident.personal_data is affected:
        return
    touch(incident, personal_data=affected)
    text = (
        _("Violation de données personnelles : oui, des données de patients peuvent être touchées (registre des violations).")
        if affected
        else _("Données personnelles : non, aucune donnée de patient n'est touchée.")
    )
    add_entry(incident, EntryKind.BREACH, text, user, personal_data=affected)
    audit.record(incident.cabinet, user, "incident.breach", text)


# --- closing -----------------------------------------------------------------------


def close(incident, user, problems, reason: str = "") -> None:
    now = timezone.now()
    touch(
        incident,
        status=Status.CLOSED,
        closed_at=now,
        closed_by=user,
        close_reason=reason,
        closing_problems=[{"code": p.code, "message": p.message} for p in problems],
    )
    if problems:
        text = ngettext(
            "Incident clos par %(who)s malgré %(n)d point ouvert. Raison : %(r)s",
            "Incident clos par %(who)s malgré %(n)d points ouverts. Raison : %(r)s",
            len(problems),
        ) % {
            "who": _who(user),
            "n": len(problems),
            "r": reason,
        }
    else:
        text = _("Incident clos par %(who)s : toutes les vérifications sont faites.") % {"who": _who(user)}
    add_entry(incident, EntryKind.CLOSED, text, user, problems=[p.code for p in problems])
    audit.record(incident.cabinet, user, "incident.close", text[:300])


def reopen(incident, user) -> None:
    touch(incident, status=Status.RECOVERY, closed_at=None, closed_by=None)
    text = _("Incident rouvert par %(who)s.") % {"who": _who(user)}
    add_entry(incident, EntryKind.REOPENED, text, user)
    audit.record(incident.cabinet, user, "incident.reopen", text)


# --- paper catch-up ----------------------------------------------------------------

# A counter may not go below the one it is compared with (database constraints too).
_FLOOR = {Counter.SHEETS_TYPED: None, Counter.ACTS_BILLED: None, Counter.CONSULTATIONS: "sheets_typed", Counter.ACTS_NOTED: "acts_billed"}
_CEILING = {Counter.SHEETS_TYPED: "consultations", Counter.ACTS_BILLED: "acts_noted"}


def count(incident, day: date, counter: str, delta: int) -> bool:
    """Add delta to one counter of one day, in SQL; False when it would break a rule."""
    row, _created = CatchUpDay.objects.get_or_create(incident=incident, day=day, defaults={"cabinet_id": incident.cabinet_id})
    rows = CatchUpDay.objects.filter(pk=row.pk)
    if delta < 0:
        rows = rows.filter(**{f"{counter}__gte": -delta})
        if _FLOOR.get(counter):
            rows = rows.filter(**{f"{counter}__gte": F(_FLOOR[counter]) - delta})
    elif counter in _CEILING:
        rows = rows.filter(**{f"{counter}__lte": F(_CEILING[counter]) - delta})
    try:
        with transaction.atomic():
            updated = rows.update(**{counter: F(counter) + delta})
    except IntegrityError:
        updated = 0
    if updated:
        touch(incident)
    return bool(updated)


def add_sheets(incident, user, day: date, numbers: list[str], to_bill: bool) -> tuple[list[str], list[str]]:
    existing = set(incident.paper_sheets.filter(number__in=numbers).values_list("number", flat=True))
    new = [n for n in numbers if n not in existing]
    PaperSheet.objects.bulk_create(
        [PaperSheet(cabinet_id=incident.cabinet_id, incident=incident, day=day, number=n, to_bill=to_bill, created_by=user) for n in new],
        ignore_conflicts=True,
    )
    if new:
        add_entry(
            incident,
            EntryKind.CATCH_UP,
            _("Fiches papier enregistrées (%(day)s) : n° %(numbers)s") % {"day": day.strftime("%d/%m/%Y"), "numbers": ", ".join(new)},
            user,
        )
        touch(incident)
    return new, sorted(existing)


def update_sheet(sheet, action: str) -> None:
    now = timezone.now()
    fields = {
        "typed": {"typed_at": now},
        "untyped": {"typed_at": None},
        "billed": {"billed_at": now},
        "unbilled": {"billed_at": None},
    }[action]
    PaperSheet.objects.filter(pk=sheet.pk).update(**fields)
    for name, value in fields.items():
        setattr(sheet, name, value)


# --- timeline entries for saved sections -----------------------------------------------------


def _yes_no(value) -> str:
    return {True: _("oui"), False: _("non"), None: _("pas encore su")}[value]


def section_entries(incident, user, changes: dict) -> None:
    """Turn the changes of a saved section into timeline lines (decisions, clocks done)."""
    if "personal_data" in changes:
        add_entry(incident, EntryKind.BREACH, _("Données de patients touchées : %(v)s.") % {"v": _yes_no(incident.personal_data)}, user)
    if "high_risk" in changes:
        add_entry(incident, EntryKind.BREACH, _("Risque élevé pour les patients : %(v)s.") % {"v": _yes_no(incident.high_risk)}, user)
    if "notify_cnil" in changes or ("notify_reason" in changes and incident.notify_cnil is not None):
        touch(incident, decision_by=user, decision_at=timezone.now())
        if incident.notify_cnil is None:
            text = _("Décision sur la notification à la CNIL : pas encore prise.")
        elif incident.notify_cnil:
            text = _("Décision : notifier la CNIL.") + (f" {incident.notify_reason.strip()}" if incident.notify_reason.strip() else "")
        else:
            text = _("Décision : ne pas notifier la CNIL. Pourquoi : %(r)s") % {"r": incident.notify_reason.strip()}
        add_entry(incident, EntryKind.DECISION, text, user)
    if "cnil_notified_at" in changes and incident.cnil_notified_at:
        reference = f" (n° {incident.cnil_reference})" if incident.cnil_reference else ""
        add_entry(incident, EntryKind.CLOCK, _("Notification à la CNIL faite%(ref)s.") % {"ref": reference}, user, occurred_at=incident.cnil_notified_at)
    if "cnil_delay_reason" in changes and incident.cnil_delay_reason.strip():
        add_entry(incident, EntryKind.DECISION, _("Raison du retard de notification : %(r)s") % {"r": incident.cnil_delay_reason.strip()}, user)
    if "complaint_filed_at" in changes and incident.complaint_filed_at:
        place = f" ({incident.complaint_place})" if incident.complaint_place else ""
        add_entry(incident, EntryKind.CLOCK, _("Plainte déposée%(p)s.") % {"p": place}, user, occurred_at=incident.complaint_filed_at)
    if "ars_reported_at" in changes and incident.ars_reported_at:
        add_entry(incident, EntryKind.CLOCK, _("Incident signalé à l'ARS (CERT Santé)."), user, occurred_at=incident.ars_reported_at)
    if "patients_informed_at" in changes and incident.patients_informed_at:
        add_entry(incident, EntryKind.CLOCK, _("Patients informés (RGPD, art. 34)."), user, occurred_at=incident.patients_informed_at)
    if "patients_exemption" in changes and incident.patients_exemption:
        add_entry(incident, EntryKind.DECISION, _("Patients non informés : exception de l'art. 34 retenue. %(n)s") % {"n": incident.patients_note.strip()}, user)
