"""scr check: every problem in the review as an issue at file:line, sorted. Never writes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.adapters import verdicts
from scr_cli.review import checks
from scr_cli.review.clocks import WorkingCalendar, all_clocks
from scr_cli.review.followup_checks import followup_issues
from scr_cli.review.milestones import late_plan_issues, milestones
from scr_cli.review.model import Issue
from scr_cli.review.planning import passed_plans
from scr_cli.store import bankholidays, loader, standard
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
    """Every problem in the review at `path`, judged on `today`."""
    root = find_root(path)
    verdicts.remember_in(verdicts.git_state_folder(root))
    loaded = loader.load(root)
    today = today or date.today()
    imr_root = root / "05-imr"
    folders: set[str] = set()
    if imr_root.is_dir():
        folders = {p.name for p in imr_root.iterdir() if p.is_dir() and not p.name.startswith(".")}
    found = list(loaded.issues)
    cal = WorkingCalendar(bankholidays.for_review(loaded.review, today))
    found += checks.all_issues(loaded.review, loaded.regime, today, folders, cal)
    found += followup_issues(loaded.review, loaded.regime, today)
    found += _extra_checks(loaded, today)
    found += _plan_checks(loaded, today, cal)
    found += standard.issues(standard.reader(root), loaded.review.documents, loaded.regime)
    unique = sorted(set(found), key=Issue.sort_key)
    files = len(loaded.docs) + sum(1 for d in loaded.review.documents if not d.locked)
    return CheckResult(root, unique, files)


def _plan_checks(loaded: loader.Loaded, today: date, cal: WorkingCalendar) -> list[Issue]:
    """Planned dates that passed with nothing logged, and plans later than the rules allow."""
    review, regime = loaded.review, loaded.regime
    rows = milestones(all_clocks(review, regime, today, cal), review, regime, cal)
    return passed_plans(review, regime, today) + late_plan_issues(rows)


def _extra_checks(loaded: loader.Loaded, today: date) -> list[Issue]:
    """Checks other areas contribute (sign-offs, sensitive files), when their modules are present."""
    found: list[Issue] = []
    try:
        from scr_cli.gate.signatures import signoff_issues_for
    except ImportError:
        return found
    found += signoff_issues_for(loaded, today)
    return found
