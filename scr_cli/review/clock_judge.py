"""A clock of a record beside the review (a proceeding's, an FOI request's) judged on a day. Pure.

The states and RAG are those review/clocks.py gives the regime's own clocks, so they sit in one table.
"""

from __future__ import annotations

from datetime import date

from scr_cli.review.clocks import AMBER_WORKING_DAYS, ClockStatus, Rag, WorkingCalendar
from scr_cli.review.lengths import Length


def rule_text(length: Length, back: bool, anchor: str) -> str:
    return f"at least {length.describe()} before: {anchor}" if back else f"{length.describe()} from: {anchor}"


def judge(clock_id: str, title: str, rule: str, start: date, due: date, met_on: date | None, today: date,
          cal: WorkingCalendar) -> ClockStatus:
    if met_on is not None:
        late = max(0, (met_on - due).days)
        return ClockStatus(clock_id, title, "met", "amber" if late else "green", rule, start, due, met_on=met_on,
                           late_by_days=late, early_by_days=max(0, (due - met_on).days))
    if today > due:
        return ClockStatus(clock_id, title, "missed", "red", rule, start, due, days_overdue=(today - due).days)
    left = cal.working_days_between(today, due)
    rag: Rag = "amber" if left <= AMBER_WORKING_DAYS else "green"
    return ClockStatus(clock_id, title, "running", rag, rule, start, due, working_days_left=left)
