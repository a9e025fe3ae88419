"""Output of `scr foi`, `scr evaluation` and `scr retention`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from scr_cli.render import RAG_STYLE, json_out, out
from scr_cli.render import table as show

if TYPE_CHECKING:  # annotations only
    from scr_cli.commands.evaluation import EvaluationResult
    from scr_cli.commands.foi import FoiResult
    from scr_cli.commands.retention import RetentionResult
    from scr_cli.review.clocks import ClockStatus


def _state(c: ClockStatus) -> str:
    if c.state == "met":
        text = f"answered {c.met_on}" + (f", {c.late_by_days} days late" if c.late_by_days else "")
    elif c.state == "missed":
        text = f"overdue by {c.days_overdue} days"
    else:
        text = f"{c.working_days_left} working days left"
    return f"[{RAG_STYLE[c.rag]}]● {c.rag}[/] {escape(text)}"


def foi_list(result: FoiResult, exemptions: bool = False) -> None:
    if result.written:
        out.print(f"Recorded {escape(result.written)} in 08-publication/foi.yaml (sensitive: `scr lock` before "
                  "committing).")
    if result.locked:
        out.print("08-publication/foi.yaml is locked: `scr unlock 08-publication/foi.yaml` to see the requests.")
        return
    table = Table(title="FOI requests", title_justify="left")
    for col in ("ID", "Received", "Due", "State", "Chair consulted", "Exemptions considered", "Outcome"):
        table.add_column(col)
    for request, clock in result.requests:
        considered = ", ".join(e + (" (applied)" if e in request.applied else "") for e in request.considered)
        table.add_row(escape(request.id), str(request.received), str(clock.due), _state(clock),
                      str(request.chair_consulted or "—"), escape(considered or "—"), escape(request.outcome or "—"))
    show(table)
    if exemptions:
        out.print(f"Exemptions to consider (procedure {escape(result.rules.source)}):")
        for k in result.rules.exemptions:
            out.print(f"  {k.id:<18} {escape(k.title)} ({k.section}, {k.test})")


def evaluation_done(result: EvaluationResult) -> None:
    ev = result.evaluation
    grades = ", ".join(f"{k} {v}" for k, v in ev.grades)
    out.print(f"Ofsted's evaluation ({ev.received}): overall {escape(ev.overall)}" +
              (f"; {escape(grades)}" if grades else "") + " (08-publication/evaluation.yaml; not committed).")
    if result.logged:
        out.print(f"Logged {result.logged} on {ev.received}: the published summary is due to Ofsted within a month.")
    if ev.issues and not ev.issues_addressed:
        out.print("Publication waits until its issues are addressed: `scr evaluation addressed --date ...`.")
    elif ev.issues_addressed:
        out.print(f"Issues addressed {ev.issues_addressed}: publication no longer waits on them.")


def retention_out(result: RetentionResult, as_json: bool) -> None:
    if as_json:
        json_out({"reference": result.review.info.reference, "today": result.today, "after": result.after,
                  "items": [_item(r) for r in result.items]})
        return
    table = Table(title=f"Retention (from '{result.after}')", title_justify="left")
    for col in ("Papers", "Kept", "From", "State", "Record it with"):
        table.add_column(col)
    for r in result.items:
        kept = r.item.keep.describe() if r.item.keep.amount else f"none: destroyed at '{result.after}'"
        table.add_row(escape(r.item.title), escape(kept), str(r.earliest or "—"), escape(r.describe),
                      f"scr log {r.item.destroyed_by} --date ... what=... by=PERSON" if r.state != "destroyed" else "")
    show(table)


def _item(r: Any) -> dict[str, Any]:
    return {"id": r.item.id, "title": r.item.title, "keep": r.item.keep.describe(), "start": r.start,
            "earliest": r.earliest, "state": r.state, "destroyed_by": r.item.destroyed_by,
            "destroyed": [{"date": e.date, "what": e.fields.get("what"), "by": e.fields.get("by")}
                          for e in r.destroyed]}
