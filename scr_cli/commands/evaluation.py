"""`scr evaluation record|addressed`: Ofsted's evaluation letter, its inspector and grades (App. 12).

Recording the letter also logs the regime's letter event on the day it arrived (it starts the one-month clock
for sending Ofsted the published summary), unless the log already has it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.dates import parse_date
from scr_cli.errors import DataError
from scr_cli.review.checks import event_issues
from scr_cli.review.layout import EVALUATION, LOG
from scr_cli.review.model import Evaluation, Event, Pos
from scr_cli.store import loader, records_edit
from scr_cli.store.root import find_root, require_clean


@dataclass(frozen=True)
class EvaluationResult:
    """What `scr evaluation` recorded, and whether it logged the letter."""

    evaluation: Evaluation
    logged: str = ""  # the event logged with it, if any


def _loaded(root: Path) -> loader.Loaded:
    loaded = loader.load(root)
    require_clean([i for i in loaded.errors() if i.path in (EVALUATION, LOG)])
    return loaded


def _grades(pairs: list[str], grades: tuple[str, ...], elements: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        element, sep, grade = pair.partition("=")
        if not sep or element not in elements:
            raise DataError(f"--grade {pair} is not ELEMENT=GRADE", hint=f"elements: {', '.join(elements)}")
        if grade not in grades:
            raise DataError(f"unknown grade '{grade}'", hint=f"use one of: {', '.join(grades)}")
        out[element] = grade
    return out


def record(path: Path, received: str, inspector: str, overall: str, grade_pairs: list[str], issues: str,
           today: date | None = None) -> EvaluationResult:
    root = find_root(path)
    today = today or date.today()
    loaded = _loaded(root)
    rules = loaded.regime.followup.evaluation
    day = parse_date(received, "--received")
    if day > today:
        raise DataError(f"--received {day} is in the future", hint="give the day the letter arrived")
    if overall not in rules.grades:
        raise DataError(f"unknown grade '{overall}'", hint=f"use one of: {', '.join(rules.grades)}")
    if not inspector.strip():
        raise DataError("--inspector is empty", hint="name the inspector who graded the review")
    values: dict[str, Any] = {"received": day, "inspector": inspector.strip(), "overall": overall,
                              "grades": _grades(grade_pairs, rules.grades, [k.id for k in rules.elements])}
    if issues.strip():
        values["issues"] = issues.strip()
    logged = ""
    if rules.letter and day not in {e.date for e in loaded.review.events_of(rules.letter)}:
        event = Event(rules.letter, day, Pos("command line"), "", {}, len(loaded.review.events))
        problems = event_issues(event, loaded.review, loaded.regime, today)
        if problems:
            raise DataError(problems[0].message, hint=problems[0].hint)
        logged = rules.letter
    records_edit.set_evaluation(root, values)
    if logged:
        records_edit.append_event(root, logged, day, {})
    evaluation = loader.load(root).review.tracking.evaluation
    assert evaluation is not None
    return EvaluationResult(evaluation, logged)


def addressed(path: Path, when: str, today: date | None = None) -> EvaluationResult:
    root = find_root(path)
    today = today or date.today()
    found = _loaded(root).review.tracking.evaluation
    if found is None:
        raise DataError("no evaluation recorded yet", path=EVALUATION,
                        hint="record the letter first: `scr evaluation record`")
    day = parse_date(when, "--date")
    if day > today or (found.received and day < found.received):
        raise DataError(f"--date {day} is not between the letter ({found.received}) and today",
                        hint="give the day the issues were addressed")
    records_edit.set_evaluation(root, {"issues_addressed": day})
    evaluation = loader.load(root).review.tracking.evaluation
    assert evaluation is not None
    return EvaluationResult(evaluation)
