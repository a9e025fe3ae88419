"""Writing 07-action-plan/progress.yaml: a new entry appended, or a sign-off set on one, keeping comments.

The file is made (with a header that says what it is) the first time progress is recorded. Every write is
atomic (store/yamledit.py). The signed action plan is never opened for writing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic
from scr_cli.errors import DataError
from scr_cli.review.layout import PROGRESS
from scr_cli.store import yamledit

Day = date  # NewEntry has a field named `date`
HEADER = """\
# yaml-language-server: $schema=../.scr/schemas/progress.schema.json
# Progress on the actions of the signed action plan, newest last: written by `scr action update`.
# The plan itself stays as it was signed. A completion counts once it has evidence and the owning agency's
# senior manager has signed it (`scr action signoff ID`). See docs/actions.md.
progress: []
"""
_LOOKS_LIKE_PATH = re.compile(r"^[^\s]+\.[A-Za-z0-9]{1,5}$|/|\\")


@dataclass(frozen=True)
class NewEntry:
    """A progress entry to append: the action, its date, status and note, its evidence and any new due date."""

    action: str
    date: date
    status: str
    note: str
    evidence: tuple[tuple[str, str], ...] = ()  # (file | ref, value)
    new_due: Day | None = None
    agreed_by: str | None = None


def evidence_item(root: Path, value: str, cwd: Path) -> tuple[str, str]:
    """A file of the review (as a path from its root) when one is there, else a reference; never a missing file."""
    base = root.resolve()
    for candidate in (cwd / value, base / value):
        try:
            found = candidate.resolve()
        except OSError:
            continue
        if found.is_file():
            try:
                return "file", found.relative_to(base).as_posix()
            except ValueError:
                raise DataError(f"the evidence file {value} is outside the review",
                                hint="copy it into the review (e.g. 07-action-plan/evidence/) and give that path") \
                    from None
    if _LOOKS_LIKE_PATH.search(value.strip()):
        raise DataError(f"no file {value} in the review",
                        hint="give an existing file, or a reference such as 'Board minutes 2027-03-14, item 5'")
    if not value.strip():
        raise DataError("--evidence is empty", hint="give a file in the review or a reference to where it is kept")
    return "ref", value.strip()


def _entry(new: NewEntry) -> Any:
    values: dict[str, Any] = {"action": new.action, "date": new.date, "status": new.status, "note": new.note}
    if new.evidence:
        values["evidence"] = [yamledit.mapping({kind: value}) for kind, value in new.evidence]
    if new.new_due is not None:
        values["new_due"] = new.new_due
        values["agreed_by"] = new.agreed_by
    return yamledit.mapping(values)


def _rows(data: Any) -> Any:
    rows = data.get("progress") if isinstance(data, dict) else None
    if rows is None:
        data["progress"] = rows = yamledit.block_list()
    if hasattr(rows, "fa"):
        rows.fa.set_block_style()  # `progress: []` in the header is flow style
    return rows


def append(root: Path, new: NewEntry) -> int:
    """Append the entry; returns its position in the file's list (0-based)."""
    file = root / PROGRESS
    if not file.exists():
        atomic.write_text(file, HEADER)
    added: list[int] = []

    def change(data: Any) -> None:
        rows = _rows(data)
        rows.append(_entry(new))
        added.append(len(rows) - 1)

    yamledit.edit(file, PROGRESS, change)
    return added[0]


def set_signature(root: Path, index: int, signed: dict[str, Any]) -> None:
    """Put a sign-off on the entry at `index` (replacing one that no longer counts)."""
    from ruamel.yaml.scalarstring import LiteralScalarString

    def change(data: Any) -> None:
        entry = _rows(data)[index]
        values = dict(signed)
        values["signature"] = LiteralScalarString(str(values["signature"]))
        entry["signed"] = yamledit.mapping(values)

    yamledit.edit(root / PROGRESS, PROGRESS, change)
