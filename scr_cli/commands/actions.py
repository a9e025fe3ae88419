"""`scr action update|signoff` and `scr actions`: progress on the action plan, recorded beside the signed plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import atomic
from scr_cli.dates import parse_date
from scr_cli.errors import DataError, EnvironmentProblem, Refused
from scr_cli.gate.progress_signing import ActionSigned, find_action, require_records, sign_completion
from scr_cli.gate.signatures import work_check
from scr_cli.publish import action_table
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.followup_checks import progress_issues
from scr_cli.review.layout import BUILD_DIR
from scr_cli.review.model import Review
from scr_cli.review.monitoring import STATUSES, ActionState, action_states
from scr_cli.store import bankholidays, cache, loader
from scr_cli.store.progress_edit import NewEntry, append, evidence_item
from scr_cli.store.root import find_root, require_clean


@dataclass(frozen=True)
class Updated:
    """The result of `scr action update`: the entry written, and whether it now waits for a sign-off."""

    root: Path
    entry: NewEntry
    awaiting_signoff: bool
    signer: str


@dataclass(frozen=True)
class ActionsResult:
    """The result of `scr actions`: every action's state on a day (only the overdue ones with --overdue)."""

    root: Path
    review: Review
    today: date
    states: list[ActionState]


def _check_request(review: Review, entry: NewEntry, today: date) -> None:
    if entry.status not in STATUSES:
        raise DataError(f"--status {entry.status} is not a status", hint=f"use one of: {', '.join(STATUSES)}")
    if not entry.note.strip():
        raise DataError("--note is required", hint="say what was done or found (no real names)")
    if entry.date > today:
        raise DataError(f"--date {entry.date} is in the future", hint="record progress once it has happened")
    if entry.status == "complete" and not entry.evidence:
        raise Refused("a completion needs evidence",
                      hint="add --evidence with a file in the review or a reference to where it is kept")
    if (entry.new_due is None) != (entry.agreed_by is None):
        raise DataError("a new date needs both --new-date and --agreed-by",
                        hint="give the new due date and the id (in people.yaml) of who agreed it")
    if entry.agreed_by is not None and review.person(entry.agreed_by) is None:
        raise DataError(f"no person '{entry.agreed_by}' in people.yaml", path="people.yaml",
                        hint="--agreed-by takes the id of the person who agreed the new date")
    if entry.new_due is not None and entry.new_due < entry.date:
        raise DataError(f"--new-date {entry.new_due} is before the entry's date {entry.date}",
                        hint="a new due date is later than the day it is agreed")


def update(path: Path, action_id: str, status: str, note: str, evidence: list[str], new_date: str | None,
           agreed_by: str | None, when: str | None = None, today: date | None = None) -> Updated:
    root = find_root(path)
    today = today or date.today()
    loaded = loader.load(root)
    require_records(loaded)
    existing = [i for i in progress_issues(loaded.review, today) if i.severity == "error"]
    require_clean(existing)  # the file must be right before anything is added to it
    action = find_action(loaded.review, action_id)
    items = tuple(evidence_item(root, value, Path.cwd()) for value in evidence)
    entry = NewEntry(action.id, parse_date(when, "--date") if when else today, status, note.strip(), items,
                     parse_date(new_date, "--new-date") if new_date else None, agreed_by)
    _check_request(loaded.review, entry, today)
    append(root, entry)
    return Updated(root, entry, status == "complete", loaded.regime.followup.monitoring.signer)


def signoff(path: Path, action_id: str, person: str | None, today: date | None = None,
            home: Path | None = None) -> ActionSigned:
    """Sign an action's completion with the key in `home` (see crypto.homes.gnupg_home)."""
    return sign_completion(find_root(path), action_id, person, today or date.today(), home)


def states(path: Path, today: date | None = None, overdue: bool = False) -> ActionsResult:
    """Every action with its RAG; completions' signatures checked with gpg only when there are any."""
    root = find_root(path)
    review, regime, issues = cache.load(root)
    require_clean(issues)
    today = today or date.today()
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    found = action_states(review, regime, today, cal, work_check(root))
    if overdue:
        found = [s for s in found if s.overdue_days > 0]
    return ActionsResult(root, review, today, found)


@dataclass(frozen=True)
class Exported:
    """What `scr actions --format csv|xlsx` made: a file written, or CSV text for stdout."""

    path: Path | None
    text: str = ""
    rows: int = 0


def export(result: ActionsResult, fmt: str, out: Path | None) -> Exported:
    names = {a.id: a.name for a in result.review.agencies}
    table = action_table.rows(result.states, names)
    if fmt == "csv":
        text = action_table.to_csv(table)
        if out is None:
            return Exported(None, text, len(table))
        atomic.write_text(out, text)
        return Exported(out, "", len(table))
    if fmt != "xlsx":
        raise DataError(f"unknown format '{fmt}'", hint="use table, json, csv or xlsx")
    from scr_cli.publish.xlsx import write_table  # openpyxl: only this export pays for it

    target = out or result.root / BUILD_DIR / "actions.xlsx"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_table(target, "Actions", action_table.HEADERS, table, action_table.DATE_COLUMNS, result.today)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write {target} ({exc.strerror or type(exc).__name__})",
                                 hint="choose a folder you can write to with --out") from None
    return Exported(target, "", len(table))
