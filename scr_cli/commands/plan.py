"""scr plan: give an event still to come a planned date in plan.yaml (keeping the user's comments). No commit.

Moving a date keeps the one it replaces under the entry's `history`, so the panel sees what slipped. A date in
the past is refused (pointing at the log when the event already happened there): the log records what
happened, the plan holds dates still to come.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.dates import parse_date
from scr_cli.errors import DataError, Refused
from scr_cli.review import layout
from scr_cli.review.clocks import WorkingCalendar, all_clocks
from scr_cli.review.milestones import Milestone, milestones
from scr_cli.review.model import Day, Pos
from scr_cli.review.model import PlannedEvent as Planned
from scr_cli.review.planning import entry_problem, logged
from scr_cli.store import bankholidays, loader, registry
from scr_cli.store.root import find_root

# The files a plan depends on: an error in any of them is shown before plan.yaml is touched.
_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.LOG, layout.PLAN)


@dataclass(frozen=True)
class PlanResult:
    """The entry `scr plan` wrote, and the date it had before when it moved."""

    event: str
    title: str
    date: date
    agency: str | None
    previous: Day | None  # the date it had before, when it moved
    path: Path


@dataclass(frozen=True)
class PlanShown:
    """The milestones `scr plan` shows without an event."""

    reference: str
    today: date
    milestones: list[Milestone]


def _loaded(path: Path) -> loader.Loaded:
    loaded = loader.load(find_root(path))
    for issue in sorted(loaded.issues, key=lambda i: i.sort_key()):
        if issue.severity == "error" and issue.path in _READ:
            raise DataError(issue.message, path=issue.path, line=issue.line, column=issue.column, hint=issue.hint)
    return loaded


def show(path: Path, today: date | None = None) -> PlanShown:
    """Every milestone: the date the rules allow, the planned date and the actual one."""
    loaded = _loaded(path)
    today = today or date.today()
    review, regime = loaded.review, loaded.regime
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    return PlanShown(review.info.reference, today, milestones(all_clocks(review, regime, today, cal), review,
                                                              regime, cal))


def plan_event(path: Path, event_id: str, when: str, note: str = "", agency: str | None = None,
               today: date | None = None) -> PlanResult:
    loaded = _loaded(path)
    review, regime = loaded.review, loaded.regime
    today = today or date.today()
    day = parse_date(when, "--date")
    problem = entry_problem(regime, review, event_id, agency)
    if problem:
        raise DataError(problem[0], hint=problem[1])
    if day < today:
        happened = logged(review, regime, Planned(event_id, day, Pos("command line"), agency))
        if happened is not None:
            pos = happened.pos
            raise Refused(f"--date {day} is in the past and '{event_id}' already happened on {happened.date}",
                          path=pos.path, line=pos.line, column=pos.column,
                          hint="the log records what happened; the plan holds dates still to come")
        raise DataError(f"--date {day} is in the past (today is {today})",
                        hint=f"plan a date to come; if it happened, `scr log {event_id} --date {day}`")
    previous = registry.plan_date(loaded.root, event_id, agency, day, note, today)
    spec = regime.event(event_id)
    return PlanResult(event_id, spec.title if spec else event_id, day, agency, previous,
                      loaded.root / layout.PLAN)
