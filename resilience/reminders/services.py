"""The sweep: derive reminder rows from stored state, then claim and send them.

Exactly once, as healthchecks' sendalerts does it: a row exists once thanks to
its unique key (INSERT ... ON CONFLICT DO NOTHING), and a row or digest is sent
only by whoever flips its status with a conditional UPDATE. Two sweeps at once,
a late sweep or one after days of downtime therefore send each reminder once;
only the latest stage of an item is ever inserted. Redis only carries work:
everything to send is in the database, and the next sweep re-queues it.
"""

import io
import logging
from collections import defaultdict
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from resilience.models import Cabinet, DeliveryStatus, Digest, Membership, Reminder, ReminderProfile, ReminderSettings, Role
from resilience.models.reminders import DEFAULT_DIGEST_HOUR
from resilience.reminders import registry
from resilience.reminders.stages import PARIS, escalated, latest_digest_hour, local_day, retry_delay, stage_reached

logger = logging.getLogger(__name__)

BATCH_SIZE = 5000  # cabinets per batch: a fixed number of queries each (bench: faster than 2,000)
CLAIM_TIMEOUT = timedelta(minutes=10)  # a claim older than this belonged to a worker that died
MAX_ATTEMPTS = 8
DIGEST_KIND = "digest"  # the unsubscribe key that turns off every non-urgent email
OPEN = (DeliveryStatus.PENDING, DeliveryStatus.RETRY)

__all__ = ["PARIS", "sweep", "refresh", "record_event"]


def _members(cabinet_ids) -> dict[int, tuple[set[int], set[int]]]:
    """cabinet id -> (every member's user id, the titulaires' user ids), for these cabinets (ids or a range).

    Without `order_by()` the membership's default ordering (by the user's email)
    joined and sorted the whole user table on every batch.
    """
    members = {}
    rows = Membership.objects.filter(registry.in_cabinets(cabinet_ids)).order_by().values_list("cabinet_id", "user_id", "role")
    for cabinet_id, user_id, role in rows:
        pair = members.get(cabinet_id)
        if pair is None:
            pair = members[cabinet_id] = (set(), set())
        pair[0].add(user_id)
        if role == Role.TITULAIRE:
            pair[1].add(user_id)
    return members


def _muted(cabinet_ids) -> dict[int, set[str]]:
    """The kinds each member of these cabinets turned off (one query; most people turn nothing off)."""
    members = Membership.objects.filter(registry.in_cabinets(cabinet_ids)).order_by().values("user_id")
    return {
        user_id: set(kinds)
        for user_id, kinds in ReminderProfile.objects.filter(user_id__in=members)
        .exclude(muted_kinds=[])
        .values_list("user_id", "muted_kinds")
    }


NOBODY = (frozenset(), frozenset())


def _recipient_ids(item: registry.DueItem, members: tuple[set[int], set[int]], escalate: bool) -> set[int]:
    everyone, titulaires = members
    if item.recipients == registry.ALL_MEMBERS:
        ids = set(everyone)
    elif item.recipients == registry.TITULAIRES:
        ids = set(titulaires)
    else:
        ids = set(item.recipients) & everyone or set(titulaires)  # an owner who left: the titulaire takes over
    if escalate:
        ids |= titulaires
    return ids


def _status_for(kind: registry.Kind | None, muted: set[str]) -> str:
    if kind is not None and not kind.urgent and (kind.key in muted or DIGEST_KIND in muted):
        return DeliveryStatus.IN_APP
    return DeliveryStatus.PENDING


ROW_FIELDS = ("cabinet_id", "kind", "item_id", "due", "stage", "recipient_id", "urgent", "title", "why", "url", "status")
KEY_LENGTH = 6  # a row's first six fields are its unique key


def _staged(items, today) -> list[tuple[registry.DueItem, int]]:
    """Each item whose reminder stage is reached, with that stage (urgent providers give theirs)."""
    staged = []
    for item in items:
        stage = item.stage if item.stage is not None else stage_reached(item.due, today)
        if stage is not None:
            staged.append((item, stage))
    return staged


def _rows(staged, members_by_cabinet, muted_by_user, today):
    """(rows as tuples in ROW_FIELDS order, the set of current (cabinet, kind, item, due, stage) keys)."""
    rows, current = [], set()
    no_mute = set()
    kinds = {kind.key: kind for kind in registry.kinds()}
    for item, stage in staged:
        kind = kinds.get(item.kind)
        current.add((item.cabinet_id, item.kind, item.item_id, item.due, stage))
        title, why, url = str(item.title)[:300], str(item.why)[:300], item.url[:300]
        urgent = bool(kind and kind.urgent)
        escalate = item.stage is None and escalated(item.due, today)
        for user_id in _recipient_ids(item, members_by_cabinet.get(item.cabinet_id, NOBODY), escalate):
            status = _status_for(kind, muted_by_user.get(user_id, no_mute))
            rows.append((item.cabinet_id, item.kind, item.item_id, item.due, stage, user_id, urgent, title, why, url, status))
    return rows, current


