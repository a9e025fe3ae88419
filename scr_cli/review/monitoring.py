"""Action plan monitoring: where each action stands from its progress entries, and each completion's sign-off.

Pure. The signed action plan is never touched: progress is recorded beside it (07-action-plan/progress.yaml),
each entry a signed content of its own. A completion counts only with evidence and a valid signature by the
owning agency's holder of the regime's signer role; signatures are checked by the `verify` passed in (gpg,
against the chair-signed readers list), or, where none is passed (`scr portfolio`, which has no keys), taken as
the hooks left them: a signature the gate let into git.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from scr_cli.review import layout
from scr_cli.review.canonical import action_row_values, action_rows_from_model, frame
from scr_cli.review.clocks import Rag, WorkingCalendar, shift
from scr_cli.review.model import Action, ProgressEntry, Review, SignOff
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import SignatureCheck, SignoffState, Verify, signoff_state

STATUSES = ("not-started", "on-track", "at-risk", "complete")
ENTRY_FORMAT = "scr-progress/1"
ROW_FORMAT = "scr-action/1"
# The plan's own status (as at adoption), read when an action has no progress entry yet.
_FROM_PLAN = {"in-progress": "on-track", "overdue-agreed": "at-risk"}


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=lambda o: o.isoformat() if isinstance(o, date) else str(o))


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def action_row(action: Action) -> dict[str, Any]:
    return action_rows_from_model([action])[0]


def row_digest(row: Mapping[str, Any]) -> str:
    """A digest of one action of the plan, every field in a fixed order (its wording, owner, due date...)."""
    return _sha(frame(ROW_FORMAT, [("row", _json(action_row_values(row)))]))


def entry_fingerprint(entry: ProgressEntry, plan_row: str) -> str:
    """What a completion's sign-off covers: the entry (evidence files by their digest) and the action it is on."""
    evidence = [[e.kind, e.value, e.digest] for e in entry.evidence]
    parts = [
        ("action", entry.action),
        ("date", entry.date.isoformat()),
        ("status", entry.status),
        ("note", entry.note),
        ("evidence", _json(evidence)),
        ("new_due", entry.new_due.isoformat() if entry.new_due else ""),
        ("agreed_by", entry.agreed_by or ""),
        ("plan_action", plan_row),
    ]
    return _sha(frame(ENTRY_FORMAT, parts))


def record(entry: ProgressEntry) -> SignOff:
    """The sign-off record of a signed entry, in the form `scr signoff` signs (review/canonical.record_bytes)."""
    sig = entry.signed
    assert sig is not None
    return SignOff(f"{layout.PROGRESS}#{entry.action}", 1, sig.fingerprint, sig.person, sig.role, sig.date, sig.pos,
                   sig.agency, sig.signature)


def signature_state(entry: ProgressEntry, action: Action, review: Review, regime: Regime,
                    verify: Verify) -> SignoffState | None:
    """The state of an entry's sign-off (None when unsigned): valid only by the owning agency's signer."""
    if entry.signed is None:
        return None
    signed = record(entry)
    want = regime.followup.monitoring.signer
    if signed.role != want:
        return SignoffState(signed, "invalid", f"signed as {signed.role}, not as {want}")
    if signed.agency != action.owner_agency:
        return SignoffState(signed, "invalid", f"signed for '{signed.agency}', not the owner '{action.owner_agency}'")
    trust = verify.trust if isinstance(verify, SignatureCheck) else None  # no signed list: nobody's counts
    return signoff_state(signed, review, regime, entry_fingerprint(entry, row_digest(action_row(action))), verify,
                         trust)


@dataclass(frozen=True)
class ActionState:
    """Where one action stands on a day: its status, agreed due date, RAG, and whether its completion counts."""

    action: Action
    status: str
    due: date | None
    original_due: date | None
    rag: Rag
    label: str
    overdue_days: int = 0
    latest: ProgressEntry | None = None
    completion: str = ""  # signed | awaiting sign-off | no evidence | sign-off invalid: ... | in the plan only
    completed_on: date | None = None
    updates: int = 0
    agreed_by: str | None = None

    @property
    def done(self) -> bool:
        return self.completion == "signed"


