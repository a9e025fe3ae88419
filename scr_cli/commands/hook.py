"""`scr hook pre-commit|pre-receive`: the gate's checks as git runs them."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from scr_cli.adapters import verdicts
from scr_cli.gate.hooks import HookResult, pre_commit


def run(name: str, repo: Path, today: date, updates: Iterable[str] = ()) -> HookResult:
    """pre-commit judges the index against HEAD; pre-receive every pushed commit (`old new ref` lines)."""
    verdicts.remember_in(verdicts.git_state_folder(repo, os.environ.get("GIT_DIR")))
    if name == "pre-commit":
        return pre_commit(repo, today)
    from scr_cli.gate.receive import pre_receive  # the shared remote's gate: not needed by a local commit

    return pre_receive(repo, updates)
