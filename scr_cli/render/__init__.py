"""All terminal output. The only package (with app.py) that imports rich.

Plain text when stdout is not a terminal: no colour (rich does that itself) and tables as one line per row,
never wrapped, so `scr status | grep overdue` finds whole rows. `--json` output is written raw.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from scr_cli.review.model import Issue

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

RAG_STYLE = {"red": "bold red", "amber": "yellow", "green": "green", "grey": "dim"}


def table(t: Table) -> None:
    """A rich table on a terminal; elsewhere its title, then header and rows in padded columns, one line each."""
    if out.is_terminal:
        out.print(t)
        return
    columns = [[_plain(c.header), *(_plain(cell) for cell in c.cells)] for c in t.columns]
    widths = [max(len(v) for v in col) for col in columns]
    if t.title:
        out.print(escape(_plain(t.title)))
    for row in zip(*columns, strict=True):
        out.print(escape("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()))


def _plain(cell: object) -> str:
    return Text.from_markup(cell).plain if isinstance(cell, str) else str(cell)


def error(message: str) -> None:
    err.print(f"scr: error: {escape(message)}", style="red" if err.is_terminal else None)


def warn(message: str) -> None:
    err.print(f"scr: warning: {escape(message)}")


def line(message: str = "", style: str | None = None) -> None:
    out.print(escape(message), style=style)


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
        out.print(escape(issue_line(issue)), style=style if out.is_terminal else None)
