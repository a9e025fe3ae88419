"""What `scr status` adds about the records beside a review: the action plan, what waits on what, publication.

Pure. Each section is a list of rows; every row has a `line` for the terminal and its values for --json.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.model import Review
from scr_cli.review.monitoring import action_states, summary
from scr_cli.review.proceedings import is_open, waits
from scr_cli.review.publication import evaluation_holds, publication_state
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import Verify


def _where(path: str, line: int) -> str:
    return f"{path}:{line}" if line else path


def action_rows(review: Review, regime: Regime, today: date, cal: WorkingCalendar,
                verify: Verify | None) -> list[dict[str, Any]]:
    if not review.actions:
        return []
    states = action_states(review, regime, today, cal, verify)
    counts = summary(states)
    line = (f"{counts['actions']} actions: {counts['complete']} complete with signed evidence, "
            f"{counts['overdue']} overdue, {counts['amber']} at risk or due soon, {counts['on_track']} on track")
    rows: list[dict[str, Any]] = [{"line": line, **counts}]
    for s in states:
        if s.rag in ("red", "amber"):
            rows.append({"line": f"{s.action.id} ({s.action.owner_agency}): {s.label}, due {s.due}",
                         "id": s.action.id, "rag": s.rag, "state": s.label, "due": s.due})
    return rows


def wait_rows(review: Review, regime: Regime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for w in waits(review, regime):
        where = _where(w.proceeding.pos.path, w.proceeding.pos.line)
        rows.append({"line": f"{w.hold.title} waits on {w.reason} ({where})", "hold": w.hold.id,
                     "proceeding": w.proceeding.id, "reason": w.reason, "where": where})
    ev = evaluation_holds(review, regime)
    if ev is not None:
        rows.append({"line": "Publication waits on the issues Ofsted's evaluation raised "
                             f"({_where(ev.pos.path, ev.pos.line)})",
                     "hold": regime.followup.evaluation.holds, "proceeding": None, "reason": "evaluation issues",
                     "where": _where(ev.pos.path, ev.pos.line)})
    return rows


def publication_rows(review: Review, regime: Regime) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    ev = review.tracking.evaluation
    if ev is not None:
        grades = ", ".join(f"{k} {v}" for k, v in ev.grades)
        rows.append({"line": f"Ofsted's evaluation ({ev.received}): overall {ev.overall}" +
                             (f"; {grades}" if grades else ""),
                     "received": ev.received, "overall": ev.overall, "grades": dict(ev.grades),
                     "issues_addressed": ev.issues_addressed})
    steps = regime.followup.board.publication
    if any(review.events_of(s.event) for s in steps) or review.tracking.proceedings:
        rows.insert(0, {"line": f"Publication: {publication_state(review, regime)}",
                        "state": publication_state(review, regime)})
    open_count = sum(1 for p in review.tracking.proceedings if is_open(p))
    if review.tracking.proceedings:
        rows.append({"line": f"Proceedings: {open_count} open of {len(review.tracking.proceedings)}",
                     "open": open_count, "total": len(review.tracking.proceedings)})
    if review.tracking.foi_locked:
        rows.append({"line": "FOI requests: 08-publication/foi.yaml is locked (`scr unlock` shows their clocks)",
                     "foi_locked": True})
    return rows


def status_sections(review: Review, regime: Regime, today: date, cal: WorkingCalendar,
                    verify: Verify | None) -> dict[str, list[dict[str, Any]]]:
    sections: dict[str, list[dict[str, Any]]] = {
        "action_plan": action_rows(review, regime, today, cal, verify),
        "waiting_on": wait_rows(review, regime),
        "publication": publication_rows(review, regime),
    }
    return sections
