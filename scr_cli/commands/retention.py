"""`scr retention`: what may and must be destroyed, and when (procedure 15; the regime's retention rules)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.model import Review
from scr_cli.review.publication import Retention, retention
from scr_cli.store import bankholidays, cache
from scr_cli.store.root import find_root, require_clean


@dataclass(frozen=True)
class RetentionResult:
    """Each retention item on a day, and the event that starts retention."""

    review: Review
    today: date
    after: str
    items: list[Retention]


def retention_state(path: Path, today: date | None = None) -> RetentionResult:
    root = find_root(path)
    review, regime, issues = cache.load(root)
    require_clean(issues)
    today = today or date.today()
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    return RetentionResult(review, today, regime.followup.retention.after, retention(review, regime, today, cal))
