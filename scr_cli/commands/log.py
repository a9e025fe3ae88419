"""scr log: append a dated event to log.yaml, keeping the user's comments and order. Does not commit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.dates import parse_date
from scr_cli.errors import DataError
from scr_cli.review.checks import event_issues, log_issues
from scr_cli.review.model import Event, Issue, Pos, Review
from scr_cli.review.regime import EventSpec, Regime
from scr_cli.store import loader, yamledit
from scr_cli.store.root import find_root


@dataclass(frozen=True)
class LogResult:
    """The result of `scr log`: the event recorded, its date and title, and the log file written."""

    event: str
    date: date
    title: str
    path: Path


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


def _order_problems(candidate: Event, review: Review, regime: Regime, today: date) -> list[Issue]:
    """Order rules (e.g. decision not before referral) the new event would break; existing ones are check's job."""
    before = {i.message for i in log_issues(review, regime, today) if i.code == "order"}
    after = log_issues(replace(review, events=(*review.events, candidate)), regime, today)
    return [replace(i, hint="check the date; if it is right, correct the other event in log.yaml")
            for i in after if i.code == "order" and i.message not in before]


def log_event(path: Path, event_id: str, when: str, note: str = "", pairs: list[str] | None = None,
              today: date | None = None) -> LogResult:
    root = find_root(path)
    loaded = loader.load(root)
    log_errors = [i for i in loaded.issues if i.path == "log.yaml" and i.severity == "error"]
    if log_errors:
        e = log_errors[0]
        raise DataError(e.message, path=e.path, line=e.line, column=e.column, hint=e.hint)
    regime, review = loaded.regime, loaded.review
    today = today or date.today()
    day = parse_date(when, "--date")
    fields = _parse_fields(pairs or [], regime, event_id)
    candidate = Event(event_id, day, Pos("command line"), note, fields, len(review.events))
    problems = event_issues(candidate, review, regime, today) or _order_problems(candidate, review, regime, today)
    if problems:
        p = problems[0]
        raise DataError(p.message, hint=p.hint)

    def append(data: Any) -> None:
        entry: dict[str, Any] = {"event": event_id, "date": day}
        if note:
            entry["note"] = note
        entry.update(fields)
        if data is None or data.get("events") is None:
            data["events"] = []
        events = data["events"]
        if hasattr(events, "fa"):
            events.fa.set_block_style()  # `events: []` in the template is flow style
        events.append(yamledit.mapping(entry))

    yamledit.edit(root / "log.yaml", "log.yaml", append)
    spec = regime.event(event_id)
    return LogResult(event_id, day, spec.title if spec else event_id, root / "log.yaml")
