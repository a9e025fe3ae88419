"""`scr hook pre-commit|pre-receive`: the gate's checks as git runs them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from scr_cli.gate.hooks import HookResult, pre_commit, pre_receive


def run(name: str, repo: Path, today: date, updates: Iterable[str] = ()) -> HookResult:
    """pre-commit judges the index against HEAD; pre-receive every pushed commit (`old new ref` lines)."""
    return pre_commit(repo, today) if name == "pre-commit" else pre_receive(repo, updates)
