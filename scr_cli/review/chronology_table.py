"""A chronology table read back from Word or Excel: its columns found by their headings, each row an entry.

Both tables scr sends are understood: the Word table (`scr build chronology AGENCY`: No., Date and time,
Agency, Source record, Event, Action, Outcome, Retrospective, Notes) and the Excel sheet (the schema's own
columns: date, time, source, event, action, outcome, recording, comment). Dates may be written as scr
writes them (17 April 2026), as ISO (2026-04-17) or as UK dates (17/04/2026, day first); a bad cell is
reported by its row and column (never by its words: a message carries no case content), and nothing is
taken from a table with any error. Curly quotes are read back as the straight ones scr's builds turned
into them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

# A heading (lower case, letters only) -> the entry's field.
_FIELDS = {
    "date": "date", "dateandtime": "date", "time": "time", "source": "source", "sourcerecord": "source",
    "event": "event", "action": "action", "outcome": "outcome", "recording": "recording",
    "retrospective": "recording", "comment": "comment", "notes": "comment", "agency": "agency", "no": "number",
}
REQUIRED = ("date", "source", "event", "action", "outcome", "recording", "comment")
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), 1)}
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
_LONG = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
# scr's builds typeset straight quotes as curly ones (and Word's autocorrect types them): read them back straight
_STRAIGHT = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})
_YES = {"yes", "y", "true", "retrospective", "x"}
_NO = {"", "no", "n", "false", "contemporaneous"}


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell: its row (1 = the heading row), its column heading and the reason."""

    row: int
    column: str
    message: str
    hint: str


@dataclass(frozen=True)
class TableEntries:
    """The entries a table holds, each as the chronology's fields, or the first problem found."""

    entries: tuple[dict[str, str], ...]
    problem: RowProblem | None


def _field(heading: str) -> str:
    return _FIELDS.get(re.sub(r"[^a-z]", "", heading.casefold().replace("\u00ad", "")), "")


def columns(header: Sequence[str]) -> dict[str, int]:
    """Each known field and its column index (the first column with that heading)."""
    out: dict[str, int] = {}
    for i, h in enumerate(header):
        name = _field(h)
        if name and name not in out:
            out[name] = i
    return out


def is_chronology(header: Sequence[str]) -> bool:
    """Whether a table's heading row looks like a chronology's (a date and an event column)."""
    found = columns(header)
    return "date" in found and "event" in found


def _day(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_day(text: str) -> date | None:
    """A date as scr writes it, as ISO, or as a UK date (day first); None when it is none (or impossible)."""
    text = " ".join(text.replace(",", " ").split())
    if m := _ISO.match(text):
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _UK.match(text):
        year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        return _day(year, int(m.group(2)), int(m.group(1)))
    if (m := _LONG.match(text)) and m.group(2).casefold() in _MONTHS:
        return _day(int(m.group(3)), _MONTHS[m.group(2).casefold()], int(m.group(1)))
    return None


def _when(cell: str) -> tuple[date | None, str]:
    """A 'date and time' cell ('17 April 2026, 23:10') as its date and its time ('' for none)."""
    head, _, tail = cell.rpartition(",") if "," in cell else (cell, "", "")
    tail = tail.strip()
    if tail and _TIME.match(tail):
        return parse_day(head), tail
    parts = cell.split()
    if len(parts) > 1 and _TIME.match(parts[-1]) and parse_day(" ".join(parts[:-1])):
        return parse_day(" ".join(parts[:-1])), parts[-1]
    return parse_day(cell), ""


def _hhmm(text: str) -> str:
    m = _TIME.match(text)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else ""


def _row(cells: list[str], cols: dict[str, int], n: int, header: Sequence[str],
         agency: Sequence[str]) -> tuple[dict[str, str], RowProblem | None]:
    def cell(name: str) -> str:
        i = cols.get(name)
        return cells[i].strip() if i is not None and i < len(cells) else ""

    def bad(name: str, message: str, hint: str) -> tuple[dict[str, str], RowProblem]:
        return {}, RowProblem(n, header[cols[name]].replace("\u00ad", ""), message, hint)

    day, clock = _when(cell("date"))
    if day is None:
        return bad("date", "not a date, or no such day",
                   "write it as 17/04/2026 (day first) or 17 April 2026")
    if "time" in cols and cell("time"):
        clock = _hhmm(cell("time"))
        if not clock:
            return bad("time", "not a time", "write it as 24-hour HH:MM, e.g. 09:30")
    clock = _hhmm(clock) if clock else ""
    if not cell("event"):
        return bad("event", "the event is empty", "say what happened, or delete the row")
    recording = cell("recording").casefold()
    if recording not in _YES | _NO:
        return bad("recording", "neither contemporaneous nor retrospective",
                   "leave it empty (contemporaneous) or write Yes (retrospective)")
    if "agency" in cols and cell("agency") and _norm(cell("agency")) not in {_norm(a) for a in agency}:
        return bad("agency", "the row is another agency's", "each agency returns only its own chronology")
    entry = {"date": day.isoformat(), "time": clock, "source": cell("source"), "event": cell("event"),
             "action": cell("action"), "outcome": cell("outcome"),
             "recording": "retrospective" if recording in _YES else "contemporaneous", "comment": cell("comment")}
    return entry, None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def read_rows(rows: Sequence[Sequence[str]], agency: Sequence[str]) -> TableEntries:
    """The entries of a table whose first row holds the headings; `agency` is the names its rows may carry."""
    header = [str(h) for h in rows[0]] if rows else []
    cols = columns(header)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        return TableEntries((), RowProblem(1, "", f"the table has no {missing[0]} column",
                                           "keep every column scr sent (add the heading back if it was deleted)"))
    out = []
    for n, cells in enumerate(rows[1:], 2):
        texts = [str(c).translate(_STRAIGHT) for c in cells]
        if not any(t.strip() for t in texts):
            continue  # an empty row Word or Excel leaves at the end
        entry, problem = _row(texts, cols, n, header, agency)
        if problem is not None:
            return TableEntries((), problem)
        out.append(entry)
    return TableEntries(tuple(out), None)


def cell_text(value: object) -> str:
    """An Excel cell as text (a date Excel holds as a date written as ISO)."""
    if isinstance(value, datetime):
        return value.date().isoformat() if (value.hour, value.minute) == (0, 0) else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
