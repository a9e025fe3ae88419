"""scr demo: a complete fictional review with a realistic history, so a newcomer sees every part working.

Every commit of the demo goes through the review's own hooks, so the whole history is accepted by a gated
remote: the papers day by day (store/demo_papers.py), then the sensitive ones locked, then the terms of
reference approved by the board chair with the demo key.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scr_cli import atomic
from scr_cli.adapters import git, gpg
from scr_cli.crypto.demo_keys import demo_keys_and_lock
from scr_cli.crypto.homes import demo_home
from scr_cli.errors import EnvironmentProblem
from scr_cli.gate import drafting, signing
from scr_cli.gate.install import install_hooks
from scr_cli.gate.lock_rules import refusals
from scr_cli.publish.build import build_demo_pack
from scr_cli.publish.demo_board import board_folder, make_board
from scr_cli.store.demo_papers import commit_history
from scr_cli.store.scaffold import NewReview, create

DAYS_SINCE_REFERRAL = 198
IDENTITY = ("Ravi Oakenshaw (demo business manager)", "business.manager@eastmere-scp.example")
TOR = "04-terms-of-reference/terms-of-reference.md"


@dataclass
class DemoResult:
    """The result of `scr demo`: where the demo review was made, the day it is set on, and notes to show."""

    root: Path
    today: date
    notes: list[str] = field(default_factory=list)


def make_demo(path: Path, today: date | None = None) -> DemoResult:
    today = today or date.today()
    board_folder(path)  # refused before anything is made when PATH-board is in use
    referral = today - timedelta(days=DAYS_SINCE_REFERRAL)
    made = create(NewReview(path, "SCR-DEMO-01", "Eastmere Safeguarding Children Partnership", "Child M",
                            referral, today=referral, identity=IDENTITY,  # the papers start on the referral day
                            commit_date=f"{referral.isoformat()}T09:00:00"),
                  prepare=install_hooks)
    root = made.root
    notes = [f"Demo review created in {root} (all names are invented)."]
    history = commit_history(root, referral)
    notes.append(f"History: {len(history) + 1} commits so far, each on its day and through the review's hooks.")
    notes += _optional_steps(root, today)
    notes.append(f"Try: cd {root} && scr status && scr check")
    board = make_board(root, today, IDENTITY)  # publish/demo_board.py: the board's other review, bare clones
    notes.append(f"The board's shared repositories are in {board.folder} (bare clones, as a git host keeps them), "
                 f"with a second review, adopted and in monitoring, in {board.second}, and a rapid review "
                 f"just notified in {board.third}.")
    notes.append(f"Try: scr portfolio {board.folder} · cd {board.second} && scr actions")
    return DemoResult(root, today, notes)


def _optional_steps(root: Path, today: date) -> list[str]:
    """Encryption, a sign-off and the built pack; each adds a line to the notes."""
    notes: list[str] = []
    result = demo_keys_and_lock(root, judge=refusals)
    git.commit_all(root, "Lock the sensitive papers for the review's readers (demo)",
                   date=f"{today.isoformat()}T11:00:00")
    notes.append(f"Encrypted {result.get('locked', '?')} sensitive files to {result.get('readers', '?')} readers "
                 f"(demo keys in {result.get('gnupghome', '?')}).")
    home = demo_home(root)  # as every command run in the demo finds it (a short path when the real one is long)
    if home is None:
        raise EnvironmentProblem("the demo's keys were not made", hint="check that gpg works: gpg --version")
    notes.append(_approve_terms_of_reference(root, today, home))
    notes.append(f"Board pack built: {build_demo_pack(root)}")
    return notes


def _approve_terms_of_reference(root: Path, today: date, home: Path) -> str:
    """The board chair approves the terms of reference: a new dated version, a signed sign-off, then `final`.

    The commit goes through the review's own pre-commit hook, which checks the date, version and sign-off.
    """
    drafting.bump(root / TOR, today, home)
    text = (root / TOR).read_text(encoding="utf-8")
    atomic.write_text(root / TOR, drafting.set_keys(text, TOR, {"status": "final"}))
    try:
        signing.signoff(root / TOR, "board-chair", "board-chair", today, home)
    finally:
        gpg.stop_agents(home)  # no agent left running for the demo's throwaway keys
    git.commit_all(root, "Terms of reference approved by the board chair (demo)", date=f"{today.isoformat()}T12:00:00")
    return "Terms of reference approved: signed by the board chair with the demo key and committed through the hooks."


def remove_demo(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(root.parent / f"{root.name}-board", ignore_errors=True)
