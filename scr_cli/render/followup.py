"""Output of `scr action`, `scr actions`, `scr foi`, `scr evaluation` and `scr retention`."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from scr_cli.render import RAG_STYLE, json_out, out
from scr_cli.render import table as show

if TYPE_CHECKING:  # annotations only: the commands import what they need
    from scr_cli.commands.actions import ActionsResult, Exported, Updated
    from scr_cli.gate.progress_signing import ActionSigned
    from scr_cli.review.monitoring import ActionState


def _rag(rag: str, text: str) -> str:
    mark = "○ —" if rag == "grey" else f"● {rag}"  # the word too: piped output has no colour
    return f"[{RAG_STYLE.get(rag, 'dim')}]{mark}[/] {escape(text)}"


def updated(result: Updated) -> None:
    e = result.entry
    out.print(f"Recorded {e.status} for {e.action} on {e.date} in 07-action-plan/progress.yaml (not committed).")
    if e.new_due:
        out.print(f"New due date {e.new_due}, agreed by {escape(e.agreed_by or '')}.")
    if result.awaiting_signoff:
        out.print(f"It counts as complete once the owning agency's {result.signer} signs it: "
                  f"`scr action signoff {e.action}`.")


def action_signed(result: ActionSigned) -> None:
    out.print(f"Signed the completion of {result.action} as {escape(result.person)} for {escape(result.agency)} "
              f"({result.fingerprint[:19]}…); 07-action-plan/progress.yaml updated (not committed).")


def _row(s: ActionState) -> list[str]:
    due = str(s.due or "—") + (f" (was {s.original_due})" if s.original_due else "")
    latest = f"{s.latest.date}: {s.latest.note}" if s.latest else "no progress recorded"
    return [escape(s.action.id), escape(s.action.owner_agency), escape(s.action.action), due,
            _rag(s.rag, s.label), escape(s.completion or "—"), escape(latest)]


def actions_table(result: ActionsResult) -> None:
    info = result.review.info
    out.print(f"[bold]{escape(info.reference)}[/bold] · action plan · today {result.today}")
    table = Table(title="Actions", title_justify="left")
    for col in ("ID", "Owner", "Action", "Due", "State", "Completion", "Latest"):
        table.add_column(col)
    for s in result.states:
        table.add_row(*_row(s))
    show(table)
    if not result.states:
        out.print("No actions to show.")


def action_json(s: ActionState) -> dict[str, Any]:
    a = s.action
    return {"id": a.id, "recommendation": a.recommendation, "action": a.action, "owner_agency": a.owner_agency,
            "owner_officer": a.owner_officer, "outcome": a.outcome, "measure": a.measure,
            "evidence_required": a.evidence, "audit": a.audit, "due_plan": a.due, "due": s.due,
            "agreed_by": s.agreed_by, "status": s.status, "rag": s.rag, "state": s.label,
            "overdue_days": s.overdue_days, "completion": s.completion, "completed_on": s.completed_on,
            "updates": s.updates, "latest": {"date": s.latest.date, "note": s.latest.note} if s.latest else None}


def actions_json(result: ActionsResult) -> None:
    json_out({"reference": result.review.info.reference, "today": result.today,
              "actions": [action_json(s) for s in result.states]})


def exported(result: Exported) -> None:
    if result.path is None:
        sys.stdout.write(result.text)
        return
    out.print(f"Wrote {escape(str(result.path))} ({result.rows} action{'s' if result.rows != 1 else ''}).")
