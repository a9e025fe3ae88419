"""The review's plan (plan.yaml): dates for events still to come, checked against the regime and the log. Pure.

Planned dates are not facts: the log records what happened, the plan what should. A `before` clock counts back
from an event's planned date until the event is logged (see clocks.py), and `scr status` sets each
milestone's planned date beside what the rules allow and what happened (milestones.py).
"""

from __future__ import annotations

import difflib
from datetime import date

from scr_cli.review.model import Event, Issue, PlannedEvent, Review
from scr_cli.review.regime import Regime


def _agency_field(regime: Regime, event_id: str) -> str | None:
    """The name of the event's agency field, when it is an agency's own event (an IMR received)."""
    spec = regime.event(event_id)
    return next((f.name for f in spec.fields if f.type == "agency"), None) if spec else None


def logged(review: Review, regime: Regime, entry: PlannedEvent) -> Event | None:
    """The logged event a plan entry was for (the same agency's, for an agency's event), if it happened."""
    field = _agency_field(regime, entry.event)
    happened = [e for e in review.events_of(entry.event)
                if entry.agency is None or field is None or str(e.fields.get(field, "")) == entry.agency]
    return min(happened, key=lambda e: (e.date, e.index), default=None)


def entry_problem(regime: Regime, review: Review, event_id: str, agency: str | None) -> tuple[str, str] | None:
    """What is wrong with planning `event_id` (for `agency`), as (message, fix), or None."""
    if regime.event(event_id) is None:
        close = difflib.get_close_matches(event_id, [e.id for e in regime.events], n=1, cutoff=0.6)
        return f"unknown event '{event_id}'", (f"did you mean '{close[0]}'?" if close
                                                else "see `scr log --list` for the events")
    logs = regime.scr_events
    if event_id in (logs.opened, logs.reopened, logs.switched):
        return f"'{event_id}' is recorded by scr itself and is not planned", "plan the review's own steps"
    field = _agency_field(regime, event_id)
    if agency is not None and field is None:
        return f"'{event_id}' is not an agency's own event", "remove 'agency' (or --agency) from this entry"
    if agency is not None and review.agency(agency) is None:
        return f"no agency '{agency}' in agencies.yaml", "add the agency or correct the id"
    return None


def plan_issues(review: Review, regime: Regime) -> list[Issue]:
    """Entries the regime does not know, that scr writes itself, or that repeat an earlier entry."""
    found: list[Issue] = []
    seen: set[tuple[str, str | None]] = set()
    for entry in review.planned:
        problem = entry_problem(regime, review, entry.event, entry.agency)
        if problem:
            found.append(Issue.at(entry.pos, "plan", *problem))
            continue
        key = (entry.event, entry.agency)
        if key in seen:
            who = f" for {entry.agency}" if entry.agency else ""
            found.append(Issue.at(entry.pos, "plan", f"'{entry.event}'{who} is planned twice",
                                  "keep one entry; `scr plan` moves a date and keeps the earlier one in history"))
        seen.add(key)
        moved = [changed for _, changed in entry.history]
        if moved != sorted(moved):
            found.append(Issue.at(entry.pos, "plan", f"the history of '{entry.event}' is not in date order",
                                  "list earlier moves first (scr plan writes them in order)"))
    return found


def passed_plans(review: Review, regime: Regime, today: date) -> list[Issue]:
    """Warnings for planned dates that have passed while the event is still not logged."""
    return [
        Issue.at(entry.pos, "plan-passed",
                 f"'{entry.event}' was planned for {entry.date} and is not in the log",
                 f"log it when it happens (scr log {entry.event} ...) or move the plan (scr plan {entry.event} "
                 "--date ...)", "warning")
        for entry in review.planned
        if entry.date < today and regime.event(entry.event) is not None and logged(review, regime, entry) is None
    ]
