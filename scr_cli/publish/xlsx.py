"""A real Excel workbook (openpyxl): a header row, filters on every column, frozen panes, dates as dates.

Imported only by `scr actions --format xlsx`, `scr send` (an agency's chronology, with data validation on
its dates, times, agency and recording columns) and `scr receive` (an Excel chronology read back): no other
command pays for openpyxl.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from scr_cli import atomic
from scr_cli.review.chronology import EntryLike

_WIDTHS = {"ID": 6, "Action": 48, "Last note": 40, "State": 24, "Completion": 24, "event": 40, "action": 32,
           "outcome": 32, "comment": 40, "agency": 12, "time": 8, "recording": 16}


def write_table(path: Path, title: str, headers: Sequence[str], table: Sequence[Sequence[object]],
                date_columns: frozenset[str], when: date) -> None:
    """Write the workbook atomically; its created and modified stamps are `when` (same input, same file)."""
    atomic.write_bytes(path, table_bytes(title, headers, table, date_columns, when, _no_rules))


def _no_rules(sheet: Worksheet, rows: int) -> None:
    """No data validation (the actions export is read, not filled in)."""


def table_bytes(title: str, headers: Sequence[str], table: Sequence[Sequence[object]], date_columns: frozenset[str],
                when: date, rules: Callable[[Worksheet, int], None],
                properties: Mapping[str, str] | None = None) -> bytes:
    """The workbook's bytes; `rules` adds data validation to the sheet (given the number of data rows).

    `properties` become the workbook's custom properties (scr's own: what `scr receive` matches it by).
    """
    import io

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE5EE")
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for row in table:
        sheet.append(list(row))
    for col, name in enumerate(headers, 1):
        letter = get_column_letter(col)
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, 14 if name in date_columns else 20)
        if name in date_columns:
            for cell in sheet[letter][1:]:
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(table) + 1}"
    stamp = datetime(when.year, when.month, when.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "scr"
    for name, value in (properties or {}).items():
        book.custom_doc_props.append(StringProperty(name=name, value=value))
    rules(sheet, len(table))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# The columns of 05-imr/<agency>/chronology.yaml (store/schema.py: ChronologyFile and ChronologyEntry), in order.
CHRONOLOGY_COLUMNS = ("agency", "date", "time", "source", "event", "action", "outcome", "recording", "comment")
RECORDING = ("contemporaneous", "retrospective")
_SPARE_ROWS = 500  # rows below the entries that carry the same validation, for the author's new entries


def _chronology_rules(agency: str) -> Callable[[Worksheet, int], None]:
    def add(sheet: Worksheet, rows: int) -> None:
        last = rows + 1 + _SPARE_ROWS
        t = get_column_letter(CHRONOLOGY_COLUMNS.index("time") + 1) + "2"  # relative: Excel moves it down the rows
        checks = {
            "agency": DataValidation(type="list", formula1=f'"{agency}"', allow_blank=False,
                                     error=f"Every entry of this chronology is the agency '{agency}'."),
            "date": DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                   formula2="DATE(2100,12,31)", allow_blank=False,
                                   error="A date, as a day of a real calendar month (for example 14/03/2026)."),
            "time": DataValidation(type="custom", allow_blank=True,
                                   formula1=f'OR(ISBLANK({t}),AND(LEN({t})=5,MID({t},3,1)=":",'
                                            f'ISNUMBER(TIMEVALUE({t}))))',
                                   error="A time as HH:MM on the 24-hour clock, or empty."),
            "recording": DataValidation(type="list", formula1='"' + ",".join(RECORDING) + '"', allow_blank=True,
                                        error="contemporaneous or retrospective."),
        }
        for name, check in checks.items():
            letter = get_column_letter(CHRONOLOGY_COLUMNS.index(name) + 1)
            check.showErrorMessage = True
            check.errorTitle = f"Not a valid {name}"
            check.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(check)
        for cell in sheet[t[:-1]][1:]:
            cell.number_format = "@"  # text, so 09:30 stays as written

    return add


def chronology_bytes(agency: str, entries: Sequence[EntryLike], when: date,
                     properties: Mapping[str, str] | None = None) -> bytes:
    """An agency's chronology as a workbook: one row per entry, the schema's columns, validation for new rows."""
    rows = [[agency, e.date, e.time or "", e.source, e.event, e.action, e.outcome, e.recording, e.comment]
            for e in sorted(entries, key=lambda e: (e.date, e.time or ""))]
    return table_bytes("Chronology", CHRONOLOGY_COLUMNS, rows, frozenset({"date"}), when, _chronology_rules(agency),
                       properties)


def read_rows(data: bytes, limit: int = 10000) -> list[list[object]]:
    """The first sheet of a workbook as rows of cell values (formulas as their cached values), at most `limit`."""
    import io

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        rows: list[list[object]] = []
        for row in sheet.iter_rows(values_only=True) if sheet is not None else ():
            rows.append(list(row))
            if len(rows) > limit:
                break
        return rows
    finally:
        book.close()
