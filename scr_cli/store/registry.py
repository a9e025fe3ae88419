"""Edits of people.yaml, agencies.yaml, log.yaml and plan.yaml that the people commands share.

Each keeps the user's comments and layout (`yamledit`) and writes atomically. The checks come first, in the
commands: these functions only write what has already been judged right.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic, paths
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.store import loader, yamledit
from scr_cli.store.root import find_root


def load_clean(path: Path, files: tuple[str, ...]) -> loader.Loaded:
    """The review at `path`, refusing (the first error, at file:line) when any of `files` has an error."""
    loaded = loader.load(find_root(path))
    for issue in sorted(loaded.issues, key=lambda i: i.sort_key()):
        if issue.severity == "error" and issue.path in files:
            raise DataError(issue.message, path=issue.path, line=issue.line, column=issue.column,
                            hint=issue.hint or "fix it first (`scr check`)")
    return loaded


def _block_list(data: Any, key: str) -> Any:
    """The list under `key`, made if missing and turned to block style (`key: []` in a template is flow)."""
    if data.get(key) is None:
        data[key] = []
    items = data[key]
    if hasattr(items, "fa"):
        items.fa.set_block_style()
    return items


def append_entry(file: Path, shown: str, key: str, values: dict[str, Any]) -> None:
    """Append one mapping to the list under `key` (agencies, people, events)."""

    def change(data: Any) -> None:
        _block_list(data, key).append(yamledit.mapping(values))

    yamledit.edit(file, shown, change)


def remove_entry(file: Path, shown: str, key: str, entry_id: str) -> None:
    """Remove the mapping whose `id` is `entry_id` from the list under `key`."""

    def change(data: Any) -> None:
        items = _block_list(data, key)
        for index, item in enumerate(items):
            if item.get("id") == entry_id:
                del items[index]
                return

    yamledit.edit(file, shown, change)


def set_field(file: Path, shown: str, key: str, entry_id: str, name: str, value: Any) -> None:
    """Set one field of the mapping whose `id` is `entry_id` in the list under `key`."""

    def change(data: Any) -> None:
        for item in _block_list(data, key):
            if item.get("id") == entry_id:
                item[name] = value

    yamledit.edit(file, shown, change)


def person_entry(person_id: str, name: str, roles: list[str], agency: str | None,
                 job_title: str = "") -> dict[str, Any]:
    values: dict[str, Any] = {"id": person_id, "name": name, "roles": yamledit.flow_list(roles)}
    if agency:
        values["agency"] = agency
    if job_title:
        values["job_title"] = job_title
    return values


def log_event(root: Path, event_id: str, day: date, fields: dict[str, Any], note: str = "") -> None:
    """Append an event to log.yaml (the checks on it are the caller's)."""
    entry: dict[str, Any] = {"event": event_id, "date": day}
    if note:
        entry["note"] = note
    entry.update(fields)
    append_entry(root / layout.LOG, layout.LOG, "events", entry)


def plan_date(root: Path, event_id: str, agency: str | None, day: date, note: str, today: date) -> date | None:
    """Add a planned date to plan.yaml or move one (keeping the old one under `history`); the old date."""
    file = root / layout.PLAN
    if not file.exists():  # a review made before plans existed
        atomic.write_bytes(file, (paths.review_template_dir() / layout.PLAN).read_bytes())
    previous: list[date] = []

    def change(data: Any) -> None:
        previous.extend(_set_plan(data, event_id, agency, day, note, today))

    yamledit.edit(file, layout.PLAN, change)
    return previous[0] if previous else None


def _set_plan(data: Any, event_id: str, agency: str | None, day: date, note: str, today: date) -> list[date]:
    entries = _block_list(data, "plan")
    for entry in entries:
        if entry.get("event") == event_id and entry.get("agency") == agency:
            old = entry.get("date")
            if note:
                entry["note"] = note
            if old == day:
                return []
            history = entry.get("history")
            if history is None:
                entry["history"] = history = []
            history.append(yamledit.mapping({"date": old, "changed_on": today}))
            entry["date"] = day
            return [old] if isinstance(old, date) else []
    values: dict[str, Any] = {"event": event_id, "date": day}
    if agency:
        values["agency"] = agency
    if note:
        values["note"] = note
    entries.append(yamledit.mapping(values))
    return []
