"""The sign-off part of `scr check`: each sign-off valid, stale or invalid, and final documents lacking one."""

from __future__ import annotations

from datetime import date

from scr_cli.errors import EnvironmentProblem
from scr_cli.gate.hooks import verifier
from scr_cli.review.model import Issue
from scr_cli.review.signoff import signoff_issues
from scr_cli.store import loader
from scr_cli.store.tree import WorkTree


def signoff_issues_for(loaded: loader.Loaded, today: date) -> list[Issue]:
    """Issues at the sign-off's line in signoffs.yaml (signatures checked against .scr/keys/ only)."""
    del today  # sign-offs do not depend on the date
    try:
        return signoff_issues(loaded.review, loaded.regime, verifier(WorkTree(loaded.root)))
    except EnvironmentProblem as exc:  # no gpg here: say so rather than fail the whole check
        return [Issue("warning", "signoff-unverified", "signoffs.yaml", 0, 0,
                      f"sign-offs not verified: {exc.message}", exc.hint or "")]
