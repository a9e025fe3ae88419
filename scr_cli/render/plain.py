r"""Output that is not a terminal, written without loading rich (~40 ms a process): the same text rich would print.

On a pipe or a file rich prints no colour and does not wrap (`soft_wrap=True`): what it writes is the markup's
text. This module produces exactly that text: markup tags dropped and `\[` escapes undone (rich's own tag
syntax), emoji codes such as `:thumbs_up:` replaced (rich's table, loaded only when a text has a `:code:`),
the control codes rich strips removed, and tabs expanded to columns of 8. `tests/test_hot_path.py` holds
it to rich's output. On a terminal, or when FORCE_COLOR / TTY_COMPATIBLE ask rich to colour a pipe, the
caller uses rich itself.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table as RichTable

_TAGS = re.compile(r"((\\*)\[([a-z#/@][^[]*?)])")
_ESCAPE = re.compile(r"(\\*)(\[[a-z#/@][^[]*?])")
_MAYBE_EMOJI = re.compile(r":\S*?:")
_CONTROL = dict.fromkeys((7, 8, 11, 12, 13))  # BEL, BS, VT, FF, CR: rich removes them from text
TAB_SIZE = 8


def escape(markup: str) -> str:
    """Text made safe to put into markup (the same function as rich.markup.escape)."""

    def double(match: re.Match[str]) -> str:
        backslashes, text = match.groups()
        return f"{backslashes}{backslashes}\\{text}"

    markup = _ESCAPE.sub(double, markup)
    if markup.endswith("\\") and not markup.endswith("\\\\"):
        return markup + "\\"
    return markup


def usable(stream: IO[str]) -> bool:
    """Whether rich would treat `stream` as not a terminal (so it prints plain text, as this module does)."""
    env = os.environ
    if "TTY_COMPATIBLE" in env or "FORCE_COLOR" in env or "JUPYTER_COLUMNS" in env:
        return False
    if getattr(sys.stdin, "__module__", "").startswith("idlelib"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return isatty is not None and not isatty()
    except ValueError:  # a closed stream: rich says "not a terminal" too
        return True


def _emoji(text: str) -> str:
    if not _MAYBE_EMOJI.search(text):
        return text
    from rich._emoji_replace import _emoji_replace  # the code table (~4,000 names) only when one may be used

    return _emoji_replace(text)


def _segment(text: str) -> str:
    return _emoji(text.replace("\\[", "[")).translate(_CONTROL)


def plain(markup: str) -> str:
    """The text of `markup` as rich renders it (tags dropped, escapes undone, emoji codes replaced)."""
    if "[" not in markup:
        return _emoji(markup).translate(_CONTROL)
    out: list[str] = []
    position = 0
    for match in _TAGS.finditer(markup):
        full_text, escapes, _ = match.groups()
        start, end = match.span()
        if start > position:
            out.append(_segment(markup[position:start]))
        position = end
        if escapes:
            backslashes, escaped = divmod(len(escapes), 2)
            out.append("\\" * backslashes)
            if escaped:
                out.append(_segment(full_text[len(escapes):]))
    if position < len(markup):
        out.append(_segment(markup[position:]))
    return "".join(out)


def expand_tabs(text: str) -> str:
    """Tabs as spaces to the next column of 8, counted in terminal cells (wide characters count two)."""
    if "\t" not in text:
        return text
    from rich.cells import cell_len  # small; only when a text holds a tab

    lines = []
    for line in text.split("\n"):
        column = 0
        parts = []
        for part in re.split(r"(?<=\t)", line):
            if part.endswith("\t"):
                part = part[:-1] + " "
                column += cell_len(part)
                if column % TAB_SIZE:
                    part += " " * (TAB_SIZE - column % TAB_SIZE)
                    column += TAB_SIZE - column % TAB_SIZE
            else:
                column += cell_len(part)
            parts.append(part)
        lines.append("".join(parts))
    return "\n".join(lines)


def write(stream: IO[str], markup: str) -> None:
    """One printed line, as rich's `Console(soft_wrap=True).print(markup)` writes it on a non-terminal."""
    stream.write(expand_tabs(plain(markup)) + "\n")


class Screen:
    """print() for status-like output: plain text without rich when not a terminal, else rich's console."""

    def __init__(self, console: Callable[[], Console], stderr: bool = False) -> None:
        self.console = console  # the rich console, made only when needed
        self.stderr = stderr

    @property
    def stream(self) -> IO[str]:
        return sys.stderr if self.stderr else sys.stdout

    @property
    def is_terminal(self) -> bool:
        return not usable(self.stream)

    def print(self, markup: object = "", style: str | None = None) -> None:
        """A markup string as rich prints it; anything else (a rich renderable) through rich itself."""
        if isinstance(markup, str) and usable(self.stream):
            write(self.stream, markup)
            return
        self.console().print(markup, style=style)


class Table:
    """The few parts of rich's Table that output uses, kept as text until printed (rich only on a terminal)."""

    def __init__(self, title: str = "", **options: Any) -> None:
        self.title = title
        self.options = options
        self.headers: list[str] = []
        self.rows: list[Sequence[str]] = []

    def add_column(self, header: str) -> None:
        self.headers.append(header)

    def add_row(self, *cells: str) -> None:
        self.rows.append(cells)

    def rich(self) -> RichTable:
        from rich.table import Table as RichTable

        table = RichTable(title=self.title or None, **self.options)
        for header in self.headers:
            table.add_column(header)
        for row in self.rows:
            table.add_row(*row)
        return table

    def plain_lines(self) -> list[str]:
        """Title, then header and rows in padded columns, one line each (each escaped, for write())."""
        columns = [[plain(h), *(plain(row[i]) for row in self.rows)] for i, h in enumerate(self.headers)]
        widths = [max(len(v) for v in col) for col in columns]
        lines = [escape(plain(self.title))] if self.title else []
        for row in zip(*columns, strict=True):
            lines.append(escape("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()))
        return lines
