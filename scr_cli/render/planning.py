"""Output of `scr plan`, `scr calendar` and `scr regime`, and the milestones table `scr status` shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scr_cli.render import issue_line
from scr_cli.render import screen as out  # plain text without rich when not a terminal (scr status shows milestones)
from scr_cli.render import table as show
from scr_cli.render.plain import Table, escape
from scr_cli.review.milestones import Milestone

if TYPE_CHECKING:
    from scr_cli.commands.calendar import CalendarResult
    from scr_cli.commands.plan import PlanResult, PlanShown
    from scr_cli.commands.regime import RegimeShown, SwitchResult


def _note(m: Milestone) -> str:
    if m.late_plan and m.due and m.planned:
        days = (m.planned - m.due).days
        return f"[bold red]plan is {days} day{'s' if days != 1 else ''} later than the rules allow[/]"
    notes = []
    if m.projected and m.actual is None:
        notes.append("due counted from a planned date")
    if m.falls_on and m.actual is None:
        notes.append(f"due on a {m.falls_on}")
    if not m.statutory:
        notes.append("local target")
    return escape("; ".join(notes))


def milestones_table(rows: list[Milestone]) -> None:
    """Each milestone: the latest date the rules allow, the planned date and the date it happened."""
    table = Table(title="Milestones", title_justify="left")
    for col in ("Milestone", "Rules allow", "Planned", "Actual", "Note"):
        table.add_column(col)
    for m in rows:
        table.add_row(escape(m.title), str(m.due or "—"), str(m.planned or "—"), str(m.actual or "—"), _note(m))
    show(table)


def milestone_json(m: Milestone) -> dict[str, Any]:
    return dict(m.__dict__)


def planned(result: PlanResult) -> None:
    who = f" ({result.agency})" if result.agency else ""
    moved = f", moved from {result.previous}" if result.previous else ""
    out.print(f"Planned {result.event}{escape(who)} for {result.date}{moved}: {escape(result.title)} "
              "(plan.yaml; not committed).")


def plan_shown(result: PlanShown) -> None:
    out.print(f"[bold]{escape(result.reference)}[/bold] · plan as of {result.today}")
    if result.milestones:
        milestones_table(result.milestones)
    else:
        out.print("Nothing is planned yet: `scr plan EVENT --date YYYY-MM-DD`.")


def calendar_written(result: CalendarResult) -> None:
    out.print(f"Wrote {escape(str(result.path))}: {result.deadlines} deadline{'s' if result.deadlines != 1 else ''}"
              f" and {result.planned} planned date{'s' if result.planned != 1 else ''}"
              + (f"; {result.moved} moved (their SEQUENCE rose)" if result.moved else "") + ".")
    if result.state_changed:
        out.print(f"Updated {escape(str(result.state_path.name))} in .scr/: commit it, so the next calendar "
                  "from any copy of the review continues its sequence numbers.")


def regime_shown(result: RegimeShown) -> None:
    r = result.regime
    base = f" (local variant of {result.base}, {result.variant})" if result.variant else ""
    out.print(f"[bold]{escape(r.id)}[/bold]{escape(base)}: {escape(r.title)}")
    table = Table(title="Clocks", title_justify="left")
    for col in ("Clock", "From", "Length", "Roll", "Kind", "Source"):
        table.add_column(col)
    for c in r.clocks:
        start = f"before {c.before}" if c.before else (c.starts or "")
        kind = ("statutory" if c.statutory else "local target") + (f", set by {c.origin}" if c.origin else "")
        table.add_row(escape(c.title), escape(start), c.due.describe(), c.roll, escape(kind), escape(c.source))
    show(table)
    out.print(f"{len(r.events)} events, {len(r.documents)} documents, {len(r.roles)} roles. "
              f"Shipped regimes: {', '.join(result.shipped)}.")


def switched(result: SwitchResult) -> None:
    out.print(f"The review now follows {result.new} (was {result.old}); logged on {result.date} and committed "
              f"as {result.commit[:10]} ({', '.join(result.files)}).")
    if result.to_fix:
        out.print(f"[yellow]{len(result.to_fix)} thing(s) to fix under the new rules:[/]")
        for issue in result.to_fix:
            out.print("  " + escape(issue_line(issue)))