def entries_for(review: Review, action_id: str) -> list[ProgressEntry]:
    return [e for e in review.tracking.progress if e.action == action_id]


def agreed_due(action: Action, entries: Sequence[ProgressEntry]) -> tuple[date | None, str | None]:
    """The due date now (the last agreed new date, else the plan's) and who agreed it."""
    moved = [e for e in entries if e.new_due is not None]
    return (moved[-1].new_due, moved[-1].agreed_by) if moved else (action.due, None)


def claimed_status(action: Action, entries: Sequence[ProgressEntry]) -> str:
    """The status the records claim, signatures unchecked (the last entry's, else the plan's own)."""
    if entries:
        return entries[-1].status
    return _FROM_PLAN.get(action.status, action.status if action.status in STATUSES else "not-started")


def _completion(latest: ProgressEntry | None, action: Action, review: Review, regime: Regime,
                verify: Verify | None) -> str:
    if latest is None:
        return "in the plan only (no signed progress entry)" if action.status == "complete" else ""
    if latest.status != "complete":
        return ""
    if not latest.evidence:
        return "no evidence"
    if latest.signed is None:
        return "awaiting sign-off"
    if verify is None:
        return "signed"  # committed, so the hooks checked it
    state = signature_state(latest, action, review, regime, verify)
    if state is None or state.state == "valid":
        return "signed"
    return f"sign-off {state.state}: {state.reason}"


def _rag(status: str, done: bool, due: date | None, today: date, cal: WorkingCalendar,
         regime: Regime) -> tuple[Rag, str, int]:
    if done:
        return "green", "complete", 0
    if status == "complete":
        return "amber", "complete, not yet counted", 0
    if due is None:
        return "grey", "no due date", 0
    if today > due:
        days = (today - due).days
        return "red", f"overdue by {days} day{'s' if days != 1 else ''}", days
    if status == "at-risk":
        return "amber", "at risk", 0
    soon = regime.followup.monitoring.due_soon
    if soon is not None and due <= shift(today, soon, cal):
        left = cal.working_days_between(today, due)
        return "amber", f"due in {left} working day{'s' if left != 1 else ''}", 0
    return "green", status.replace("-", " "), 0


def action_state(action: Action, review: Review, regime: Regime, today: date, cal: WorkingCalendar,
                 verify: Verify | None) -> ActionState:
    entries = entries_for(review, action.id)
    latest = entries[-1] if entries else None
    status = claimed_status(action, entries)
    due, agreed_by = agreed_due(action, entries)
    completion = _completion(latest, action, review, regime, verify)
    rag, label, overdue = _rag(status, completion == "signed", due, today, cal, regime)
    if status == "complete" and completion != "signed":
        label = f"complete: {completion}" if completion else label
    return ActionState(action, status, due, action.due if due != action.due else None, rag, label, overdue, latest,
                       completion, latest.date if latest and completion == "signed" else None, len(entries),
                       agreed_by)


def action_states(review: Review, regime: Regime, today: date, cal: WorkingCalendar,
                  verify: Verify | None = None) -> list[ActionState]:
    return [action_state(a, review, regime, today, cal, verify) for a in review.actions]


def open_actions(states: Sequence[ActionState]) -> list[ActionState]:
    """The actions that keep the plan open: not complete with evidence and a valid sign-off."""
    return [s for s in states if not s.done]


def summary(states: Sequence[ActionState]) -> dict[str, int]:
    """How many actions are complete, overdue, at risk or due soon, and on track."""
    counts = {"actions": len(states), "complete": 0, "overdue": 0, "amber": 0, "on_track": 0}
    for s in states:
        if s.done:
            counts["complete"] += 1
        elif s.rag == "red":
            counts["overdue"] += 1
        elif s.rag == "amber":
            counts["amber"] += 1
        else:
            counts["on_track"] += 1
    return counts
