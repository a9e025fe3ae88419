"""scr status: the stage, every clock, what is due next, each IMR and document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.review.clocks import ClockStatus, WorkingCalendar, all_clocks
from scr_cli.review.model import Document, Issue, Review
from scr_cli.review.progress import ImrState, current_stage, imr_states, next_due
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import SignoffState
from scr_cli.store import bankholidays, cache
from scr_cli.store.root import find_root, require_clean


@dataclass(frozen=True)
class StatusResult:
    """The result of `scr status`: stage, clocks, what is due next, IMRs, documents and sign-offs."""

    review: Review
    today: date
    stage: str
    stage_title: str
    clocks: list[ClockStatus]
    next_due: list[ClockStatus]
    imrs: list[ImrState]
    documents: list[Document]
    warnings: list[Issue] = field(default_factory=list)
    signoffs: list[SignoffState] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # sections other areas may add


def status(path: Path, today: date | None = None) -> StatusResult:
    root = find_root(path)
    review, regime, issues = cache.load(root)
    require_clean(issues)
    today = today or date.today()
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    clocks = all_clocks(review, regime, today, cal)
    stage = current_stage(review, regime)
    return StatusResult(
        review=review,
        today=today,
        stage=stage.id if stage else "not-started",
        stage_title=stage.title if stage else "Not started",
        clocks=clocks,
        next_due=next_due(clocks),
        imrs=imr_states(review),
        documents=sorted(review.documents, key=lambda d: d.path),
        warnings=[i for i in issues if i.severity == "warning"],
        signoffs=_signoffs(root, review, regime),
    )


def _signoffs(root: Path, review: Review, regime: Regime) -> list[SignoffState]:
    """Each sign-off valid, stale or invalid; signatures are checked (with gpg) only when there are any."""
    if not review.signoffs:
        return []
    from scr_cli.gate.hooks import verifier
    from scr_cli.review.signoff import signoff_states
    from scr_cli.store.tree import WorkTree

    return signoff_states(review, regime, verifier(WorkTree(root)))
