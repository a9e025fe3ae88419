"""Rendering of `scr status`, `scr check`, `scr log` and `scr new`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scr_cli.render import RAG_STYLE, issues
from scr_cli.render import screen as out  # plain text without rich when not a terminal
from scr_cli.render import table as show
from scr_cli.render.plain import Table, escape
from scr_cli.render.planning import milestone_json, milestones_table
from scr_cli.review.clocks import ClockStatus

if TYPE_CHECKING:  # only for annotations: importing check would load the validators `scr status` can skip
    from scr_cli.commands.check import CheckResult
    from scr_cli.commands.status import StatusResult


def _when(c: ClockStatus) -> str:
    if c.state == "running":
        left = c.working_days_left or 0
        return "due today" if left == 0 else f"{left} working day{'s' if left != 1 else ''} left"
    if c.state == "missed":
        return f"overdue by {c.days_overdue} day{'s' if c.days_overdue != 1 else ''}"
    if c.state == "met":
        if c.note:
            return c.note
        if c.late_by_days:
            return f"met {c.met_on}, {c.late_by_days} day{'s' if c.late_by_days != 1 else ''} late"
        early = c.early_by_days
        return f"met {c.met_on}" + (f", {early} day{'s' if early != 1 else ''} early" if early else "")
    return {"not-started": "not started", "not-applicable": "not applicable"}[c.state]


def _due(c: ClockStatus) -> str:
    if c.due is None:
        return "—"
    text = c.due.isoformat()
    if c.original_due:
        text += f" (was {c.original_due})"
    if c.falls_on:
        text += f" (a {c.falls_on})"
    if c.anchor_planned:
        text += f" (from the plan: {c.start})"
    return text


def status(result: StatusResult) -> None:
    info = result.review.info
    rules = info.regime
    if result.regime is not None and result.regime.extends:
        rules = f"{result.regime.id} (local variant of {info.regime})"
    out.print(f"[bold]{escape(info.reference)}[/bold] · {escape(info.board)} · {escape(info.child)} · "
              f"regime {escape(rules)}")
    out.print(f"Stage: [bold]{result.stage_title}[/bold]    Today: {result.today}")
    _lead(result)
    _clocks(result)
    _extensions(result)
    if result.milestones:
        milestones_table(result.milestones)
    _next_due(result)
    _next_steps(result)
    _imrs(result)
    _documents(result)
    _signoffs(result)
    _extras(result)
    if result.warnings:
        out.print(f"[yellow]{len(result.warnings)} warning(s): run `scr check` to see them[/]")


def _lead(result: StatusResult) -> None:
    lead, where = result.lead, result.review.info.where
    if lead is not None:
        who = "this board" if lead.ours else escape(lead.board)
        agreed = f" (agreed otherwise: {escape(where.lead_agreed)})" if where and where.lead_agreed else ""
        out.print(f"Lead board: {who} — {escape(lead.why)}: {escape(lead.area)}{agreed}")
    if where is not None and where.cooperating:
        out.print("Co-operating boards: " + escape(", ".join(b for b, _ in where.cooperating)))


def _clocks(result: StatusResult) -> None:
    table = Table(title="Clocks", title_justify="left", show_lines=False, expand=False)
    for col in ("RAG", "Clock", "Started", "Due", "State"):
        table.add_column(col)
    for c in result.clocks:
        mark = "○ —" if c.rag == "grey" else f"● {c.rag}"  # the word too: piped output has no colour
        table.add_row(f"[{RAG_STYLE[c.rag]}]{mark}[/]", escape(c.title), str(c.start or "—"), _due(c),
                      f"[{RAG_STYLE[c.rag]}]{_when(c)}[/]")
    show(table)


def _extensions(result: StatusResult) -> None:
    for c in result.clocks:
        if c.extension:
            ext = c.extension
            told = f"Ofsted told {ext.notified_on}" if ext.notified_on else "[bold red]Ofsted not yet told[/]"
            out.print(f"Extension ({escape(c.title)}): agreed {ext.agreed_on}, new date {ext.new_date} "
                      f"(was {c.original_due}); reason: {escape(ext.reason)}; {told}")


def _next_due(result: StatusResult) -> None:
    if result.next_due:
        out.print("[bold]Next due[/bold]")
        for c in result.next_due:
            out.print(f"  {c.due}  {escape(c.title)} ({_when(c)})")


def _imrs(result: StatusResult) -> None:
    if not result.imrs:
        return
    imr = Table(title="IMRs", title_justify="left")
    for col in ("Agency", "Sector", "State", "Dated", "Due", "Received"):
        imr.add_column(col)
    for i in result.imrs:
        due = f"[bold red]{i.due} overdue[/]" if i.overdue else str(i.due or "—")
        imr.add_row(escape(i.name), i.sector, escape(i.state), str(i.date or "—"), due, str(i.received or "—"))
    show(imr)


def _documents(result: StatusResult) -> None:
    docs = Table(title="Documents", title_justify="left")
    for col in ("Document", "Version", "Date", "Status"):
        docs.add_column(col)
    for d in result.documents:
        if d.locked:
            docs.add_row(escape(d.path), "—", "—", "locked")
        else:
            docs.add_row(escape(d.path), str(d.version or "—"), str(d.date or "—"), d.status)
    show(docs)


def _signoffs(result: StatusResult) -> None:
    if not result.signoffs:
        return
    signed = Table(title="Sign-offs", title_justify="left")
    for col in ("Document", "Version", "Signed by", "Role", "State"):
        signed.add_column(col)
    style = {"valid": "green", "superseded": "dim", "stale": "yellow", "void": "yellow", "invalid": "bold red"}
    for st in result.signoffs:
        s = st.signoff
        state = st.state + (f": {st.reason}" if st.reason and st.state != "valid" else "")
        signed.add_row(escape(s.document), str(s.version), escape(s.person),
                       escape(s.role + (f" ({s.agency})" if s.agency else "")),
                       f"[{style[st.state]}]{escape(state)}[/]")
    show(signed)


def _extras(result: StatusResult) -> None:
    for section, rows in result.extras.items():
        if isinstance(rows, list) and rows:
            out.print(f"[bold]{section.replace('_', ' ').capitalize()}[/bold]")
            for row in rows:
                out.print(f"  {escape(str(row if isinstance(row, str) else row.get('line', row)))}")


def _next_steps(result: StatusResult) -> None:
    if not result.next_steps:
        return
    out.print("[bold]Next step[/bold]")
    for step in result.next_steps:
        out.print(f"  {escape(step.title)} is final: when it is done, record it with "
                  f"`{escape(step.command())}` ({escape(step.event_title.lower())})")


def check(result: CheckResult, strict: bool) -> None:
    issues(result.issues)
    verdict = "failed" if result.failed(strict) else "passed"
    out.print(f"check {verdict}: {result.errors} error(s), {result.warnings} warning(s) "
              f"in {result.files_checked} files")


def as_json(result: StatusResult) -> dict[str, Any]:
    def clock(c: ClockStatus) -> dict[str, Any]:
        data: dict[str, Any] = {k: v for k, v in c.__dict__.items() if k != "extension"}
        data["extension"] = dict(c.extension.__dict__) if c.extension else None  # same keys on every clock
        return data

    info = result.review.info
    where = info.where
    return {
        "reference": info.reference,
        "board": info.board,
        "child": info.child,
        "regime": info.regime,
        "rules": result.regime.id if result.regime is not None else info.regime,
        "today": result.today,
        "stage": {"id": result.stage, "title": result.stage_title},
        "clocks": [clock(c) for c in result.clocks],
        "next_due": [c.id for c in result.next_due],
        "next_steps": [{"document": s.document, "event": s.event, "command": s.command()} for s in result.next_steps],
        "milestones": [milestone_json(m) for m in result.milestones],
        "lead_board": dict(result.lead.__dict__) if result.lead else None,
        "cooperating_boards": [{"board": b, "area": a} for b, a in where.cooperating] if where else [],
        "imrs": [dict(i.__dict__) for i in result.imrs],
        "documents": [
            {"path": d.path, "title": d.title, "version": d.version, "date": d.date, "status": d.status,
             "locked": d.locked}
            for d in result.documents
        ],
        "warnings": len(result.warnings),
        "signoffs": [
            {"document": st.signoff.document, "version": st.signoff.version, "person": st.signoff.person,
             "role": st.signoff.role, "agency": st.signoff.agency, "date": st.signoff.date, "state": st.state,
             "reason": st.reason}
            for st in result.signoffs
        ],
        **result.extras,
    }
