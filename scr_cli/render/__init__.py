"""All terminal output. The only package (with app.py) that imports rich.

Plain text when stdout is not a terminal: no colour and tables as one line per row, never wrapped, so
`scr status | grep overdue` finds whole rows. `--json` output is written raw. Rich itself is loaded only
when something is printed to a terminal (or through `out`/`err`): plain output is written by render/plain.py,
which writes the same text rich would, so `scr status | cat` does not pay ~40 ms for rich.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any

from scr_cli.render.plain import Screen, escape
from scr_cli.render.plain import Table as PlainTable
from scr_cli.review.model import Issue

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

screen = Screen(lambda: _console("out"))  # print(markup): plain text when stdout is not a terminal, else rich
screen_err = Screen(lambda: _console("err"), stderr=True)

RAG_STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "grey": "dim"}


def __getattr__(name: str) -> Console:
    """`out` and `err`: rich consoles, made on first use (importing rich costs ~40 ms)."""
    if name not in ("out", "err"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    console = Console(stderr=name == "err", highlight=False, soft_wrap=True)
    globals()[name] = console
    return console


def _console(name: str) -> Console:
    found = globals().get(name)
    return found if found is not None else __getattr__(name)


def table(t: Table | PlainTable) -> None:
    """A rich table on a terminal; elsewhere its title, then header and rows in padded columns, one line each."""
    if isinstance(t, PlainTable):
        if screen.is_terminal:
            screen.print(t.rich())  # a renderable: rich prints it
        else:
            for text in t.plain_lines():
                screen.print(text)
        return
    if screen.is_terminal:
        screen.print(t)
        return
    from rich.text import Text

    def cell(value: object) -> str:
        return Text.from_markup(value).plain if isinstance(value, str) else str(value)

    columns = [[cell(c.header), *(cell(v) for v in c.cells)] for c in t.columns]
    widths = [max(len(v) for v in col) for col in columns]
    if t.title:
        screen.print(escape(cell(t.title)))
    for row in zip(*columns, strict=True):
        screen.print(escape("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()))


def error(message: str) -> None:
    screen_err.print(f"scr: error: {escape(message)}", style="red" if screen_err.is_terminal else None)


def warn(message: str) -> None:
    screen_err.print(f"scr: warning: {escape(message)}")


def line(message: str = "", style: str | None = None) -> None:
    screen.print(escape(message), style=style)


def json_out(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str, ensure_ascii=False) + "\n")


def issue_line(issue: Issue) -> str:
    where = issue.path
    if issue.line:
        where += f":{issue.line}:{issue.column or 1}"
    text = f"{where}: {issue.severity}: {issue.message}"
    return f"{text} — {issue.hint}" if issue.hint else text


def issues(found: list[Issue]) -> None:
    for issue in sorted(found, key=Issue.sort_key):
        style = "red" if issue.severity == "error" else "yellow"
        screen.print(escape(issue_line(issue)), style=style if screen.is_terminal else None)
