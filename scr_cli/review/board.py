"""One review as the board's portfolio shows it: stage, clocks, actions, proceedings, publication. Pure.

Also the fields of the NHS Safeguarding Case Review Tracker that a review's data holds (review type, dates
added, decided, adopted and published, stage, themes, open or closed). Which events count as added, decided,
adopted or published, and which stages are closed, is the regime's `board:` data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from scr_cli.review.clocks import ClockStatus, WorkingCalendar, all_clocks, shift
from scr_cli.review.lengths import Length
from scr_cli.review.model import Review
from scr_cli.review.monitoring import action_states, summary
from scr_cli.review.proceedings import is_open
from scr_cli.review.progress import current_stage
from scr_cli.review.publication import extra_clocks, first, publication_state
from scr_cli.review.regime import Regime

DUE_SOON = Length("working_days", 20)  # "due in the next 20 working days"


@dataclass(frozen=True)
class Dated:
    """Something with a title and a date (a clock due, an action overdue, a proceeding listed)."""

    title: str
    date: date | None
    detail: str = ""


@dataclass(frozen=True)
class BoardRow:
    """One review in the portfolio."""

    reference: str
    board: str
    child: str
    title: str
    regime: str
    review_type: str
    stage: str
    stage_title: str
    closed: bool
    added: date | None = None
    decided: date | None = None
    adopted: date | None = None
    published: date | None = None
    completion_due: date | None = None
    converted: bool = False
    themes: tuple[str, ...] = ()
    overdue: tuple[Dated, ...] = ()
    due_soon: tuple[Dated, ...] = ()
    next_milestone: Dated | None = None
    imrs_outstanding: tuple[str, ...] = ()
    actions: dict[str, int] = field(default_factory=dict)
    actions_overdue: tuple[Dated, ...] = ()
    proceedings_open: tuple[Dated, ...] = ()
    publication: str = ""
    path: str = ""
    error: str = ""


def _date(review: Review, event_id: str) -> date | None:
    found = first(review, event_id)
    return found.date if found else None


def _clocks(clocks: list[ClockStatus], today: date, cal: WorkingCalendar) -> tuple[tuple[Dated, ...], ...]:
    horizon = shift(today, DUE_SOON, cal)
    overdue = tuple(Dated(c.title, c.due, f"{c.days_overdue} days overdue") for c in clocks if c.state == "missed")
    running = sorted((c for c in clocks if c.state == "running" and c.due is not None),
                     key=lambda c: (c.due or date.max, c.id))
    soon = tuple(Dated(c.title, c.due, f"{c.working_days_left} working days left") for c in running
                 if c.due is not None and c.due <= horizon)
    after = tuple(Dated(c.title, c.due) for c in running[:1])
    return overdue, soon, after


def _imrs(review: Review, regime: Regime) -> tuple[str, ...]:
    received_by = regime.followup.board.imr_received
    if not received_by or review.events_of(regime.followup.board.adopted):
        return ()
    received = {str(e.fields.get("agency")) for e in review.events_of(received_by)}
    return tuple(a.id for a in review.agencies if a.imr_required and a.id not in received)


def _completion_due(clocks: list[ClockStatus], regime: Regime) -> date | None:
    adopted = regime.followup.board.adopted
    ids = {c.id for c in regime.clocks if adopted and adopted in c.met_by}
    return next((c.due for c in clocks if c.id in ids and c.due is not None), None)


def board_row(review: Review, regime: Regime, today: date, cal: WorkingCalendar, path: str = "",
              converted: bool = False) -> BoardRow:
    """The review's row; signatures are not checked here (the hooks checked what git holds)."""
    rules = regime.followup.board
    clocks = all_clocks(review, regime, today, cal) + extra_clocks(review, regime, today, cal)
    overdue, soon, after = _clocks(clocks, today, cal)
    stage = current_stage(review, regime)
    states = action_states(review, regime, today, cal, None)
    info = review.info
    return BoardRow(
        reference=info.reference, board=info.board, child=info.child, title=info.title, regime=regime.id,
        review_type=rules.review_type or regime.title, stage=stage.id if stage else "not-started",
        stage_title=stage.title if stage else "Not started",
        closed=bool(stage and stage.id in rules.closed_stages),
        added=_date(review, rules.added), decided=_date(review, rules.decided), adopted=_date(review, rules.adopted),
        published=_date(review, rules.published), completion_due=_completion_due(clocks, regime),
        converted=converted, themes=info.themes, overdue=overdue, due_soon=soon,
        next_milestone=after[0] if after else None, imrs_outstanding=_imrs(review, regime),
        actions=summary(states),
        actions_overdue=tuple(Dated(f"{s.action.id} ({s.action.owner_agency})", s.due, s.label)
                              for s in states if s.rag == "red"),
        proceedings_open=tuple(Dated(p.title or p.id, p.listed, p.kind) for p in review.tracking.proceedings
                               if is_open(p)),
        publication=publication_state(review, regime), path=path)


def error_row(path: str, reason: str) -> BoardRow:
    """A repository that holds a review the portfolio could not read: shown, not skipped."""
    return BoardRow("?", "?", "?", "", "?", "?", "unreadable", "Could not be read", False, path=path, error=reason)
