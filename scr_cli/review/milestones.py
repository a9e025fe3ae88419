"""Milestones: for each step, the date the rules allow, the date planned and the date it happened. Pure.

A step is a clock (what meets it is the milestone) or a planned event no clock covers (a meeting). A clock not
yet started shows the date it *would* be due if its start happens on its planned date ("projected"), so a plan
that puts adoption after the six months the rules allow is flagged before anyone is late.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scr_cli.review.clocks import ClockStatus, WorkingCalendar, due_from
from scr_cli.review.model import Issue, PlannedEvent, Pos, Review
from scr_cli.review.planning import logged
from scr_cli.review.regime import ClockSpec, Regime


@dataclass(frozen=True)
class Milestone:
    """One row of `scr status`'s milestones."""

    key: str  # the clock's id, or `event` / `event:agency` for a planned event no clock covers
    title: str
    due: date | None  # the latest date the rules allow (the clock's due date)
    planned: date | None
    actual: date | None
    projected: bool = False  # `due` is counted from a planned date, not a logged one
    late_plan: bool = False  # the plan is later than the rules allow
    statutory: bool = True
    clock: str | None = None
    agency: str | None = None
    falls_on: str = ""
    plan_pos: Pos | None = None  # where plan.yaml gives the planned date


def _planned(review: Review, events: tuple[str, ...]) -> PlannedEvent | None:
    found = [p for p in (review.plan_for(e) for e in events) if p is not None]
    return min(found, key=lambda p: p.date, default=None)


def _clock_row(spec: ClockSpec, status: ClockStatus, review: Review, cal: WorkingCalendar) -> Milestone | None:
    plan = _planned(review, spec.met_by)
    due, projected = status.due, status.anchor_planned
    if status.state == "not-started" and spec.starts:
        start = review.plan_for(spec.starts)
        if start is not None:
            due, projected = due_from(spec, start.date, cal), True
    if due is None and plan is None:
        return None
    late = plan is not None and due is not None and status.met_on is None and plan.date > due
    return Milestone(spec.id, spec.title, due, plan.date if plan else None, status.met_on, projected, late,
                     spec.statutory, spec.id, None, status.falls_on, plan.pos if plan else None)


def milestones(clocks: list[ClockStatus], review: Review, regime: Regime, cal: WorkingCalendar) -> list[Milestone]:
    """Every clock that has a date to show, then every planned event no clock covers, in date order."""
    by_id = {c.id: c for c in clocks}
    rows: list[Milestone] = []
    covered: set[str] = set()
    for spec in regime.clocks:
        status = by_id.get(spec.id)
        if status is None or status.state == "not-applicable" or spec.repeat_until or spec.not_before:
            continue  # a recurring clock has no one date; a not-before clock gives the earliest, not the latest
        row = _clock_row(spec, status, review, cal)
        if row is not None:
            rows.append(row)
            covered |= set(spec.met_by)
    for entry in review.planned:
        event = regime.event(entry.event)
        if event is None or (entry.agency is None and entry.event in covered):
            continue
        happened = logged(review, regime, entry)
        key = f"{entry.event}:{entry.agency}" if entry.agency else entry.event
        title = event.title + (f" ({entry.agency})" if entry.agency else "")
        rows.append(Milestone(key, title, None, entry.date, happened.date if happened else None,
                              agency=entry.agency, plan_pos=entry.pos))
    return sorted(rows, key=lambda m: (m.planned or m.due or m.actual or date.max, m.key))


def late_plan_issues(rows: list[Milestone]) -> list[Issue]:
    """A warning at each planned date that is later than the rules allow."""
    return [
        Issue.at(m.plan_pos, "plan-late", f"'{m.title}' is planned for {m.planned}, after {m.due}, the latest date "
                 f"the rules allow" + (" (counted from a planned date)" if m.projected else ""),
                 "bring the plan forward, or agree and log an extension", "warning")
        for m in rows if m.late_plan and m.plan_pos is not None
    ]
