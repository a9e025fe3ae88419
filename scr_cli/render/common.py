"""Short confirmations printed by commands that change something."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from scr_cli.render import out, table, warn


def created(result: Any) -> None:
    out.print(f"Created review in {escape(str(result.root))} ({result.files} files, "
              f"first commit {result.commit[:10]}).")
    out.print("Next: edit people.yaml and agencies.yaml, then `scr status` and `scr check`.")


def logged(result: Any) -> None:
    out.print(f"Logged {result.event} on {result.date}: {escape(result.title)} (log.yaml; not committed).")
    for issue in result.warnings:
        warn(f"{issue.message} — {issue.hint}" if issue.hint else issue.message)
    if getattr(result, "aside", ""):
        out.print(f"Note: {escape(result.aside)}")


def shown(result: Any) -> None:
    """`scr log --show`: one row per logged event, in date order, with its fields and note."""
    from rich.table import Table

    if not result.events:
        out.print(f"No '{escape(result.only)}' events logged yet." if result.only else "No events logged yet.")
        return
    rows = Table(title="Events logged" + (f": {escape(result.only)}" if result.only else ""), title_justify="left")
    for column in ("date", "event", "fields", "where"):
        rows.add_column(column)
    for item in result.events:
        e = item.event
        fields = [f"{name}={value}" for name, value in e.fields.items()] + ([f"note={e.note}"] if e.note else [])
        rows.add_row(str(e.date), escape(e.event), escape("; ".join(fields)), f"log.yaml:{e.pos.line}")
    table(rows)


def event_list(regime: Any, events: list[Any]) -> None:
    out.print(f"Events of {escape(regime.title)}:")
    for e in events:
        fields = " ".join(f"{f.name}=" + ("|".join(f.choices) if f.choices else f.type) + ("" if f.required else "?")
                          for f in e.fields)
        out.print(f"  {e.id:<28} {escape(e.title)}" + (escape(f"  [{fields}]") if fields else ""))


def demo_done(result: Any) -> None:
    out.print()
    for line in result.notes:
        out.print(escape(line))
