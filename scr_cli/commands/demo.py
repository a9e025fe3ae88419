"""scr demo: a complete fictional review with a realistic history, so a newcomer sees every part working.

The demo's papers live in scr_cli/data/demo/; dates there are written relative to the referral
({R+17} is 17 days after it), so the clocks are live whatever day the demo is made.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from scr_cli import atomic, paths
from scr_cli.adapters import git
from scr_cli.crypto.demo_keys import demo_keys_and_lock
from scr_cli.gate import drafting, signing
from scr_cli.gate.install import install_hooks
from scr_cli.gate.lock_rules import refusals
from scr_cli.publish.build import build_demo_pack
from scr_cli.store.scaffold import NewReview, create

DEMO_DIR = paths.DATA_DIR / "demo"
DAYS_SINCE_REFERRAL = 198
_RELATIVE = re.compile(r'"?\{R([+-]\d+)\}"?')
IDENTITY = ("Ravi Oakenshaw (demo business manager)", "business.manager@eastmere-scp.example")


@dataclass
class DemoResult:
    """The result of `scr demo`: where the demo review was made, the day it is set on, and notes to show."""

    root: Path
    today: date
    notes: list[str] = field(default_factory=list)


def _place(text: str, referral: date) -> str:
    return _RELATIVE.sub(lambda m: (referral + timedelta(days=int(m.group(1)))).isoformat(), text)


def make_demo(path: Path, today: date | None = None) -> DemoResult:
    today = today or date.today()
    referral = today - timedelta(days=DAYS_SINCE_REFERRAL)
    made = create(NewReview(path, "SCR-DEMO-01", "Eastmere Safeguarding Children Partnership", "Child M",
                            referral, today=referral, identity=IDENTITY),  # the papers start on the referral day
                  prepare=install_hooks)
    root = made.root
    notes = [f"Demo review created in {root} (all names are invented)."]
    for source in sorted(DEMO_DIR.rglob("*")):
        if source.is_file():
            target = root / source.relative_to(DEMO_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic.write_text(target, _place(source.read_text(encoding="utf-8"), referral))
    git.commit_all(root, "Add the review's papers so far (demo history)", no_verify=True)
    notes += _optional_steps(root, today)
    notes.append(f"Try: cd {root} && scr status && scr check")
    return DemoResult(root, today, notes)


def _optional_steps(root: Path, today: date) -> list[str]:
    """Encryption, a sign-off and the built pack; each adds a line to the notes."""
    notes: list[str] = []
    result = demo_keys_and_lock(root, judge=refusals)
    git.commit_all(root, "Lock the sensitive papers for the review's readers (demo)")
    notes.append(f"Encrypted {result.get('locked', '?')} sensitive files to {result.get('readers', '?')} readers "
                 f"(demo keys in {result.get('gnupghome', '?')}).")
    notes.append(_approve_terms_of_reference(root, today, Path(str(result.get("gnupghome", root / ".demo-gnupg")))))
    notes.append(f"Board pack built: {build_demo_pack(root)}")
    return notes


def _approve_terms_of_reference(root: Path, today: date, home: Path) -> str:
    """The board chair approves the terms of reference: a new dated version, a signed sign-off, then `final`.

    The commit goes through the review's own pre-commit hook, which checks the date, version and sign-off.
    """
    rel = "04-terms-of-reference/terms-of-reference.md"
    saved = os.environ.get("GNUPGHOME")
    os.environ["GNUPGHOME"] = str(home)  # the demo chair's key lives in the demo keyring
    try:
        drafting.bump(root / rel, today)
        text = (root / rel).read_text(encoding="utf-8")
        atomic.write_text(root / rel, drafting.set_keys(text, rel, {"status": "final"}))
        signing.signoff(root / rel, "board-chair", "board-chair", today)
        git.commit_all(root, "Terms of reference approved by the board chair (demo)",
                           date=f"{today.isoformat()}T12:00:00")
    finally:
        if saved is None:
            os.environ.pop("GNUPGHOME", None)
        else:
            os.environ["GNUPGHOME"] = saved
    return "Terms of reference approved: signed by the board chair with the demo key and committed through the hooks."


def remove_demo(root: Path) -> None:
    shutil.rmtree(root, ignore_errors=True)
