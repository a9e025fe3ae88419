"""Finding the review a command works on, and refusing to work on a broken one. Cheap to import."""

from __future__ import annotations

import os
from pathlib import Path

from scr_cli import fileio
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.model import Issue


def find_root(start: Path) -> Path:
    """The review folder holding `start`: the nearest folder upwards with review.yaml and .scr/."""
    here = fileio.resolve(start)
    if not here.exists():
        raise DataError(f"{start} does not exist", hint="give the path of a review folder")
    for folder in (here, *here.parents):
        # lexists: a review.yaml that is a FIFO or a looping link still marks the review, so loading names it
        if os.path.lexists(folder / layout.REVIEW) and (folder / layout.SETTINGS_DIR).is_dir():
            return folder
    raise DataError(f"{start} is not inside a review (no review.yaml with a .scr/ folder found)",
                    hint="cd into a review, pass its path, or create one with `scr new`")


def require_clean(issues: list[Issue]) -> None:
    """Raise the first error (in file and line order), pointing at `scr check` when there are more."""
    errors = sorted((i for i in issues if i.severity == "error"), key=Issue.sort_key)
    if errors:
        e = errors[0]
        more = f" (and {len(errors) - 1} more: run `scr check`)" if len(errors) > 1 else ""
        raise DataError(e.message + more, path=e.path, line=e.line or None, column=e.column or None, hint=e.hint)
