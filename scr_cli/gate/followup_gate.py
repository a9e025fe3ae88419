"""The hooks' rules for the records beside a review: new events they forbid, and signed progress entries.

Called from `check_transition` (gate/hooks.py), so pre-commit and pre-receive apply them alike:
- an event added to log.yaml that review/event_gate.py refuses (the plan closed with an action open, an
  adoption or publication an open proceeding holds, papers destroyed too early);
- a signed entry added to (or changed in) 07-action-plan/progress.yaml whose sign-off is not valid.
Nothing is read unless log.yaml or progress.yaml changed, and gpg runs only for what needs a signature.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from scr_cli.adapters.git import Change
from scr_cli.errors import ScrError
from scr_cli.gate.tracking_tree import tree_review
from scr_cli.review import layout
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.drafts import Refusal
from scr_cli.review.event_gate import event_refusals, gated_events, new_events
from scr_cli.review.model import Issue, Pos, ProgressEntry, Review
from scr_cli.review.monitoring import signature_state
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import Verify
from scr_cli.review.tracking_build import events, progress_entries
from scr_cli.store import bankholidays
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import decode, parse


@dataclass(frozen=True)
class RecordRefusal(Refusal):
    """A refusal whose fix is a sentence, not a command."""

    def line(self) -> str:
        return f"{self.path}: {self.message} — {self.fix}"


def _refusal(issue: Issue) -> RecordRefusal:
    where = f"{issue.path}:{issue.line}:{issue.column or 1}" if issue.line else issue.path
    return RecordRefusal(where, issue.message, issue.hint)


def _data(tree: Tree, path: str) -> Any:
    raw = tree.read(path)
    if raw is None:
        return None
    try:
        return parse(decode(raw, path)[0], path).data
    except ScrError:
        return None


def _nowhere(path: str, key: tuple[Any, ...]) -> Pos:
    return Pos(path)


def _read(new: Tree) -> tuple[Review | None, list[Refusal]]:
    try:
        return tree_review(new), []
    except ScrError as exc:
        return None, [RecordRefusal(exc.location() or "the review", exc.message, "run `scr check` and fix it first")]


def _event_refusals(old: Tree, new: Tree, regime: Regime, verify: Verify) -> list[Refusal]:
    added = new_events(list(events(_data(old, layout.LOG), _nowhere)), list(events(_data(new, layout.LOG), _nowhere)))
    gated = [e for e in added if e.event in gated_events(regime)]
    if not gated:
        return []
    review, broken = _read(new)
    if review is None:
        return broken
    out: list[Refusal] = []
    for event in gated:
        logged = next((e for e in review.events if (e.event, e.date) == (event.event, event.date)), event)
        cal = WorkingCalendar(bankholidays.for_review(review, event.date))
        base = replace(review, events=tuple(e for e in review.events if e.index != logged.index))
        out += [_refusal(i) for i in event_refusals(logged, base, regime, cal, verify)]
    return out


def _signed_key(e: ProgressEntry) -> tuple[object, ...]:
    sig = e.signed
    return (e.action, e.date, e.status, e.note, tuple((ev.kind, ev.value) for ev in e.evidence), e.new_due, e.agreed_by,
            (sig.person, sig.date, sig.fingerprint, sig.signature) if sig else None)


def _signature_refusals(old: Tree, new: Tree, regime: Regime, verify: Verify, changed: set[str]) -> list[Refusal]:
    """Signed entries that are new or changed, or whose evidence changed, must carry a valid sign-off."""
    before = {_signed_key(e) for e in progress_entries(_data(old, layout.PROGRESS), _nowhere, lambda p: "")}
    signed = [e for e in progress_entries(_data(new, layout.PROGRESS), _nowhere, lambda p: "") if e.signed]
    touched = {ev.value for e in signed for ev in e.evidence if ev.kind == "file"} & changed
    if not touched and all(_signed_key(e) in before for e in signed):
        return []
    review, broken = _read(new)
    if review is None:
        return broken
    out: list[Refusal] = []
    judged = [e for e in review.tracking.progress if e.signed and (
        _signed_key(e) not in before or any(ev.value in touched for ev in e.evidence if ev.kind == "file"))]
    for entry in judged:
        action = next((a for a in review.actions if a.id == entry.action), None)
        if action is None:
            out.append(_refusal(Issue.at(entry.pos, "progress-action", f"a signed entry names no action "
                                         f"'{entry.action}' of the action plan", "correct the action id")))
            continue
        state = signature_state(entry, action, review, regime, verify)
        if state is not None and state.state != "valid":
            out.append(_refusal(Issue.at(entry.pos, "progress-signoff",
                                         f"the sign-off of {entry.action}'s completion is {state.state}: "
                                         f"{state.reason}",
                                         f"sign the entry again: `scr action signoff {entry.action}`")))
    return out


def followup_refusals(old: Tree, new: Tree, changes: Sequence[Change], regime_of: Callable[[Tree], Regime],
                      verifier_of: Callable[[Tree], Verify]) -> list[Refusal]:
    """What the change may not do to log.yaml and progress.yaml (see the module's docstring)."""
    changed = {c.path for c in changes}
    if not layout.touches_follow_up(changed):
        return []
    regime = regime_of(new)
    verify = verifier_of(new)  # a SignatureCheck: made, and gpg started, only on first use
    out: list[Refusal] = []
    if layout.LOG in changed:
        out += _event_refusals(old, new, regime, verify)
    return out + _signature_refusals(old, new, regime, verify, changed)
