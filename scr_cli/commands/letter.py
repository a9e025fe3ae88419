"""scr letter KIND: one letter per recipient in build/letters/, from templates/letters/KIND.md. No commit.

`--log` also logs the event the letter stands for (the template's `log:`; one per agency when the event
belongs to an agency), checked before any letter is written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.errors import DataError
from scr_cli.publish import formats, letters
from scr_cli.review import layout
from scr_cli.review.checks import event_issues
from scr_cli.review.model import Event, Pos
from scr_cli.store import loader, registry

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE, layout.LOG, layout.PLAN,
         layout.FAMILY)


@dataclass(frozen=True)
class LetterResult:
    """The letters written, whether into the private folder, and the events logged."""

    kind: str
    files: list[str]  # relative to the review
    private: bool
    logged: list[str] = field(default_factory=list)


def _to_log(loaded: loader.Loaded, event_id: str, agencies: list[str],
            today: datetime.date) -> list[dict[str, object]]:
    """The log entries `--log` adds (their fields), checked against the regime."""
    spec = loaded.regime.event(event_id)
    if spec is None:
        raise DataError(f"the review's regime has no event '{event_id}' for this letter",
                        hint="log what happened with `scr log`, or leave out --log")
    per_agency = any(f.name == "agency" for f in spec.fields)
    entries: list[dict[str, object]] = ([{"agency": a} for a in dict.fromkeys(agencies)] if per_agency and agencies
                                        else [{}])
    for fields in entries:
        problems = event_issues(Event(event_id, today, Pos(layout.LOG), "", fields), loaded.review, loaded.regime,
                                today)
        if problems:
            raise DataError(problems[0].message, hint=problems[0].hint)
    return entries


def letter(path: Path, kind: str, to: str | None, fmt_name: str, log: bool, keep_private: bool,
           today: datetime.date) -> LetterResult:
    loaded = registry.load_clean(path, _READ)
    fmt = formats.for_build(fmt_name)
    template = letters.load_template(loaded.root, kind)
    event_id = str(template.front.get("log") or "")
    entries: list[dict[str, object]] = []
    if log:
        if not event_id:
            raise DataError(f"the '{kind}' letter stands for no event", hint="leave out --log")
        agencies = [r.agency for r in letters.recipients(loaded, template, to) if r.agency]
        entries = _to_log(loaded, event_id, agencies, today)
    assert fmt.write is not None
    written = letters.write_all(loaded, template, to, fmt, today, keep_private, fmt.write)
    for fields in entries:
        registry.log_event(loaded.root, event_id, today, fields)
    logged = [f"{event_id}" + (f" ({fields['agency']})" if fields.get("agency") else "") for fields in entries]
    files = [f.relative_to(loaded.root).as_posix() for f in written.files]
    return LetterResult(kind, files, written.private, logged)