# The rows of one batch are COPied into a temporary table, then inserted in one statement: COPY is the
# cheapest way into PostgreSQL (bench: about twice as fast as a multi-row VALUES or unnest of arrays).
INCOMING = """
CREATE TEMPORARY TABLE IF NOT EXISTS reminder_incoming (
    cabinet_id bigint, kind varchar(40), item_id bigint, due date, stage smallint, recipient_id bigint,
    urgent boolean, title varchar(300), why varchar(300), url varchar(300), status varchar(12)
) ON COMMIT DELETE ROWS
"""
INSERT_INCOMING = """
INSERT INTO {table} ({columns}, created_at, attempts, last_error)
SELECT {columns}, now(), 0, '' FROM reminder_incoming
ON CONFLICT DO NOTHING
"""
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(rows) -> io.StringIO:
    """Rows (in ROW_FIELDS order) in COPY's text format; no NULL: every field of a new reminder row has a value."""
    escaped = {}  # a batch repeats the same few titles, reasons and kinds thousands of times

    def text(value: str) -> str:
        if value not in escaped:
            escaped[value] = value.translate(COPY_ESCAPES)
        return escaped[value]

    return io.StringIO(
        "".join(
            f"{cabinet}\t{text(kind)}\t{item}\t{due}\t{stage}\t{recipient}\t{'t' if urgent else 'f'}\t"
            f"{text(title)}\t{text(why)}\t{text(url)}\t{status}\n"
            for cabinet, kind, item, due, stage, recipient, urgent, title, why, url, status in rows
        )
    )


def _insert(rows) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: a row that exists (another sweep made it) is left alone."""
    if not rows:
        return
    if connection.vendor != "postgresql":  # the quick start's SQLite
        Reminder.objects.bulk_create([Reminder(**dict(zip(ROW_FIELDS, row))) for row in rows], ignore_conflicts=True)
        return
    columns = ", ".join(ROW_FIELDS)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(INCOMING)
        cursor.execute("DELETE FROM reminder_incoming")  # left by an earlier batch of the same outer transaction
        cursor.copy_expert(f"COPY reminder_incoming ({columns}) FROM STDIN", copy_text(rows))
        cursor.execute(INSERT_INCOMING.format(table=Reminder._meta.db_table, columns=columns))


def _known_rows(cabinet_ids, staged):
    """The batch's rows the sweep must know: the open ones of swept kinds, and any with a current item's key.

    One query. The second part lets the sweep offer the INSERT only rows that do
    not exist yet (in a steady state, none); it selects by kind and item id, so a
    current item's earlier stages come too and are told apart in Python.
    """
    by_kind = defaultdict(set)
    for item, _stage in staged:
        by_kind[item.kind].add(item.item_id)
    wanted = Q(status__in=OPEN, kind__in=registry.swept_kinds())
    for kind, item_ids in by_kind.items():
        wanted |= Q(kind=kind) & registry.any_of("item_id", sorted(item_ids))
    return Reminder.objects.filter(registry.in_cabinets(cabinet_ids)).filter(wanted).values_list(
        "id", "cabinet_id", "kind", "item_id", "due", "stage", "recipient_id", "status"
    )


def refresh(cabinet_ids, now: datetime) -> int:
    """Bring these cabinets' reminder rows in line with what is due now; returns the number of rows inserted or found.

    A fixed number of queries for the batch: each provider once, the members
    and their preferences (when something is due), the rows it
    must know (open, or with a current key), one INSERT ... ON CONFLICT DO
    NOTHING of the missing rows, one UPDATE cancelling the open rows that no
    longer stand (item done, deleted, rescheduled, or superseded by a later stage).
    """
    today = local_day(now)
    staged = _staged(registry.due_items(cabinet_ids, now), today)
    # Only the cabinets with something due (about four in ten): their ids as one array parameter.
    members = _members(sorted({item.cabinet_id for item, _stage in staged})) if staged else {}
    muted = _muted(cabinet_ids) if staged else {}
    rows, current = _rows(staged, members, muted, today)
    swept = set(registry.swept_kinds())
    existing, stale = set(), []
    for reminder_id, *key, status in _known_rows(cabinet_ids, staged):
        key = tuple(key)
        existing.add(key)
        if status in OPEN and key[1] in swept and key[:5] not in current:
            stale.append(reminder_id)
    _insert([row for row in rows if row[:KEY_LENGTH] not in existing])
    if stale:
        Reminder.objects.filter(id__in=stale, status__in=OPEN).update(status=DeliveryStatus.CANCELLED)
    return len(rows)


def record_event(*, cabinet_id, kind, item_id, day, title, why, url, recipients=registry.TITULAIRES) -> list[int]:
    """The rows of an event to tell at once (an incident declared): the ids still to send (`tasks.notify_now`)."""
    item = registry.DueItem(cabinet_id, kind, item_id, day, title, why, url, recipients=recipients, stage=0)
    rows, _current = _rows([(item, 0)], _members([cabinet_id]), {}, day)
    _insert(rows)
    return list(
        Reminder.objects.filter(
            cabinet_id=cabinet_id, kind=kind, item_id=item_id, status=DeliveryStatus.PENDING
        ).values_list("id", flat=True)
    )


def refresh_on_commit(cabinet_id) -> None:
    """After a watched model changes: cancel what no longer stands without waiting for the sweep."""

    def run():
        try:
            refresh([cabinet_id], timezone.now())
        except Exception:  # never fail the user's action for a reminder; the sweep will redo it
            logger.exception("reminder refresh failed for cabinet %s", cabinet_id)

    transaction.on_commit(run)


# Who is waiting is read first (one row per person, not per pending reminder), then each person's
# hour and whether today's digest exists are looked up once (bench: the per-row version evaluated
# both for each of 92,661 reminders, 55,329 people).
DIGESTS_DUE = """
INSERT INTO {digest} (recipient_id, day, status, attempts, last_error, created_at)
SELECT w.recipient_id, %s, 'pending', 0, '', %s
FROM (SELECT DISTINCT r.recipient_id FROM {reminder} r WHERE r.status = 'pending' AND NOT r.urgent) w
LEFT JOIN {profile} p ON p.user_id = w.recipient_id
WHERE NOT EXISTS (SELECT 1 FROM {digest} d WHERE d.recipient_id = w.recipient_id AND d.day = %s)
  AND COALESCE(
        p.digest_hour,
        (SELECT min(COALESCE(s.digest_hour, {default_hour})) FROM {membership} m
         LEFT JOIN {settings} s ON s.cabinet_id = m.cabinet_id WHERE m.user_id = w.recipient_id)
      ) <= %s
