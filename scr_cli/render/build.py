"""Output of `scr build`: a progress bar while several documents build, then where each one went."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scr_cli.render import err, out


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[str, int, int], None]]:
    """A callback for commands.build.build: (what, done, total). Silent when stderr is not a terminal."""
    if not enabled or not err.is_terminal:
        yield lambda what, done, total: None
        return
    with Progress(
        TextColumn("building {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("", total=None)

        def update(what: str, done: int, total: int) -> None:
            bar.update(task, description=escape(what), completed=done, total=total)

        yield update


def built(paths: list[tuple[Path, bool, bool]], root: Path) -> None:
    """One line per file: its path (relative to the review when inside it) and draft/public marks."""
    for path, draft, public in paths:
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        marks = ", ".join(m for m, on in (("draft", draft), ("public edition, checked for names", public)) if on)
        out.print(escape(f"built {shown}" + (f" ({marks})" if marks else "")))
