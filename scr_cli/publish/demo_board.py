"""The demo board: the demo review's neighbours, so `scr portfolio` shows a real board's picture.

`scr demo PATH` makes the first review in PATH as before, then `PATH-board/` beside it: the board's shared
repositories as bare clones (the first review's, a second's and a third's), with the server's hooks
installed, and the work trees of the second and third. The second review was adopted and is in monitoring:
its action plan is signed by the owning agencies' senior managers, one action is complete with signed
evidence, one is at risk with a new date agreed, one overdue; a criminal trial ended (and was considered)
before adoption; Ofsted's evaluation is recorded. Its papers are in scr_cli/data/demo-board/, dated relative
to its referral and committed day by day through its hooks (store/demo_papers.py). The third is a rapid
review (cspr-2018) notified six days before.
Every name is invented.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scr_cli import atomic, paths
from scr_cli.adapters import git, gpg
from scr_cli.crypto.demo_keys import demo_keys_and_lock
from scr_cli.crypto.homes import DEMO_HOME
from scr_cli.errors import DataError
from scr_cli.gate import signing
from scr_cli.gate.install import install_hooks
from scr_cli.gate.lock_rules import refusals
from scr_cli.gate.progress_signing import sign_completion
from scr_cli.review.layout import ACTION_PLAN
from scr_cli.store import yamledit
from scr_cli.store.demo_papers import commit_history
from scr_cli.store.progress_edit import NewEntry, append
from scr_cli.store.scaffold import NewReview, create

BOARD_DATA = paths.DATA_DIR / "demo-board"
SECOND = "scr-demo-02"
DAYS_SINCE_SECOND = 560
LAST_EVENT = 305  # the published summary sent to Ofsted: the last event in its log.yaml
THIRD = "rr-demo-03"
DAYS_SINCE_THIRD = 6  # a rapid review is due 15 working days after the notification
PLAN_SIGNED = 199  # the owning agencies sign the action plan the day before adoption
OWNERS = {"school": "panel-education", "community-health": "panel-health", "childrens-services": "panel-social-care",
          "police": "panel-police"}


@dataclass(frozen=True)
class Board:
    """What the demo board holds: its folder, the bare repositories and the other reviews' work trees."""

    folder: Path
    bare: tuple[Path, ...]
    second: Path
    third: Path


@contextmanager
def _keyring(home: Path) -> Iterator[None]:
    """The demo's own keyring for the signing below, whatever GNUPGHOME or SCR_GNUPGHOME the caller has set."""
    names = ("GNUPGHOME", "SCR_GNUPGHOME")
    saved = {name: os.environ.get(name) for name in names}
    for name in names:
        os.environ[name] = str(gpg.short_home_path(home))  # a long path leaves no room for gpg's sockets
    try:
        yield
    finally:
        gpg.stop_agents(gpg.short_home_path(home))
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _themes(root: Path, stamp: str) -> None:
    def themes(data: Any) -> None:
        data["title"] = "Child K: a serious injury at home"
        data["themes"] = yamledit.flow_list(["neglect", "domestic-abuse", "information-sharing"])

    yamledit.edit(root / "review.yaml", "review.yaml", themes)
    git.commit_all(root, "The review's title and themes for the board's tracker (demo history)", date=stamp)


def _sign_plan(root: Path, signed_on: date, stamp: str) -> None:
    """Each owning agency's senior manager signs the plan; it becomes final through the review's own hooks."""
    for person in OWNERS.values():
        signing.signoff(root / ACTION_PLAN, "senior-manager", person, signed_on)
    text = (root / ACTION_PLAN).read_text(encoding="utf-8")
    atomic.write_text(root / ACTION_PLAN, text.replace("status: draft", "status: final", 1))
    git.commit_all(root, "Action plan signed by the owning agencies (demo)", date=stamp)


