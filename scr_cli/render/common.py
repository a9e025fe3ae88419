"""Short confirmations printed by commands that change something."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from scr_cli.render import out


def created(result: Any) -> None:
    out.print(f"Created review in {escape(str(result.root))} ({result.files} files, "
              f"first commit {result.commit[:10]}).")
    out.print("Next: edit people.yaml and agencies.yaml, then `scr status` and `scr check`.")


def logged(result: Any) -> None:
    out.print(f"Logged {result.event} on {result.date}: {escape(result.title)} (log.yaml; not committed).")


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
