"""The demo's papers, placed in time, and their history: committed day by day through the review's own hooks.

The papers live in scr_cli/data/demo/; their dates are written relative to the referral (`{R+17}` is 17
days after it), so the clocks are live whatever day the demo is made. Each document is committed on the day
its front matter gives, with log.yaml as it stood that day, so a gated remote accepts the whole history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scr_cli import atomic, paths
from scr_cli.adapters import git
from scr_cli.review import layout

DEMO_DIR = paths.DATA_DIR / "demo"
_RELATIVE = re.compile(r'"?\{R([+-]\d+)\}"?')
_DATE = re.compile(r'^date: "\{R([+-]\d+)\}"', re.MULTILINE)
_TITLE = re.compile(r"^title: (.+)$", re.MULTILINE)
_VERSION = re.compile(r"^version: (\d+)$", re.MULTILINE)
_EVENT_DATE = re.compile(r'(?<![\w])date: "\{R([+-]\d+)\}"')  # an event's own date, not its new_date


def place(text: str, referral: date) -> str:
    """The text with every `{R+N}` turned into the date N days after the referral."""
    return _RELATIVE.sub(lambda m: (referral + timedelta(days=int(m.group(1)))).isoformat(), text)


@dataclass
class Step:
    """One commit of the demo's history: the files it adds, on the day it was made."""

    day: int
    message: str
    paths: list[str] = field(default_factory=list)


def _sources(folder: Path) -> dict[str, str]:
    return {f.relative_to(folder).as_posix(): f.read_text(encoding="utf-8")
            for f in sorted(folder.rglob("*")) if f.is_file()}


def plan(sources: dict[str, str]) -> list[Step]:
    """Documents on the day they are dated, everything else the day after the referral, in date order.

    Sensitive papers are left out: they reach git only encrypted (`scr lock`), after the history.
    """
    first = Step(1, "People and agencies involved; the first notifications (demo history)")
    steps: dict[int, Step] = {1: first}
    for rel, text in sources.items():
        if rel == layout.LOG or layout.is_sensitive(rel, layout.SENSITIVE):
            continue
        dated = _DATE.search(text) if layout.is_document(rel) else None
        if dated is None:
            first.paths.append(rel)
            continue
        day = int(dated.group(1))
        title = _TITLE.search(text)
        version = _VERSION.search(text)
        what = f"{title.group(1) if title else rel} v{version.group(1) if version else '?'}"
        step = steps.setdefault(day, Step(day, ""))
        step.message = f"{step.message}; {what}" if step.message else f"{what} (demo history)"
        step.paths.append(rel)
    last = max(_event_days(sources.get(layout.LOG, "")), default=1)
    if last > max(steps):
        steps[last] = Step(last, "The log brought up to date (demo history)")
    return [steps[d] for d in sorted(steps)]


def _event_days(log: str) -> list[int]:
    return [int(m.group(1)) for m in _EVENT_DATE.finditer(log)]


def log_until(log: str, day: int) -> str:
    """The demo log as it stood on `day`: its header, then the events dated up to that day."""
    head, sep, body = log.partition("events:\n")
    blocks: list[str] = []
    for line in body.splitlines(keepends=True):
        if line.startswith("  - ") or not blocks:
            blocks.append(line)
        else:
            blocks[-1] += line
    kept = [b for b in blocks if all(d <= day for d in _event_days(b))]
    return head + sep + "".join(kept) if kept else head + "events: []\n"


def commit_history(root: Path, referral: date, folder: Path = DEMO_DIR) -> list[str]:
    """Write the demo's papers (from `folder`) into the review and commit them step by step through its hooks."""
    sources = _sources(folder)
    made: list[str] = []
    written = {layout.LOG}
    for step in plan(sources):
        for rel in step.paths:
            _write(root, rel, place(sources[rel], referral))
            written.add(rel)
        _write(root, layout.LOG, place(log_until(sources[layout.LOG], step.day), referral))
        git.git(["add", "--", *step.paths, layout.LOG], root)
        when = (referral + timedelta(days=step.day)).isoformat()
        made.append(git.commit_staged(root, step.message, date=f"{when}T12:00:00"))
    for rel, text in sources.items():  # the sensitive papers: git-ignored until `scr lock` encrypts them
        if rel not in written:
            _write(root, rel, place(text, referral))
    return made


def _write(root: Path, rel: str, text: str) -> None:
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(target, text)
