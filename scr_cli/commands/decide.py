"""scr decide: the criteria answered, the decision they lead to, recorded together.

The answers (each with its evidence) go to 02-decision/criteria.yaml, which is sensitive: plaintext here, and
only its .gpg in git after `scr lock`. The decision itself is logged in log.yaml, as `scr log` would. Nothing
is written unless both are right; nothing is committed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic
from scr_cli.crypto import private
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.checks import event_issues, new_order_issues
from scr_cli.review.clocks import ClockStatus, WorkingCalendar, all_clocks
from scr_cli.review.intake import answer_issues, decided_by_issues, held_outcome, required_met
from scr_cli.review.model import DecisionAnswers, Event, Issue, Pos
from scr_cli.review.regime import Criteria, Regime
from scr_cli.store import bankholidays, loader, yamledit
from scr_cli.store.root import find_root
from scr_cli.store.yamlfile import load_file, parse

HEADER = ("The criteria answered for the decision (scr decide). Sensitive: the evidence may name people, so only\n"
          "its .gpg is committed (run `scr lock`). `scr check` holds the decision in log.yaml to these answers.")


@dataclass(frozen=True)
class DecideResult:
    """The decision recorded: its answers file, the logged event, and the clocks it started."""

    root: Path
    answers_file: Path
    event: str
    outcome: str
    date: date
    required: list[str]  # criteria that require a review and were met
    considered: list[str]  # criteria to consider that were met
    override: str
    started: list[ClockStatus] = field(default_factory=list)  # open clocks the decision started
    warnings: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class Walk:
    """What `scr decide` asks in a terminal: the criteria in order, the outcomes, and the one that holds a review."""

    regime: Regime
    criteria: Criteria
    outcomes: tuple[str, ...]
    held: str | None


def walk(path: Path) -> Walk:
    """The review's criteria and decision outcomes (an error if its regime has no criteria)."""
    regime = loader.load(find_root(path)).regime
    criteria = _criteria(regime)
    spec = regime.event(criteria.decides)
    outcomes = next((f.choices for f in spec.fields if f.name == "outcome"), ()) if spec else ()
    return Walk(regime, criteria, outcomes, held_outcome(regime))


def _criteria(regime: Regime) -> Criteria:
    if regime.criteria is None:
        raise DataError(f"the regime {regime.id} has no decision criteria", path=layout.REVIEW,
                        hint="log the decision with `scr log` instead")
    return regime.criteria


def decide(path: Path, answers: Path | None = None, typed: dict[str, Any] | None = None, when: date | None = None,
           today: date | None = None) -> DecideResult:
    """Check the answers against the regime's criteria, then write them and log the decision."""
    root = find_root(path)
    loaded = loader.load(root)
    _refuse_broken(loaded)
    regime, review = loaded.regime, loaded.review
    criteria = _criteria(regime)
    today = today or date.today()
    given = _read(answers, typed)
    if when is not None:
        given = replace(given, date=when)
    _refuse(answer_issues(given, regime) + decided_by_issues(given, review))
    candidate = Event(criteria.decides, given.date, Pos("command line"), "",
                      {"outcome": given.outcome, "reasons": given.reasons}, len(review.events))
    order = new_order_issues(candidate, review, regime, today)
    _refuse(event_issues(candidate, review, regime, today) + [i for i in order if i.severity == "error"])
    if review.answers_kept:
        raise DataError("the criteria are already answered for this review", path=layout.CRITERIA_ANSWERS,
                        hint="edit 02-decision/criteria.yaml (`scr edit` when locked) and the decision in log.yaml")
    target = root / layout.CRITERIA_ANSWERS
    private.close_folder(root, target.parent)
    atomic.write_text(target, yamledit.render(_as_yaml(given), HEADER), private.FILE_MODE)
    try:
        yamledit.append_to(root / layout.LOG, layout.LOG, "events", {"event": criteria.decides, "date": given.date,
                                                                     "outcome": given.outcome,
                                                                     "reasons": given.reasons})
    except BaseException:
        target.unlink(missing_ok=True)  # both or neither: the answers never stand without their decision
        raise
    return _result(root, loader.load(root), given, criteria, today, order)


def _refuse_broken(loaded: loader.Loaded) -> None:
    broken = [i for i in loaded.issues if i.path in (layout.LOG, layout.REVIEW) and i.severity == "error"]
    if broken:
        e = broken[0]
        raise DataError(e.message, path=e.path, line=e.line, column=e.column, hint=e.hint)


def _read(answers: Path | None, typed: dict[str, Any] | None) -> DecisionAnswers:
    if answers is not None:
        doc = load_file(answers, str(answers))
    elif typed is not None:  # checked as a file would be, so a slip is reported the same way
        doc = parse(yamledit.render(typed), "the answers typed")
    else:
        raise DataError("no answers given", hint="give --answers FILE, or run `scr decide` in a terminal")
    parsed, problems = loader.answers_from(doc)
    _refuse(problems)
    assert parsed is not None  # validated above
    return parsed


def _refuse(issues: list[Issue]) -> None:
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        e = errors[0]
        raise DataError(e.message, path=e.path or None, line=e.line or None, column=e.column or None, hint=e.hint)


def _as_yaml(given: DecisionAnswers) -> dict[str, Any]:
    data: dict[str, Any] = {"date": given.date}
    if given.decided_by:
        data["decided_by"] = given.decided_by
    data["answers"] = [{"criterion": a.criterion, "met": yamledit.quoted(a.met), "evidence": a.evidence}
                       for a in given.answers]
    data["outcome"] = given.outcome
    data["reasons"] = given.reasons
    if given.override:
        data["override"] = given.override
    return data


def _result(root: Path, loaded: loader.Loaded, given: DecisionAnswers, criteria: Criteria, today: date,
            order: list[Issue]) -> DecideResult:
    review, regime = loaded.review, loaded.regime
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    started = [c for c in all_clocks(review, regime, today, cal)
               if (spec := next((s for s in regime.clocks if s.id == c.id), None)) is not None
               and spec.starts == criteria.decides and c.state in ("running", "missed")]
    considered = [a.criterion for a in given.answers
                  if a.met == "yes" and (c := criteria.get(a.criterion)) is not None and c.kind == "consider"]
    return DecideResult(root, root / layout.CRITERIA_ANSWERS, criteria.decides, given.outcome, given.date,
                        required_met(given, criteria), considered, given.override, started, order)
