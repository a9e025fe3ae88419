"""scr imr commission | receive: an agency's IMR asked for (folder, log, due date) and its receipt logged.

Commissioning checks everything before it writes: the agency is known and has no IMR folder yet, the author
is in people.yaml with the regime's IMR-author role, works for that agency and keeps the independence rules,
and the due date is still to come. It then makes 05-imr/AGENCY/ from the review's templates with the front
matter filled, logs the regime's commissioning event and plans the receipt event on the due date in
plan.yaml. Neither command commits.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.dates import parse_date
from scr_cli.errors import DataError, Refused
from scr_cli.review import layout
from scr_cli.review.checks import event_issues, independence_issues
from scr_cli.review.model import Event, Pos
from scr_cli.review.planning import entry_problem
from scr_cli.store import imrfolder, loader, registry

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE, layout.LOG, layout.PLAN)


@dataclass(frozen=True)
class ImrResult:
    """What `scr imr` did: the agency, the events logged and planned, the files written."""

    agency: str
    event: str
    date: datetime.date
    due: datetime.date | None = None
    due_event: str = ""
    written: list[str] = field(default_factory=list)


def _event_id(name: str, value: str) -> str:
    if not value:
        raise DataError(f"the review's regime names no event for this (scr_events.{name})",
                        path=layout.REGIME_VARIANT, hint=f"add scr_events.{name} to the regime")
    return value


def _check_event(loaded: loader.Loaded, event: Event, today: datetime.date) -> None:
    problems = event_issues(event, loaded.review, loaded.regime, today)
    if problems:
        raise DataError(problems[0].message, hint=problems[0].hint)


def _check_author(loaded: loader.Loaded, agency: str, author: str) -> None:
    review, regime = loaded.review, loaded.regime
    person = review.person(author)
    if person is None:
        raise DataError(f"no person '{author}' in people.yaml", path=layout.PEOPLE,
                        hint=f"add them: `scr person add {author} --name ... --role imr-author --agency {agency}`")
    role = regime.scr_roles.imr_author
    pos = person.pos
    if role and role not in person.roles:
        raise Refused(f"{author} does not hold the role '{role}'", path=pos.path, line=pos.line, column=pos.column,
                      hint=f"add '{role}' to their roles, or name the agency's IMR author")
    if person.agency != agency:
        raise Refused(f"{author} works for '{person.agency or 'no agency'}', not '{agency}'", path=pos.path,
                      line=pos.line, column=pos.column, hint="an IMR is written by someone from the agency")
    broken = [i for i in independence_issues(review, regime)
              if i.code.startswith("independence:") and i.line == pos.line and i.path == pos.path]
    if broken:
        raise Refused(broken[0].message, path=pos.path, line=pos.line, column=pos.column, hint=broken[0].hint)


def commission(path: Path, agency: str, author: str, due: str, today: datetime.date) -> ImrResult:
    loaded = registry.load_clean(path, _READ)
    review, regime = loaded.review, loaded.regime
    found = review.agency(agency)
    if found is None:
        raise DataError(f"no agency '{agency}' in agencies.yaml", path=layout.AGENCIES,
                        hint=f"add it first: `scr agency add {agency} --name ... --sector ...`")
    folder = f"{layout.IMR_FOLDER}/{agency}"
    if (loaded.root / folder).exists():
        raise Refused(f"{folder} already exists: the IMR was commissioned", path=folder,
                      hint="to move its due date: `scr plan` with --agency")
    if not found.imr_required:
        raise Refused(f"agency '{agency}' is marked imr: false", path=found.pos.path, line=found.pos.line,
                      hint="set `imr: true` in agencies.yaml first")
    _check_author(loaded, agency, author)
    commissioned = _event_id("imr_commissioned", regime.scr_events.imr_commissioned)
    received = _event_id("imr_received", regime.scr_events.imr_received)
    day = parse_date(due, "--due")
    if day <= today:
        raise DataError(f"--due {day} is not after today ({today})", hint="give the date the IMR is due back")
    problem = entry_problem(regime, review, received, agency)
    if problem:
        raise DataError(problem[0], hint=problem[1])
    _check_event(loaded, Event(commissioned, today, Pos("command line"), "", {"agency": agency}), today)
    written = imrfolder.create(loaded.root, agency, author, today)
    registry.log_event(loaded.root, commissioned, today, {"agency": agency})
    registry.plan_date(loaded.root, received, agency, day, "", today)
    return ImrResult(agency, commissioned, today, day, received, [*written, layout.LOG, layout.PLAN])


def receive(path: Path, agency: str, when: str | None, today: datetime.date) -> ImrResult:
    loaded = registry.load_clean(path, _READ)
    review, regime = loaded.review, loaded.regime
    if review.agency(agency) is None:
        raise DataError(f"no agency '{agency}' in agencies.yaml", path=layout.AGENCIES,
                        hint="see agencies.yaml for the ids")
    received = _event_id("imr_received", regime.scr_events.imr_received)
    day = parse_date(when, "--date") if when else today
    already = next((e for e in review.events_of(received) if e.fields.get("agency") == agency), None)
    if already is not None:
        pos = already.pos
        raise Refused(f"the IMR of '{agency}' was already received on {already.date}", path=pos.path,
                      line=pos.line, column=pos.column, hint="a receipt is logged once")
    _check_event(loaded, Event(received, day, Pos("command line"), "", {"agency": agency}), today)
    registry.log_event(loaded.root, received, day, {"agency": agency})
    return ImrResult(agency, received, day, written=[layout.LOG])
