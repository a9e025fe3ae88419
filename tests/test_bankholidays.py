"""The shipped list of England's bank holidays stays equal to the `holidays` package's answer."""

from __future__ import annotations

from datetime import date

from scr_cli.store import bankholidays


def test_shipped_list_matches_the_holidays_package() -> None:
    assert bankholidays.DATA_FILE.read_text(encoding="utf-8") == bankholidays.render_list(), (
        "regenerate with: python -m scr_cli.store.bankholidays"
    )


def test_years_outside_the_list_come_from_the_package() -> None:
    later = bankholidays.england([bankholidays.LAST_YEAR + 1])
    assert date(bankholidays.LAST_YEAR + 1, 12, 25) in later or date(bankholidays.LAST_YEAR + 1, 12, 27) in later


def test_substitute_days_are_in_the_shipped_list() -> None:
    days = bankholidays.england([2026, 2027, 2028])
    assert {date(2026, 12, 28), date(2027, 12, 27), date(2027, 12, 28), date(2028, 1, 3)} <= days