def _progress(root: Path, referral: date, today: date, stamp: str) -> None:
    def day(n: int) -> date:
        return referral + timedelta(days=n)

    entries = [
        NewEntry("A1", day(250), "on-track", "Referral logs checked in every school: all same-day so far"),
        NewEntry("A3", day(300), "on-track", "Closure procedure revised; training booked"),
        NewEntry("A1", day(320), "complete", "Two terms of same-day referrals, audited",
                 (("file", "07-action-plan/evidence/a1-referral-audit.txt"),
                  ("ref", "Quality assurance group minutes, item 4"))),
        NewEntry("A3", day(430), "at-risk", "Two teams have not yet had the training",
                 new_due=day(640), agreed_by="board-chair"),
        NewEntry("A2", day(540), "on-track", "Home visits after two missed contacts: 86% in time, rising"),
    ]
    for entry in entries:
        append(root, entry)
    sign_completion(root, "A1", OWNERS["school"], min(today, day(322)))
    git.commit_all(root, "Progress on the action plan; A1 signed as complete by the school (demo)", date=stamp)


def make_second(root: Path, today: date, identity: tuple[str, str]) -> Path:
    """The second review, every commit on its day and through the review's own hooks (a gated remote takes it)."""
    referral = today - timedelta(days=DAYS_SINCE_SECOND)

    def stamp(days: int, hour: int = 12) -> str:
        return f"{(referral + timedelta(days=days)).isoformat()}T{hour:02d}:00:00"

    made = create(NewReview(root, "SCR-DEMO-02", "Eastmere Safeguarding Children Partnership", "Child K", referral,
                            today=referral, identity=identity, commit_date=stamp(0, 9)), prepare=install_hooks)
    _themes(made.root, stamp(0, 10))
    commit_history(made.root, referral, BOARD_DATA / SECOND)  # store/demo_papers.py: each paper on its day
    keys = demo_keys_and_lock(made.root, judge=refusals, also_sign=tuple(OWNERS.values()))
    git.commit_all(made.root, "Lock the sensitive papers for the review's readers (demo)",
                   date=stamp(LAST_EVENT + 1, 11))
    with _keyring(Path(str(keys.get("gnupghome", made.root / DEMO_HOME)))):
        _sign_plan(made.root, referral + timedelta(days=PLAN_SIGNED), stamp(LAST_EVENT + 1))
        _progress(made.root, referral, today, f"{today.isoformat()}T12:00:00")
    return made.root


def make_third(root: Path, today: date, identity: tuple[str, str]) -> Path:
    """A rapid review (cspr-2018) notified a few days ago: its clocks are running, nothing else is done yet."""
    notified = today - timedelta(days=DAYS_SINCE_THIRD)
    made = create(NewReview(root, "RR-DEMO-03", "Eastmere Safeguarding Children Partnership", "Child T", notified,
                            regime="cspr-2018", today=notified, identity=identity,
                            commit_date=f"{notified.isoformat()}T09:00:00"), prepare=install_hooks)
    return made.root


def board_folder(first: Path) -> Path:
    """Where the board goes (PATH-board beside PATH), refused before anything is made if it is in use."""
    folder = first.parent / f"{first.name}-board"
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise DataError(f"{folder} already exists and is not empty",
                        hint="the demo puts the board's repositories there: remove it or choose another PATH")
    return folder


def make_board(first: Path, today: date, identity: tuple[str, str]) -> Board:
    """PATH-board/ beside the first demo review: bare clones of both reviews, and the second's work tree."""
    folder = board_folder(first)
    folder.mkdir(exist_ok=True)
    second = make_second(folder / SECOND, today, identity)
    third = make_third(folder / THIRD, today, identity)
    bare = []
    for source, name in ((first, "scr-demo-01.git"), (second, f"{SECOND}.git"), (third, f"{THIRD}.git")):
        target = folder / name
        git.git(["clone", "-q", "--bare", str(source), str(target)])
        install_hooks(target)
        bare.append(target)
    return Board(folder, tuple(bare), second, third)
