"""An iCalendar file (RFC 5545) of the review's deadlines and planned dates, written with the icalendar package.

All-day events (DTSTART and DTEND as dates); DTSTAMP is the day an entry's sequence began, so two runs over an
unchanged review write the same bytes. A reminder (VALARM) fires at 09:00 on its day, written as a duration
before the event's start so that it follows the event in every time zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta

import icalendar

from scr_cli import __version__
from scr_cli.review.agenda import AgendaEntry, Stamp

REMINDER_HOUR = 9


def _event(entry: AgendaEntry, stamp: Stamp) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", datetime.combine(stamp.stamped, time(0), tzinfo=UTC))
    event.add("sequence", stamp.sequence)
    event.add("dtstart", entry.day)
    event.add("dtend", entry.day + timedelta(days=1))
    event.add("summary", entry.summary)
    event.add("description", entry.description)
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    event.add("categories", ["scr"])
    if entry.alarm_on is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"Reminder: {entry.summary}")
        alarm.add("trigger", timedelta(days=-(entry.day - entry.alarm_on).days, hours=REMINDER_HOUR))
        event.add_component(alarm)
    return event


def calendar_bytes(entries: list[AgendaEntry], stamps: Mapping[str, Stamp], name: str) -> bytes:
    """The whole calendar, entries in the order given."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//scr//scr calendar {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for entry in entries:
        cal.add_component(_event(entry, stamps[entry.uid]))
    data: bytes = cal.to_ical()
    return data
