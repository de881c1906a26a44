"""iCalendar output of due items (the `icalendar` package): stable UIDs, UTC times, an alarm the day before."""

from datetime import datetime, time, timedelta, timezone as dt_timezone

from django.conf import settings
from icalendar import Alarm, Calendar, Event

from resilience.reminders.registry import DueItem
from resilience.reminders.stages import PARIS

EVENT_HOUR = 9  # a dated check shows at 09:00 Paris time, for an hour
DOMAIN = "resilience-cabinet"


def uid(item: DueItem) -> str:
    """Stable across reschedules: the same event moves instead of a new one appearing."""
    return f"{item.kind}-{item.item_id}@{DOMAIN}"


def _start(item: DueItem) -> datetime:
    if item.starts_at is not None:
        return item.starts_at.astimezone(dt_timezone.utc)
    return datetime.combine(item.due, time(EVENT_HOUR), tzinfo=PARIS).astimezone(dt_timezone.utc)


def event(item: DueItem, stamp: datetime) -> Event:
    start = _start(item)
    entry = Event()
    entry.add("uid", uid(item))
    entry.add("dtstamp", stamp.astimezone(dt_timezone.utc))
    entry.add("dtstart", start)
    entry.add("dtend", start + timedelta(hours=1))
    entry.add("summary", str(item.title))
    entry.add("description", f"{item.why}\n{settings.SITE_URL.rstrip('/')}{item.url}")
    entry.add("url", settings.SITE_URL.rstrip("/") + item.url)
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", str(item.title))
    alarm.add("trigger", timedelta(days=-1))
    entry.add_component(alarm)
    return entry


def calendar(name: str, items: list[DueItem], stamp: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Résilience cabinet//rappels//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "UTC")
    for item in sorted(items, key=lambda i: (i.due, i.kind, i.item_id)):
        cal.add_component(event(item, stamp))
    return cal.to_ical()