ON CONFLICT DO NOTHING
"""


def due_digests(now: datetime) -> list[int]:
    """Create today's digest of each person whose hour has come and who has something pending; the ids to send.

    One statement, set-based: a person's hour is their own choice, else the
    earliest hour of their cabinets (08:00 by default).
    """
    today = local_day(now)
    hour = latest_digest_hour(now)
    if hour >= 0:
        sql = DIGESTS_DUE.format(
            digest=Digest._meta.db_table,
            reminder=Reminder._meta.db_table,
            profile=ReminderProfile._meta.db_table,
            membership=Membership._meta.db_table,
            settings=ReminderSettings._meta.db_table,
            default_hour=DEFAULT_DIGEST_HOUR,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [today, now, today, hour])
    stale = now - CLAIM_TIMEOUT
    return list(
        Digest.objects.filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
        ).values_list("id", flat=True)
    )


def due_urgent(now: datetime) -> list[int]:
    stale = now - CLAIM_TIMEOUT
    return list(
        Reminder.objects.filter(urgent=True)
        .filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=stale)
        )
        .values_list("id", flat=True)
    )


def sweep(now: datetime | None = None, batch_size: int = BATCH_SIZE) -> dict:
    """Refresh every cabinet batch by batch (keyset pagination), then list what to send."""
    now = now or timezone.now()
    rows, last_id = 0, 0
    while True:
        ids = list(Cabinet.objects.filter(id__gt=last_id).order_by("id").values_list("id", flat=True)[:batch_size])
        if not ids:
            break
        rows += refresh(registry.CabinetRange(ids[0], ids[-1]), now)
        last_id = ids[-1]
    return {"rows": rows, "digests": due_digests(now), "urgent": due_urgent(now)}


def claim(queryset, now: datetime) -> bool:
    """The conditional UPDATE: True for exactly one caller, whoever flips the status first."""
    return (
        queryset.filter(
            Q(status=DeliveryStatus.PENDING)
            | Q(status=DeliveryStatus.RETRY, next_attempt_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_at__lt=now - CLAIM_TIMEOUT)
        ).update(status=DeliveryStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        == 1
    )


def failed(attempts: int, now: datetime, error: Exception) -> dict:
    final = attempts >= MAX_ATTEMPTS
    return {
        "status": DeliveryStatus.FAILED if final else DeliveryStatus.RETRY,
        "next_attempt_at": None if final else now + retry_delay(attempts),
        "last_error": f"{type(error).__name__}: {error}"[:300],
    }
