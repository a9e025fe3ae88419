"""England's bank holidays, from a list shipped with scr (fast) or the `holidays` package (any year).

Building the `holidays` calendar costs ~100 ms per process, which every `scr status` would pay; the shipped
list (data/bank-holidays-england.txt, made by `python -m scr_cli.store.bankholidays`) covers FIRST_YEAR..LAST_YEAR
and a test keeps it equal to the package's answer.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

from scr_cli import paths
from scr_cli.review.model import Review

FIRST_YEAR, LAST_YEAR = 1970, 2060  # back-dated reviews too; a test keeps the list equal to the package
DATA_FILE = paths.DATA_DIR / "bank-holidays-england.txt"


@lru_cache(maxsize=1)
def _shipped() -> frozenset[date]:
    lines = DATA_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(date.fromisoformat(x) for x in lines if x and not x.startswith("#"))


def from_package(years: Iterable[int]) -> frozenset[date]:
    import holidays  # heavy: only for years outside the shipped list, and to regenerate it

    calendar = holidays.country_holidays("GB", subdiv="ENG", years=sorted(set(years)))
    return frozenset(calendar.keys())


def england(years: Iterable[int]) -> frozenset[date]:
    wanted = set(years)
    if wanted and min(wanted) >= FIRST_YEAR and max(wanted) <= LAST_YEAR:
        return frozenset(d for d in _shipped() if d.year in wanted)
    return from_package(wanted)


def for_review(review: Review, today: date) -> frozenset[date]:
    """Bank holidays covering the review's dates and the next year, plus the review's own extra days."""
    years = {today.year, today.year + 1} | {e.date.year for e in review.events}
    years |= {y + 1 for y in years}
    return england(years) | frozenset(review.extra_holidays)


def render_list() -> str:
    days = sorted(from_package(range(FIRST_YEAR, LAST_YEAR + 1)))
    header = f"# England bank holidays {FIRST_YEAR}-{LAST_YEAR}, from the `holidays` package (UK, subdiv ENG)\n"
    return header + "".join(f"{d.isoformat()}\n" for d in days)


if __name__ == "__main__":  # python -m scr_cli.bankholidays: regenerate the shipped list
    DATA_FILE.write_text(render_list(), encoding="utf-8")
    print(DATA_FILE, file=sys.stderr)
