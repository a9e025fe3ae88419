"""What `scr calendar` puts in people's calendars: every running deadline and every planned date. Pure.

Each entry carries a UID that stays the same from run to run (`<reference>-<clock>@scr`), so a calendar that
imports the file again updates the entry instead of adding a second one; its SEQUENCE rises each time its date
moves, from the dates the previous run wrote (kept in the review, see store/calendar_state.py). Titles come
from the regime and the review's reference only: never a person's name or a free-text note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from scr_cli.review.clocks import ClockStatus, WorkingCalendar
from scr_cli.review.model import Review
from scr_cli.review.planning import logged
from scr_cli.review.regime import Regime


@dataclass(frozen=True)
class AgendaEntry:
    """One all-day calendar entry."""

    uid: str
    day: date
    summary: str
    description: str
    alarm_on: date | None = None  # the day of the reminder before a statutory deadline
    kind: str = "deadline"  # deadline | planned


@dataclass(frozen=True)
class Stamp:
    """What the last run wrote for a UID: its date, its sequence number and the day that sequence began."""

    day: date
    sequence: int
    stamped: date


def uid_part(text: str) -> str:
    """Text made safe for a UID: letters, digits and hyphens."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "review"


def _clock_entry(c: ClockStatus, review: Review, regime: Regime, alarm_days: int, cal: WorkingCalendar) -> AgendaEntry:
    assert c.due is not None
    ref = review.info.reference
    spec = next((s for s in regime.clocks if s.id == c.id), None)
    kind = "statutory deadline" if c.statutory else "local target"
    lines = [f"Review {ref}: {kind}, {c.rule}.",
             f"Counted back from the planned date {c.start}." if c.anchor_planned else f"Started {c.start}."]
    if c.falls_on:
        lines.append(f"The date is a {c.falls_on}; the rules do not move it.")
    if spec is not None and spec.source:
        lines.append(f"Source: {spec.source}.")
    alarm = cal.subtract_working_days(c.due, alarm_days) if c.statutory and alarm_days > 0 else None
    return AgendaEntry(f"{uid_part(ref)}-{c.id}@scr", c.due, f"{ref}: {c.title} (due)", "\n".join(lines), alarm)


def agenda(clocks: list[ClockStatus], review: Review, regime: Regime, alarm_days: int,
           cal: WorkingCalendar) -> list[AgendaEntry]:
    """Every running clock's due date, then every planned event that has not happened yet, in date order."""
    ref = review.info.reference
    entries = [_clock_entry(c, review, regime, alarm_days, cal) for c in clocks if c.state == "running" and c.due]
    for planned in review.planned:
        event = regime.event(planned.event)
        if event is None or logged(review, regime, planned) is not None:
            continue
        key = planned.event + (f"-{uid_part(planned.agency)}" if planned.agency else "")
        who = f" ({planned.agency})" if planned.agency else ""
        entries.append(AgendaEntry(f"{uid_part(ref)}-plan-{key}@scr", planned.date,
                                   f"{ref}: {event.title}{who} (planned)",
                                   f"Review {ref}: the date the plan gives this step (plan.yaml).",
                                   kind="planned"))
    return sorted(entries, key=lambda e: (e.day, e.uid))


def stamps(entries: list[AgendaEntry], before: Mapping[str, Stamp], today: date) -> dict[str, Stamp]:
    """Each entry's stamp: unchanged while its date stays, the sequence one higher (from today) when it moves.

    Stamps of entries no longer shown are kept, so a clock that comes back continues its sequence.
    """
    after = dict(before)
    for entry in entries:
        old = before.get(entry.uid)
        if old is None:
            after[entry.uid] = Stamp(entry.day, 0, today)
        elif old.day != entry.day:
            after[entry.uid] = Stamp(entry.day, old.sequence + 1, today)
    return after
