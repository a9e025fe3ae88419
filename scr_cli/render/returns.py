"""Output of `scr receive`: what changed, by section and row, never the words themselves (see `scr diff`)."""

from __future__ import annotations

from collections import Counter
from typing import Any


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def received(result: Any) -> None:
    """Print what the return changed, what was kept, and what to do next."""
    if result.unchanged:
        kept = f"it stays version {result.version}" if result.version is not None else "it stays as it is"
        print(f"{result.path}: the copy that came back changed nothing: {kept} (no new draft)")
    elif result.version is not None:
        print(f"{result.path}: received version {result.sent_version} back as draft version {result.version}, "
              f"dated {result.today}")
        by_section = Counter((c.section or "(before the first heading)", c.kind) for c in result.changes)
        for (section, kind), n in sorted(by_section.items()):
            print(f"  {section}: {_plural(n, 'paragraph')} {kind}")
    else:
        added, changed, removed = result.rows
        print(f"{result.path}: received back, dated {result.today}: {_plural(added, 'row')} added, "
              f"{changed} changed, {removed} removed")
    if result.tracked:
        done = "accepted into the draft" if result.mode == "accept" else "listed in notes.yaml for the panel"
        print(f"  {_plural(result.tracked, 'tracked change')} {done}")
    if result.comments:
        print(f"  {_plural(result.comments, 'comment')} kept in notes.yaml")
    for path in result.written:
        print(f"  wrote {path}")
    if result.unchanged:
        print("Next: `scr lock` and commit, to keep the copy that came back.")
        return
    print(f"Next: `scr diff {result.path}` to see every word changed, then `scr lock` and commit.")
