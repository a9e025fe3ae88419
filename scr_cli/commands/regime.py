"""scr regime show | switch: the process rules a review follows, and moving a live review to other rules.

`switch` changes review.yaml's `regime:` (and the `extends:` of a local variant), logs the move as an event,
loads the review under the new rules and commits the change; if the files no longer load, every file is put
back as it was. Rule problems the new rules reveal (a role the new regime does not know) are listed to fix next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic, paths
from scr_cli.adapters import git
from scr_cli.errors import DataError, Refused
from scr_cli.review import checks, layout
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.model import Issue
from scr_cli.review.regime import Regime
from scr_cli.store import bankholidays, loader, yamledit
from scr_cli.store.root import find_root


@dataclass(frozen=True)
class RegimeShown:
    """The rules `scr regime show` prints: a shipped regime, or the review's own with its variant."""

    regime: Regime
    base: str  # the shipped regime (the one review.yaml names)
    variant: str | None  # the local variant's file, when one applies
    shipped: list[str]


@dataclass(frozen=True)
class SwitchResult:
    """A switch made: the old and new regime, the commit, and what to fix under the new rules."""

    root: Path
    old: str
    new: str
    date: date
    commit: str
    files: list[str]
    to_fix: list[Issue] = field(default_factory=list)


def show(path: Path | None, regime_id: str | None = None) -> RegimeShown:
    """A shipped regime by id, or else the rules of the review at `path` (its local variant applied)."""
    shipped = paths.shipped_regimes()
    if regime_id:
        return RegimeShown(_shipped(regime_id), regime_id, None, shipped)
    loaded = loader.load(find_root(path or Path(".")))
    loaded.require_clean()
    base = loaded.review.info.regime
    has_variant = (loaded.root / layout.REGIME_VARIANT).exists()
    return RegimeShown(loaded.regime, base, layout.REGIME_VARIANT if has_variant else None, shipped)


def _shipped(regime_id: str) -> Regime:
    try:
        return loader.load_regime(regime_id)
    except DataError as exc:
        raise DataError(exc.message, hint=exc.hint) from None  # not review.yaml's fault here


def _rule_issues(loaded: loader.Loaded, today: date) -> set[tuple[str, str]]:
    cal = WorkingCalendar(bankholidays.for_review(loaded.review, today))
    found = checks.all_issues(loaded.review, loaded.regime, today, set(), cal)
    return {(i.path, i.message) for i in found if i.severity == "error"}


def switch(path: Path, target: str, reason: str, today: date | None = None) -> SwitchResult:
    today = today or date.today()
    if not reason.strip():
        raise DataError("--reason must not be empty", hint='say why the review changes rules: --reason "..."')
    root = find_root(path)
    before = loader.load(root)
    before.require_clean()
    old = before.review.info.regime
    if target == old:
        raise DataError(f"the review already follows {old}", hint="see `scr regime show` for its rules")
    switched = _shipped(target).scr_events.switched
    if not switched:
        raise DataError(f"the regime '{target}' names no event for a switch", hint="add scr_events.switched to it")
    files = [rel for rel in (layout.REVIEW, layout.LOG, layout.REGIME_VARIANT) if (root / rel).exists()]
    dirty = git.changed_paths(root, files)
    if dirty:
        raise Refused(f"{dirty[0]} has changes that are not committed", path=dirty[0],
                      hint="commit them first (the switch is a commit of its own)")
    originals = {rel: (root / rel).read_bytes() for rel in files}
    try:
        _write(root, old, target, switched, reason.strip(), today)
        after = loader.load(root)
        broken = after.errors()
        if broken:
            first = broken[0]
            raise Refused(f"under {target}: {first.message}", path=first.path, line=first.line, column=first.column,
                          hint=f"{first.hint}; nothing was changed")
        new_rules = _rule_issues(after, today) - _rule_issues(before, today)
        commit = git.commit_paths(root, f"Switch the review from {old} to {target}: {reason.strip()}", files)
    except BaseException:
        for rel, data in originals.items():
            atomic.write_bytes(root / rel, data)
        raise
    cal = WorkingCalendar(bankholidays.for_review(after.review, today))
    to_fix = [i for i in checks.all_issues(after.review, after.regime, today, set(), cal)
              if (i.path, i.message) in new_rules]
    return SwitchResult(root, old, target, today, commit, files, sorted(to_fix, key=Issue.sort_key))


def _write(root: Path, old: str, target: str, switched: str, reason: str, today: date) -> None:
    def set_regime(data: Any) -> None:
        data["regime"] = target

    yamledit.edit(root / layout.REVIEW, layout.REVIEW, set_regime)
    if (root / layout.REGIME_VARIANT).exists():
        def set_extends(data: Any) -> None:
            if isinstance(data, dict) and data.get("extends") == old:
                data["extends"] = target

        yamledit.edit(root / layout.REGIME_VARIANT, layout.REGIME_VARIANT, set_extends)

    yamledit.append_to(root / layout.LOG, layout.LOG, "events", {"event": switched, "date": today, "from_regime": old,
                                                                "to_regime": target, "reason": reason})
