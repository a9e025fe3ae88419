"""Parallel proceedings: which are open, what they hold back, and the clocks they carry. Pure.

A proceeding is open until it has concluded and the panel has considered its findings (14): only then may
what it holds (adoption, publication; the regime's holds) go ahead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scr_cli.review.clock_judge import judge, rule_text
from scr_cli.review.clocks import ClockStatus, WorkingCalendar, shift
from scr_cli.review.followup_rules import HoldSpec
from scr_cli.review.model import Proceeding, Review
from scr_cli.review.regime import Regime


def is_open(p: Proceeding) -> bool:
    return p.concluded is None or p.findings_considered is None


def why_open(p: Proceeding, regime: Regime) -> str:
    kind = regime.followup.proceedings.kind(p.kind)
    name = f"the {kind.title.lower() if kind else p.kind} '{p.id}'"
    if p.concluded is None:
        return f"{name} is still open" + (f" (listed {p.listed})" if p.listed else "")
    return f"{name} concluded {p.concluded}, but the panel has not yet considered its findings"


@dataclass(frozen=True)
class Wait:
    """Something the review may not do yet (a hold), and the open proceeding it waits on."""

    hold: HoldSpec
    proceeding: Proceeding
    reason: str


def holding(review: Review, regime: Regime, event_id: str) -> list[Wait]:
    """The open proceedings that hold back this event (empty when it may be logged)."""
    rules = regime.followup.proceedings
    return [Wait(h, p, why_open(p, regime))
            for h in rules.holds_event(event_id)
            for p in review.tracking.proceedings if h.id in p.holds and is_open(p)]


def waits(review: Review, regime: Regime) -> list[Wait]:
    """What waits on what: every hold an open proceeding keeps on a step not yet taken."""
    out: list[Wait] = []
    for hold in regime.followup.proceedings.holds:
        if any(review.events_of(e) for e in hold.events):
            continue  # already done
        out += [Wait(hold, p, why_open(p, regime))
                for p in review.tracking.proceedings if hold.id in p.holds and is_open(p)]
    return out


def proceeding_clocks(review: Review, regime: Regime, today: date, cal: WorkingCalendar) -> list[ClockStatus]:
    """The clocks each proceeding carries (those whose date is known), e.g. telling the department of a trial."""
    out: list[ClockStatus] = []
    for p in review.tracking.proceedings:
        told = dict(p.told)
        for spec in regime.followup.proceedings.clocks:
            field = spec.before or spec.starts or ""
            anchor = getattr(p, field, None) if p.kind in spec.kinds else None
            if not isinstance(anchor, date):
                continue
            back = spec.before is not None
            due = shift(anchor, spec.due, cal, back=back)
            rule = rule_text(spec.due, back, f"{p.title or p.id} {field}")
            out.append(judge(f"{spec.id}:{p.id}", f"{spec.title} ({p.title or p.id})", rule, anchor, due,
                             told.get(spec.id), today, cal))
    return out
