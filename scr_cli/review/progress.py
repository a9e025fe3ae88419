"""Where a review stands: its stage, what is due next, and each agency's IMR. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scr_cli.review.clocks import ClockStatus
from scr_cli.review.model import Review
from scr_cli.review.regime import Regime, StageSpec


def current_stage(review: Review, regime: Regime) -> StageSpec | None:
    """The stage reached by the latest logged event, taking the regime's stage order as the tie-break."""
    reached: StageSpec | None = None
    for stage in regime.stages:
        happened = [e for e in review.events if e.event in stage.reached_by]
        if not happened:
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
class ImrState:
    """Where one agency's IMR stands: not commissioned, not started, locked, a draft or final."""

    agency: str
    name: str
    sector: str
    state: str  # not commissioned | not started | locked | draft vN | final vN
    version: int | None = None
    date: date | None = None


def imr_states(review: Review) -> list[ImrState]:
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
