"""The pure parts of `scr receive`: dates read from a returned table, and a returned body merged block by block."""

from __future__ import annotations

from datetime import date

import pytest

from scr_cli.review.chronology_table import parse_day, read_rows
from scr_cli.review.redraft import blocks, redraft

HEADER = ["Date", "Time", "Source", "Event", "Action", "Outcome", "Recording", "Comment"]


@pytest.mark.parametrize(("text", "day"), [
    ("03/04/2024", date(2024, 4, 3)),  # UK: day first
    ("3/4/24", date(2024, 4, 3)),
    ("2024-04-03", date(2024, 4, 3)),
    ("3 April 2024", date(2024, 4, 3)),
    ("03 april 2024", date(2024, 4, 3)),
    ("29/02/2024", date(2024, 2, 29)),
    ("29/02/2023", None),  # no such day
    ("31/04/2024", None),
    ("04/31/2024", None),  # US order is not guessed at
    ("2024-13-01", None),
    ("Thursday", None),
    ("", None),
])
def test_dates_are_read_as_scr_writes_them_as_iso_or_day_first(text: str, day: date | None) -> None:
    assert parse_day(text) == day


def test_a_table_row_becomes_an_entry_with_its_time_and_recording() -> None:
    rows = [HEADER, ["17/04/2026", "9:05", "Log", "Visit", "", "", "Yes", ""], ["", "", "", "", "", "", "", ""]]
    table = read_rows(rows, ["police"])
    assert table.problem is None
    assert table.entries == ({"date": "2026-04-17", "time": "09:05", "source": "Log", "event": "Visit", "action": "",
                              "outcome": "", "recording": "retrospective", "comment": ""},)


def test_a_date_and_time_column_is_split() -> None:
    rows = [["No.", "Date and time", "Source record", "Event", "Action", "Outcome", "Retro\u00adspective", "Notes"],
            ["1", "17 April 2026, 23:10", "Incident", "Call", "", "", "", "It’s noted"]]
    table = read_rows(rows, ["police"])
    assert table.entries[0]["date"] == "2026-04-17" and table.entries[0]["time"] == "23:10"
    assert table.entries[0]["comment"] == "It's noted"  # Word's curly apostrophe read back straight


def test_blocks_join_back_to_the_same_text() -> None:
    text = "# A\n\nOne line\nwrapped.\n\n\n- a\n- b\n"
    assert "".join(b.text + b.after for b in blocks(text)) == text


def test_an_unchanged_return_gives_back_the_body_byte_for_byte() -> None:
    sent = "\n# Introduction\n\nThe panel's view,\nwrapped at forty.\n\n# Conclusions\n\nNone — yet.\n"
    returned = ("Cover text\n\n# 1 Introduction\n\nThe panel’s view, wrapped at forty.\n\n# 2 Conclusions\n\n"
                "None --- yet.\n")
    merged = redraft(sent, returned, ("Introduction", "Conclusions"), {})
    assert merged.body == sent and merged.changes == ()


def test_a_changed_paragraph_is_the_only_change_and_names_its_section() -> None:
    sent = "# Introduction\n\nFirst.\n\n# Conclusions\n\nSecond.\n"
    returned = "# 1 Introduction\n\nFirst.\n\n# 2 CONCLUSIONS\n\nSecond, revised.\n\nThird.\n"
    merged = redraft(sent, returned, ("Introduction", "Conclusions"), {})
    assert merged.body == "# Introduction\n\nFirst.\n\n# Conclusions\n\nSecond, revised.\n\nThird.\n"
    assert [(c.kind, c.section) for c in merged.changes] == [("changed", "Conclusions"), ("added", "Conclusions")]
