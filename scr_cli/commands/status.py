"""scr status: the stage, every clock, what is due next, each IMR and document."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.adapters import verdicts
from scr_cli.errors import ToolMissing
from scr_cli.review.clocks import ClockStatus, WorkingCalendar, all_clocks
from scr_cli.review.followup_summary import action_rows, status_sections
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


@dataclass(frozen=True)
class _Day:
    """What status shows of the files on one day, apart from what gpg and git say (kept by cache.derived)."""

    review: Review  # without its log events, which the parts computed on every run do not read
    regime: Regime
    warnings: list[Issue]
    stage: str
    stage_title: str
    clocks: list[ClockStatus]
    imrs: list[ImrState]
    next_steps: list[NextStep]
    milestones: list[Milestone]
    sections: dict[str, Any]  # the follow-up sections; without the action plan when it needs gpg
    lead: Lead | None
    signed_progress: bool  # completions carry sign-offs: the action plan is checked with gpg on every run


def status(path: Path, today: date | None = None) -> StatusResult:
    """Where the review stands on `today`: read from the cache when no file changed."""
    root = find_root(path)
    verdicts.remember_in(verdicts.git_state_folder(root))  # sign-offs checked by gpg once, then remembered
    today = today or date.today()
    loaded: list[cache.Entry] = []  # the review, when this run had to read it to work out the day

    def work_out(entry: cache.Entry) -> _Day:
        loaded.append(entry)
        return _day(entry, today)

    made_by = (Path(__file__), bankholidays.DATA_FILE)
    day = cache.derived(root, "status-day", today, made_by, work_out)
    sections = day.sections
    if day.signed_progress:  # gpg judges the completions on every run: the review is needed, read once
        review, regime, _ = loaded[0] if loaded else cache.load(root)
        cal = WorkingCalendar(bankholidays.for_review(review, today))
        sections = {"action_plan": action_rows(review, regime, today, cal, _verifier(root, review)), **sections}
    return StatusResult(
        review=day.review,
        today=today,
        stage=day.stage,
        stage_title=day.stage_title,
        clocks=day.clocks,
        next_due=next_due(day.clocks),
        imrs=day.imrs,
        documents=sorted(day.review.documents, key=lambda d: d.path),
        warnings=day.warnings,
        signoffs=_signoffs(root, day.review, day.regime),
        next_steps=day.next_steps,
        milestones=day.milestones,
        regime=day.regime,
        extras={**sections, **_refused(root)},
        lead=day.lead,
    )


def _day(entry: cache.Entry, today: date) -> _Day:
    review, regime, issues = entry
    require_clean(issues)
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    clocks = all_clocks(review, regime, today, cal) + extra_clocks(review, regime, today, cal)
    stage = current_stage(review, regime)
    signed = any(e.signed for e in review.tracking.progress)
    sections = status_sections(review, regime, today, cal, None)
    if signed:
        del sections["action_plan"]
    return _Day(
        review=replace(review, events=()),
        regime=regime,
        warnings=[i for i in issues if i.severity == "warning"],
        stage=stage.id if stage else "not-started",
        stage_title=stage.title if stage else "Not started",
        clocks=clocks,
        imrs=imr_states(review, regime.scr_events.imr_received, today),
        next_steps=next_steps(review, regime),
        milestones=milestones(clocks, review, regime, cal),
        sections=sections,
        lead=_lead(review, regime),
        signed_progress=signed,
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
