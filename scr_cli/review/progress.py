"""Where a review stands: its stage, what is due next, the next steps, and each agency's IMR. Pure.

A next step is the event a final document calls for (the regime's `then_log`) that is not logged yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from datetime import date

from scr_cli.review.clocks import ClockStatus
from scr_cli.review.model import Review
from scr_cli.review.regime import Regime, StageSpec


def current_stage(review: Review, regime: Regime) -> StageSpec | None:
    """The stage reached by the latest logged event, taking the regime's stage order as the tie-break."""
    reached: StageSpec | None = None
    for stage in regime.stages:
        if not any(review.events_of(event) for event in stage.reached_by):
            continue
        if stage.when is not None:
            last = max(review.events_of(stage.when.event), key=lambda e: (e.date, e.index), default=None)
            if last is None or str(last.fields.get(stage.when.field)) != stage.when.equals:
                continue
            return stage  # a terminal condition (e.g. no review held) wins
        reached = stage
    return reached


def next_due(clocks: list[ClockStatus], count: int = 3) -> list[ClockStatus]:
    running = [c for c in clocks if c.state == "running" and c.due is not None]
    return sorted(running, key=lambda c: (c.due or date.max, c.id))[:count]


@dataclass(frozen=True)
class NextStep:
    """A final document whose follow-up event (the regime's `then_log`) is not logged yet."""

    document: str
    title: str
    event: str
    event_title: str

    def command(self) -> str:
        return f"scr log {self.event} --date YYYY-MM-DD"


def next_steps(review: Review, regime: Regime) -> list[NextStep]:
    """E.g. the terms of reference are final but not yet logged as sent to the agencies."""
    steps: list[NextStep] = []
    for doc in sorted(review.documents, key=lambda d: d.path):
        spec = regime.document_for(doc.path)
        if spec is None or not spec.then_log or doc.status != "final" or review.events_of(spec.then_log):
            continue
        event = regime.event(spec.then_log)
        steps.append(NextStep(doc.path, spec.title, spec.then_log, event.title if event else spec.then_log))
    return steps


@dataclass(frozen=True)
class ImrState:
    """Where one agency's IMR stands: not commissioned, not started, locked, a draft or final."""

    agency: str
    name: str
    sector: str
    state: str  # not commissioned | not started | locked | draft vN | final vN
    version: int | None = None
    date: date | None = None
    due: datetime.date | None = None  # the planned date of the regime's receipt event for this agency
    received: datetime.date | None = None
    overdue: bool = False


def imr_states(review: Review, received_event: str = "", today: date | None = None) -> list[ImrState]:
    """Each agency's IMR; with the regime's receipt event, its due date, receipt and whether it is overdue."""
    states = _states(review)
    if not received_event:
        return states
    out = []
    for state in states:
        due = next((p.date for p in review.planned if p.event == received_event and p.agency == state.agency), None)
        received = next((e.date for e in review.events_of(received_event)
                         if e.fields.get("agency") == state.agency), None)
        late = due is not None and received is None and today is not None and today > due
        out.append(replace(state, due=due, received=received, overdue=late))
    return out


def _states(review: Review) -> list[ImrState]:
    out = []
    for agency in review.agencies:
        path = f"05-imr/{agency.id}/imr.md"
        doc = review.document(path)
        if not agency.imr_required:
            out.append(ImrState(agency.id, agency.name, agency.sector, "not commissioned"))
        elif doc is None:
            out.append(ImrState(agency.id, agency.name, agency.sector, "not started"))
        elif doc.locked:
            out.append(ImrState(agency.id, agency.name, agency.sector, "locked (scr unlock to read)"))
        else:
            out.append(ImrState(agency.id, agency.name, agency.sector, f"{doc.status} v{doc.version}",
                                doc.version, doc.date))
    return out
