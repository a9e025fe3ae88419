"""Dates typed on the command line: ISO only, with a friendly fix for UK-style input."""

from __future__ import annotations

import re
from datetime import date

from scr_cli.errors import DataError

_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def uk_to_iso(text: str) -> str | None:
    """'31/12/2027' (day first, as people in England write it) -> '2027-12-31'; None for anything else."""
    m = _UK.match(text.strip())
    if m is None:
        return None
    day, month, year = m.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def parse_date(text: str, what: str = "date") -> date:
    text = text.strip()
    if text.lower() == "today":
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    iso = uk_to_iso(text)
    if iso is not None:
        raise DataError(f"{what} '{text}' is not an ISO date", hint=f"write it as YYYY-MM-DD, here {iso}")
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        raise DataError(f"{what} '{text}' is not a real date", hint="check the day and the month")
    raise DataError(f"{what} '{text}' is not a date", hint="write it as YYYY-MM-DD, e.g. 2027-03-01")
