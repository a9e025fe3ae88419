"""Statutory clocks: working-day arithmetic and the state of each clock on a given day.

Pure: the holidays and `today` are passed in. Working days skip Saturdays, Sundays and the given holidays;
months clamp to the end of the month (31 Jan + 1 month = 28 Feb); weeks are seven days.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from scr_cli.review.model import Event, Review
from scr_cli.review.regime import ClockSpec, Condition, Length, Regime

State = Literal["not-started", "running", "met", "missed", "not-applicable"]
Rag = Literal["red", "amber", "green", "grey"]

AMBER_WORKING_DAYS = 2  # a running clock with this many working days left or fewer shows amber


class WorkingCalendar:
    """Working days (weekdays that are not among the given bank holidays), counted forwards and back."""

    def __init__(self, holidays: Iterable[date] = ()) -> None:
        self.holidays = frozenset(holidays)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after `start` (n >= 0; n == 0 gives `start` itself)."""
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        while n > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def subtract_working_days(self, end: date, n: int) -> date:
        day = end
        while n > 0:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                n -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days d with start < d <= end (negative when end is before start)."""
        if end < start:
            return -self.working_days_between(end, start)
        days = (end - start).days
        weeks, rest = divmod(days, 7)  # whole weeks hold five weekdays each: a retention clock spans 2,500 days
        weekdays = weeks * 5 + sum(1 for i in range(1, rest + 1) if (start + timedelta(days=i)).weekday() < 5)
        return weekdays - sum(1 for h in self.holidays if start < h <= end and h.weekday() < 5)


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def roll(day: date, how: str, cal: WorkingCalendar) -> date:
    """A deadline on a weekend or bank holiday moved to the working day before (`back`) or after (`forward`)."""
    if how not in ("back", "forward"):
        return day
    step = timedelta(days=-1 if how == "back" else 1)
    try:
        while not cal.is_working_day(day):
            day += step
    except OverflowError:
        pass
    return day


def due_from(spec: ClockSpec, anchor: date, cal: WorkingCalendar) -> date:
    """The clock's deadline counted from `anchor` (back from it for a `before` clock), rolled as the regime says."""
    return roll(shift(anchor, spec.due, cal, back=bool(spec.before)), spec.roll, cal)


def non_working(day: date | None, cal: WorkingCalendar) -> str:
    """What a deadline day is when it is not a working day ("Saturday", "bank holiday"), else ""."""
    if day is None or day in (date.min, date.max) or cal.is_working_day(day):
        return ""
    return calendar.day_name[day.weekday()] if day.weekday() >= 5 else "bank holiday"


def shift(day: date, length: Length, cal: WorkingCalendar, *, back: bool = False) -> date:
    try:
        return _shift(day, length, cal, back=back)
    except (OverflowError, ValueError):  # a mistyped year such as 9999: past the calendar's end
        return date.min if back else date.max


def _shift(day: date, length: Length, cal: WorkingCalendar, *, back: bool = False) -> date:
    sign = -1 if back else 1
    if length.unit == "working_days":
        return cal.subtract_working_days(day, length.amount) if back else cal.add_working_days(day, length.amount)
    if length.unit == "months":
        return add_months(day, sign * length.amount)
    days = length.amount * (7 if length.unit == "weeks" else 1)
    return day + timedelta(days=sign * days)


@dataclass(frozen=True)
class Extension:
    """An agreed extension of a clock: the new date, why, when it was agreed and when Ofsted was told."""

    new_date: date
    reason: str
    agreed_on: date
    notified_on: date | None


@dataclass(frozen=True)
class ClockStatus:
    """One clock judged on a day: its state and RAG, its dates, how early, late or overdue, and its rule."""

    id: str
    title: str
    state: State
    rag: Rag
    rule: str
    start: date | None = None
    due: date | None = None
    original_due: date | None = None
    met_on: date | None = None
    late_by_days: int = 0  # met after the due date by this many calendar days
    early_by_days: int = 0
    working_days_left: int | None = None
    days_overdue: int = 0
    extension: Extension | None = None
    last_met: date | None = None  # recurring clocks: the last time it was met
    note: str = ""
    anchor_planned: bool = False  # a `before` clock counted back from the planned date of an event to come
    falls_on: str = ""  # the due date is not a working day: "Saturday", "Sunday" or "bank holiday"
    roll: str = "none"
    statutory: bool = True


def _first(events: list[Event]) -> Event | None:
    return min(events, key=lambda e: (e.date, e.index)) if events else None


def _holds(review: Review, cond: Condition | None) -> bool | None:
    """True/False when the condition's event has happened; None when it has not happened yet."""
    if cond is None:
        return True
    happened = review.events_of(cond.event)
    if not happened:
        return None
    last = max(happened, key=lambda e: (e.date, e.index))
    return str(last.fields.get(cond.field, "")) == cond.equals


def _rule_text(spec: ClockSpec, regime: Regime) -> str:
    anchor = spec.before or spec.starts or ""
    spec_event = regime.event(anchor)
    title = spec_event.title if spec_event else anchor
    if spec.before:
        return f"at least {spec.due.describe()} before: {title}"
    every = "every " if spec.repeat_until else ""
    return f"{every}{spec.due.describe()} from: {title}"


