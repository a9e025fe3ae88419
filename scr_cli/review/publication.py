"""Publication and after: FOI clocks, Ofsted's evaluation, the retention of papers, the publication state. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scr_cli.review.clock_judge import judge, rule_text
from scr_cli.review.clocks import ClockStatus, WorkingCalendar, shift
from scr_cli.review.followup_rules import RetentionItem
from scr_cli.review.model import Evaluation, Event, Review
from scr_cli.review.proceedings import proceeding_clocks, waits
from scr_cli.review.regime import Regime


def first(review: Review, event_id: str) -> Event | None:
    found = review.events_of(event_id) if event_id else []
    return min(found, key=lambda e: (e.date, e.index)) if found else None


def foi_clocks(review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> list[ClockStatus]:
    """One clock per freedom-of-information request: the Act's time to respond from the day it arrived."""
    rules = regime.followup.foi
    if rules.respond_within is None:
        return []
    out = []
    for r in review.tracking.foi:
        due = shift(r.received, rules.respond_within, cal)
        rule = rule_text(rules.respond_within, False, f"request {r.id} received")
        out.append(judge(f"foi:{r.id}", f"{rules.title} ({r.id})", rule, r.received, due, r.responded, today, cal))
    return out


def extra_clocks(review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> list[ClockStatus]:
    """The clocks that records beside the review carry, shown with the regime's own clocks."""
    return proceeding_clocks(review, regime, today, cal) + foi_clocks(review, regime, today, cal)


def evaluation_holds(review: Review, regime: Regime) -> Evaluation | None:
    """The evaluation record when issues it raised are not yet addressed and the regime makes them hold."""
    ev = review.tracking.evaluation
    if ev is None or not regime.followup.evaluation.holds or not ev.issues.strip() or ev.issues_addressed:
        return None
    return ev


@dataclass(frozen=True)
class Retention:
    """One retention item on a day: from when it may be destroyed, and whether (and when) it was."""

    item: RetentionItem
    start: date | None  # when the retention event happened (None: not yet)
    earliest: date | None  # the first day the papers may be destroyed
    destroyed: tuple[Event, ...]
    state: str  # kept | may be destroyed | destroyed

    @property
    def describe(self) -> str:
        if self.destroyed:
            last = self.destroyed[-1]
            return f"destroyed {last.date} by {last.fields.get('by', '?')}"
        if self.earliest is None:
            return "kept: the retention period has not started"
        return f"may be destroyed from {self.earliest}" if self.state != "kept" else f"kept until {self.earliest}"


def retention(review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> list[Retention]:
    rules = regime.followup.retention
    start = first(review, rules.after)
    out = []
    for item in rules.items:
        earliest = shift(start.date, item.keep, cal) if start else None
        destroyed = tuple(review.events_of(item.destroyed_by))
        if destroyed:
            state = "destroyed"
        elif earliest is not None and today >= earliest:
            state = "may be destroyed"
        else:
            state = "kept"
        out.append(Retention(item, start.date if start else None, earliest, destroyed, state))
    return out


def publication_state(review: Review, regime: Regime) -> str:
    """Where publication stands: the last step logged, and what holds the next one."""
    steps = regime.followup.board.publication
    done = [s for s in steps if review.events_of(s.event)]
    text = done[-1].title if done else "not adopted"
    held = [w for w in waits(review, regime)]
    if evaluation_holds(review, regime) is not None:
        text += "; publication waits on the issues Ofsted's evaluation raised"
    if held:
        names = ", ".join(sorted({f"{w.hold.title.lower()} held by {w.proceeding.id}" for w in held}))
        text += f"; {names}"
    return text
