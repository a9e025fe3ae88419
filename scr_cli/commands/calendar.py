"""scr calendar: the review's running deadlines and planned dates as an iCalendar file for Outlook or Google.

Writes the .ics file (build/<reference>.ics unless told otherwise) and `.scr/calendar.yaml`, the dates and
sequence numbers it gave, so the next run raises the SEQUENCE of an entry that moved. Only this command imports
the icalendar package.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.publish.ical import calendar_bytes
from scr_cli.publish.jobs import matcher_for
from scr_cli.review import layout
from scr_cli.review.agenda import agenda, stamps, uid_part
from scr_cli.review.clocks import WorkingCalendar, all_clocks
from scr_cli.store import bankholidays, calendar_state, loader
from scr_cli.store.root import find_root


@dataclass(frozen=True)
class CalendarResult:
    """What `scr calendar` wrote: the file, how many entries of each kind, and how many moved."""

    path: Path
    entries: int
    deadlines: int
    planned: int
    moved: int  # entries whose date changed since the last run (their SEQUENCE rose)
    state_changed: bool
    state_path: Path


def calendar(path: Path, out: Path | None = None, today: date | None = None) -> CalendarResult:
    root = find_root(path)
    loaded = loader.load(root)
    loaded.require_clean()
    today = today or date.today()
    review, regime = loaded.review, loaded.regime
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    entries = agenda(all_clocks(review, regime, today, cal), review, regime,
                     loaded.config.calendar.alarm_working_days, cal)
    before = calendar_state.read(root)
    after = stamps(entries, before, today)
    data = calendar_bytes(entries, after, f"{review.info.reference} deadlines")
    leaks = matcher_for(loaded).leaks(data.decode("utf-8"))
    if leaks:  # the titles come from the regime and the reference; a name could only come from the reference
        who = leaks[0].name.label if leaks[0].name else "someone"
        raise DataError(f"the calendar would name {who}", path=layout.REVIEW,
                        hint="the review's reference must not hold a real name")
    target = out or root / layout.BUILD_DIR / f"{uid_part(review.info.reference)}.ics"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(target, data)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write {target} ({exc.strerror or type(exc).__name__})",
                                 hint="choose a folder you can write to with -o") from None
    changed = calendar_state.write(root, after)
    moved = sum(1 for e in entries if e.uid in before and before[e.uid].day != e.day)
    deadlines = sum(1 for e in entries if e.kind == "deadline")
    return CalendarResult(target, len(entries), deadlines, len(entries) - deadlines, moved, changed,
                          root / layout.CALENDAR_STATE)
