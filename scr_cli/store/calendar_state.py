"""`.scr/calendar.yaml`: the date and sequence number of every entry `scr calendar` wrote, kept in the review.

Committed with the review, it survives clones: whoever runs `scr calendar` next raises the SEQUENCE of an entry
whose date moved since, so calendars that imported the earlier file take the new date.
"""

from __future__ import annotations

from pathlib import Path

from scr_cli import atomic
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.agenda import Stamp
from scr_cli.store.schema import CalendarStateFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import load_file

HEADER = """\
# yaml-language-server: $schema=schemas/calendar-state.schema.json
# Written by `scr calendar`: the date each calendar entry last had and its SEQUENCE number, so that a date
# that moves reaches everyone's calendar as an update. Commit it with the review; do not edit it by hand.
"""


def read(root: Path) -> dict[str, Stamp]:
    """The stamps the last run wrote (none when `scr calendar` never ran)."""
    file = root / layout.CALENDAR_STATE
    if not file.exists():
        return {}
    doc = load_file(file, layout.CALENDAR_STATE)
    model, issues = validate(doc, CalendarStateFile)
    if model is None:
        first = issues[0]
        raise DataError(first.message, path=first.path, line=first.line, column=first.column,
                        hint=f"{first.hint}; or delete the file (every entry then starts again at SEQUENCE 0)")
    return {uid: Stamp(s.date, s.sequence, s.stamped) for uid, s in model.entries.items()}


def render(stamps: dict[str, Stamp]) -> str:
    lines = [HEADER.rstrip("\n"), "entries:" if stamps else "entries: {}"]
    for uid in sorted(stamps):
        s = stamps[uid]
        lines.append(f'  "{uid}": {{date: {s.day.isoformat()}, sequence: {s.sequence}, '
                     f"stamped: {s.stamped.isoformat()}}}")
    return "\n".join(lines) + "\n"


def write(root: Path, stamps: dict[str, Stamp]) -> bool:
    """Write the stamps when they changed; whether the file changed."""
    file = root / layout.CALENDAR_STATE
    text = render(stamps)
    if file.exists() and file.read_text(encoding="utf-8") == text:
        return False
    atomic.write_text(file, text)
    return True
