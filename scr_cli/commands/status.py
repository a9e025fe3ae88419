"""scr status: the stage, every clock, what is due next, each IMR and document."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.adapters import verdicts
from scr_cli.errors import ToolMissing
from scr_cli.review.clocks import ClockStatus, WorkingCalendar, all_clocks
from scr_cli.review.followup_summary import status_sections
from scr_cli.review.intake import Lead, lead_board
from scr_cli.review.milestones import Milestone, milestones
from scr_cli.review.model import Document, Issue, Review
from scr_cli.review.progress import ImrState, NextStep, current_stage, imr_states, next_due, next_steps
from scr_cli.review.publication import extra_clocks
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import SignoffState, Verify
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
    next_steps: list[NextStep] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # sections other areas may add
    milestones: list[Milestone] = field(default_factory=list)
    regime: Regime | None = None  # the rules applied (a local variant's, when the review has one)
    lead: Lead | None = None  # the board that should lead by the regime's rule, when review.yaml says enough


def status(path: Path, today: date | None = None) -> StatusResult:
    """Where the review stands on `today`: read from the cache when no file changed."""
    root = find_root(path)
    verdicts.remember_in(verdicts.git_state_folder(root))  # sign-offs checked by gpg once, then remembered
    review, regime, issues = cache.load(root)
    require_clean(issues)
    today = today or date.today()
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    clocks = all_clocks(review, regime, today, cal) + extra_clocks(review, regime, today, cal)
    stage = current_stage(review, regime)
    return StatusResult(
        review=review,
        today=today,
        stage=stage.id if stage else "not-started",
        stage_title=stage.title if stage else "Not started",
        clocks=clocks,
        next_due=next_due(clocks),
        imrs=imr_states(review, regime.scr_events.imr_received, today),
        documents=sorted(review.documents, key=lambda d: d.path),
        warnings=[i for i in issues if i.severity == "warning"],
        signoffs=_signoffs(root, review, regime),
        next_steps=next_steps(review, regime),
        milestones=milestones(clocks, review, regime, cal),
        regime=regime,
        extras={**status_sections(review, regime, today, cal, _verifier(root, review)), **_refused(root)},
        lead=_lead(review, regime),
    )


def _lead(review: Review, regime: Regime) -> Lead | None:
    where = review.info.where
    return lead_board(review.info.board, where, regime.lead) if where and regime.lead else None


def _refused(root: Path) -> dict[str, Any]:
    """Plaintext that git would take but the hooks refuse (default deny): say so before anyone commits it.

    Only git can say what it would take: without git (status works without it) there is nothing to list.
    """
    from scr_cli.crypto.context import context_public, refused_plaintext

    try:
        found = refused_plaintext(root, context_public(root))
    except ToolMissing:
        return {}
    if not found:
        return {}
    return {"plaintext_git_would_refuse": [
        {"path": p, "line": f"{p}: not a public path — `scr lock` encrypts it (and hides the plaintext from git)"}
        for p in found]}


def _signoffs(root: Path, review: Review, regime: Regime) -> list[SignoffState]:
    """Each sign-off valid, stale or invalid; signatures are checked (with gpg) only when there are any."""
    if not review.signoffs:
        return []
    from scr_cli.gate.signatures import work_trust, work_verifier
    from scr_cli.review.signoff import signoff_states

    trust = work_trust(root)
    return signoff_states(review, regime, work_verifier(root, trust), trust.signers())


def _verifier(root: Path, review: Review) -> Verify | None:
    """Completions' sign-offs checked with gpg, which starts only if the review has any."""
    if not any(e.signed for e in review.tracking.progress):
        return None
    from scr_cli.gate.signatures import work_check

    return work_check(root)
