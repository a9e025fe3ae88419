"""scr log: append a dated event to log.yaml, keeping the user's comments and order; show what is logged.

A log is a record of facts: an event the regime expects in another order is recorded, with the rule's
warning; only impossible data (a date that does not exist, a date still to come) is refused. Does not commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import fileio
from scr_cli.dates import parse_date
from scr_cli.errors import DataError, Refused
from scr_cli.gate.signatures import work_check
from scr_cli.review import layout
from scr_cli.review.checks import did_you_mean, event_issues, new_order_issues
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.event_gate import event_refusals, gated_events
from scr_cli.review.layout import TRACKING_FILES
from scr_cli.review.model import Event, Issue, Pos
from scr_cli.review.regime import EventSpec, Regime
from scr_cli.store import bankholidays, loader, yamledit
from scr_cli.store.root import find_root
from scr_cli.store.settings import scope_rules


@dataclass(frozen=True)
class LogResult:
    """The event appended to log.yaml, and the order warnings it raised (it is recorded all the same)."""

    event: str
    date: date
    title: str
    path: Path
    warnings: list[Issue] = field(default_factory=list)
    aside: str = ""  # a note for the person logging (e.g. a decision logged without its criteria)


@dataclass(frozen=True)
class ShownEvent:
    """One logged event as `scr log --show` lists it: where it is, what it is, and its fields."""

    event: Event
    title: str


@dataclass(frozen=True)
class ShowResult:
    """The events logged so far, in date order (ties in the order they were written)."""

    root: Path
    events: list[ShownEvent]
    only: str | None = None


def list_events(path: Path | None) -> tuple[Regime, list[EventSpec]]:
    regime_id = "scr-2015"
    if path is not None:
        try:
            root = find_root(path)
            loaded = loader.load(root)
            regime_id = loaded.review.info.regime
        except DataError:
            pass
    regime = loader.load_regime(regime_id)
    return regime, list(regime.events)


def _parse_fields(pairs: list[str], regime: Regime, event_id: str) -> dict[str, Any]:
    spec = regime.event(event_id)
    types = {f.name: f.type for f in spec.fields} if spec else {}
    out: dict[str, Any] = {}
    for pair in pairs:
        if "=" not in pair:
            raise DataError(f"'{pair}' is not a field=value pair",
                            hint="write fields as name=value, e.g. outcome=review")
        name, value = pair.split("=", 1)
        name = name.strip()
        if name in ("event", "date", "note"):
            raise DataError(f"'{name}' is set by the command itself", hint=f"use --{name} instead")
        out[name] = parse_date(value, name) if types.get(name) == "date" else value
    return out


def _log_errors(loaded: loader.Loaded) -> None:
    """A log.yaml that does not load is reported, not appended to."""
    errors = [i for i in loaded.issues if i.path == "log.yaml" and i.severity == "error"]
    if errors:
        e = errors[0]
        raise DataError(e.message, path=e.path, line=e.line, column=e.column, hint=e.hint)


def _refuse_if_gated(root: Path, candidate: Event, loaded: loader.Loaded, today: date) -> None:
    """What the records beside the review forbid (review/event_gate.py), as the hooks would refuse it."""
    review, regime = loaded.review, loaded.regime
    if candidate.event not in gated_events(regime):
        return
    broken = [i for i in loaded.errors() if i.path in TRACKING_FILES]
    if broken:  # a record that cannot be read might be the one that holds this event
        e = broken[0]
        raise DataError(e.message, path=e.path, line=e.line or None, column=e.column or None, hint=e.hint)
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    found = event_refusals(candidate, review, regime, cal, work_check(root))
    if found:
        first = found[0]
        where = first.path if first.path != candidate.pos.path else None
        raise Refused(first.message, path=where, line=first.line or None if where else None,
                      column=first.column or None if where else None, hint=first.hint)


def log_event(path: Path, event_id: str, when: str, note: str = "", pairs: list[str] | None = None,
              today: date | None = None) -> LogResult:
    root = find_root(path)
    loaded = loader.load(root)
    _log_errors(loaded)
    regime, review = loaded.regime, loaded.review
    today = today or date.today()
    day = parse_date(when, "--date")
    fields = _parse_fields(pairs or [], regime, event_id)
    candidate = Event(event_id, day, Pos("command line"), note, fields, len(review.events))
    problems = event_issues(candidate, review, regime, today)
    order = new_order_issues(candidate, review, regime, today)
    problems += [i for i in order if i.severity == "error"]
    if problems:
        p = problems[0]
        raise DataError(p.message, hint=p.hint)
    _refuse_if_gated(root, candidate, loaded, today)

    entry: dict[str, Any] = {"event": event_id, "date": day}
    if note:
        entry["note"] = note
    entry.update(fields)
    yamledit.append_to(root / "log.yaml", "log.yaml", "events", entry)
    spec = regime.event(event_id)
    aside = ""
    if regime.criteria is not None and event_id == regime.criteria.decides:  # recorded elsewhere: say what scr offers
        aside = ("logged without the criteria; `scr decide` walks through them and records each answer with "
                 "its evidence (02-decision/criteria.yaml)")
    aside = aside or _circulation_aside(root, event_id)
    return LogResult(event_id, day, spec.title if spec else event_id, root / "log.yaml", order, aside)


def _circulation_aside(root: Path, event_id: str) -> str:
    """What to do when the event sends papers round: their new readers can read them only once re-encrypted."""
    rules = scope_rules(fileio.read_bytes(root / layout.REVIEW, layout.REVIEW))
    opened = [c for c in rules.circulated if c.event == event_id]
    if not opened or not (root / layout.READERS).is_file():
        return ""
    roles = sorted({r for c in opened for r in c.roles})
    papers = ", ".join(dict.fromkeys(g for c in opened for g in c.paths))
    return (f"{event_id} circulates {papers} to the {', '.join(roles)} role: run `scr rekey` so their keys can "
            "read them, then commit (the hooks refuse the log without it)")


def show_events(path: Path, only: str | None = None) -> ShowResult:
    """What log.yaml holds, in date order; `only` keeps the events of one id (an unknown id is an error)."""
    root = find_root(path)
    loaded = loader.load(root)
    _log_errors(loaded)
    regime = loaded.regime
    if only is not None and regime.event(only) is None:
        raise DataError(f"unknown event '{only}'", hint=did_you_mean(only, [e.id for e in regime.events]))
    events = sorted(loaded.review.events, key=lambda e: (e.date, e.index))
    shown = [ShownEvent(e, spec.title if (spec := regime.event(e.event)) else e.event)
             for e in events if only is None or e.event == only]
    return ShowResult(root, shown, only)
