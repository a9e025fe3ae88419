"""scr check: every problem in the review as an issue at file:line, sorted. Never writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.review import checks
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.model import Issue
from scr_cli.store import bankholidays, loader
from scr_cli.store.root import find_root


@dataclass(frozen=True)
class CheckResult:
    """The result of `scr check`: every issue found, how many files were read, and whether it failed."""

    root: Path
    issues: list[Issue]
    files_checked: int

    @property
    def errors(self) -> int:
        return sum(1 for i in self.issues if i.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for i in self.issues if i.severity == "warning")

    def failed(self, strict: bool) -> bool:
        return self.errors > 0 or (strict and self.warnings > 0)


def check(path: Path, today: date | None = None) -> CheckResult:
    root = find_root(path)
    loaded = loader.load(root)
    today = today or date.today()
    imr_root = root / "05-imr"
    folders: set[str] = set()
    if imr_root.is_dir():
        folders = {p.name for p in imr_root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    found = list(loaded.issues)
    cal = WorkingCalendar(bankholidays.for_review(loaded.review, today))
    found += checks.all_issues(loaded.review, loaded.regime, today, folders, cal)
    found += _extra_checks(loaded, today)
    unique = sorted(set(found), key=Issue.sort_key)
    files = len(loaded.docs) + sum(1 for d in loaded.review.documents if not d.locked)
    return CheckResult(root, unique, files)


def _extra_checks(loaded: loader.Loaded, today: date) -> list[Issue]:
    """Checks other areas contribute (sign-offs, sensitive files), when their modules are present."""
    found: list[Issue] = []
    try:
        from scr_cli.gate.signatures import signoff_issues_for
    except ImportError:
        return found
    found += signoff_issues_for(loaded, today)
    return found