def _judge(spec: ClockSpec, rule: str, start: date, due: date, met_on: date | None, today: date,
           cal: WorkingCalendar, **extra: object) -> ClockStatus:
    if met_on is not None:
        late = max(0, (met_on - due).days)
        early = max(0, (due - met_on).days)
        if spec.not_before and met_on < due:
            return ClockStatus(spec.id, spec.title, "met", "red", rule, start, due, met_on=met_on,
                               early_by_days=early, note="done before the earliest allowed date", **extra)  # type: ignore[arg-type]
        return ClockStatus(spec.id, spec.title, "met", "amber" if late else "green", rule, start, due,
                           met_on=met_on, late_by_days=late, early_by_days=early, **extra)  # type: ignore[arg-type]
    if today > due:
        return ClockStatus(spec.id, spec.title, "missed", "red", rule, start, due,
                           days_overdue=(today - due).days, **extra)  # type: ignore[arg-type]
    left = cal.working_days_between(today, due)
    rag: Rag = "amber" if left <= AMBER_WORKING_DAYS and not spec.not_before else "green"
    return ClockStatus(spec.id, spec.title, "running", rag, rule, start, due, working_days_left=left,
                       **extra)  # type: ignore[arg-type]


def _before(spec: ClockSpec, rule: str, review: Review, met_events: list[Event], today: date,
            cal: WorkingCalendar) -> ClockStatus:
    """Counted back from an event: its logged date once it happened, until then its planned date (plan.yaml)."""
    anchor = _first(review.events_of(spec.before or ""))
    if anchor is not None:
        met = next((e for e in met_events if e.date <= anchor.date), None)
        return _judge(spec, rule, anchor.date, due_from(spec, anchor.date, cal), met.date if met else None,
                      anchor.date, cal)
    planned = review.plan_for(spec.before or "")
    if planned is None:
        return ClockStatus(spec.id, spec.title, "not-started", "grey", rule)
    met_on = met_events[0].date if met_events else None
    return _judge(spec, rule, planned.date, due_from(spec, planned.date, cal), met_on, today, cal,
                  anchor_planned=True)


def clock_status(spec: ClockSpec, review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> ClockStatus:
    """The state of one clock on `today`: when it started, when it is due, and whether it was met in time."""
    found = _clock_status(spec, review, regime, today, cal)
    return replace(found, falls_on=non_working(found.due, cal), roll=spec.roll, statutory=spec.statutory)


def _clock_status(spec: ClockSpec, review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> ClockStatus:
    rule = _rule_text(spec, regime)
    applies = _holds(review, spec.only_if)
    if applies is False:
        return ClockStatus(spec.id, spec.title, "not-applicable", "grey", rule)

    met_events = sorted((e for m in spec.met_by for e in review.events_of(m)), key=lambda e: (e.date, e.index))

    if spec.before:
        return _before(spec, rule, review, met_events, today, cal)

    starters = review.events_of(spec.starts or "")
    cond = spec.only_if
    if cond is not None and cond.event == spec.starts:  # e.g. a review decision after an earlier 'no review'
        starters = [e for e in starters if str(e.fields.get(cond.field, "")) == cond.equals]
    start_event = _first(starters)
    if start_event is None:
        return ClockStatus(spec.id, spec.title, "not-started", "grey", rule)
    start = start_event.date
    if not spec.met_before_start:  # else an earlier event belongs to something else (an earlier incident)
        met_events = [e for e in met_events if e.date >= start]

    if spec.repeat_until:
        return _recurring(spec, rule, review, start, met_events, today, cal)

    due = due_from(spec, start, cal)
    extension = None
    original_due = None
    if spec.extended_by:
        agreed = sorted(review.events_of(spec.extended_by), key=lambda e: (e.date, e.index))
        if agreed:
            last = agreed[-1]
            notified = [e for e in review.events_of(spec.extension_notified_by or "") if e.date >= last.date]
            new_date = last.fields.get("new_date")
            if isinstance(new_date, date):
                extension = Extension(new_date, str(last.fields.get("reason", "")), last.date,
                                      min(e.date for e in notified) if notified else None)
                original_due, due = due, new_date

    met_on: date | None = met_events[0].date if met_events else None
    if met_on is not None and spec.requires_also:
        others = [_first([e for e in review.events_of(r) if e.date >= start]) for r in spec.requires_also]
        met_on = None if any(o is None for o in others) else max([met_on, *(o.date for o in others if o)])
    return _judge(spec, rule, start, due, met_on, today, cal, original_due=original_due, extension=extension)


def _recurring(spec: ClockSpec, rule: str, review: Review, start: date, met_events: list[Event], today: date,
               cal: WorkingCalendar) -> ClockStatus:
    """Due one length after the start, then one length after each time it is met, until `repeat_until`."""
    until = _first(review.events_of(spec.repeat_until or ""))
    last = start
    for event in met_events:
        if until is not None and event.date > until.date:
            break
        last = event.date
    last_met = last if last != start else None
    due = due_from(spec, last, cal)
    if until is not None and until.date <= due:
        return ClockStatus(spec.id, spec.title, "met", "green", rule, start, due, met_on=until.date,
                           last_met=last_met, note="no longer due: review completed")
    # missed before it stopped: the days overdue stop counting on the day it stopped
    judged_on = min(today, until.date) if until is not None else today
    return _judge(spec, rule, start, due, None, judged_on, cal, last_met=last_met)


def all_clocks(review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> list[ClockStatus]:
    """Every clock of the regime, judged on `today`."""
    return [clock_status(spec, review, regime, today, cal) for spec in regime.clocks]
