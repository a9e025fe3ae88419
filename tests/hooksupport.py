"""Helpers for the hook tests: one review per session made by `scr new` (hooks installed), copied per test.

Everything runs for real: `git commit` calls the installed shim, which execs the installed `scr` console
script; sign-offs are made with generated passphrase-less keys in short /tmp GNUPGHOMEs.

No test depends on the day it runs: the drafts are dated TODAY (a fixed day), `scr draft` and `scr signoff`
get `--today TODAY`, and every commit carries TODAY as its author and committer date, which the hooks accept
as the commit's date (a run that crosses midnight, or a clock a year ahead, changes nothing).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.app import main
from scr_cli.review.canonical import record_bytes
from scr_cli.review.model import Pos, SignOff
from tests.conftest import TODAY as FIXED_TODAY

TOR = "04-terms-of-reference/terms-of-reference.md"
SUMMARY = "06-overview/executive-summary.md"
SCOPING = "03-scoping/scoping.md"
PLAN = "07-action-plan/action-plan.yaml"
TODAY = FIXED_TODAY
EARLIER = TODAY - timedelta(days=10)
FUTURE = date(2999, 1, 4)  # later than any day a test runs on
COMMIT_DATE = {"GIT_AUTHOR_DATE": f"{TODAY}T12:00:00", "GIT_COMMITTER_DATE": f"{TODAY}T12:00:00"}
DATED = (("draft", "bump"), ("draft", "reopen"), ("signoff",))  # the commands that date what they write


def git(root: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    """git as the tests run it: every commit dated TODAY unless `env` says otherwise."""
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, input=input,
                          env={**os.environ, **COMMIT_DATE, **(env or {})})


def scr(*args: str | Path) -> int:
    """`scr ARGS` in this process; a command that dates what it writes dates it TODAY."""
    argv = [str(a) for a in args]
    if any(tuple(argv[:len(cmd)]) == cmd for cmd in DATED) and "--today" not in argv:
        argv += ["--today", TODAY.isoformat()]
    return main(argv)


def people_yaml(fprs: dict[str, str]) -> str:
    return (
        "people:\n"
        "  - id: board-chair\n    name: Zelda Quillfeather\n    roles: [board-chair]\n"
        f"    key_fingerprint: {fprs['board-chair']}\n"
        "  - id: panel-chair\n    name: Orrin Vantablack\n    roles: [panel-chair]\n"
        f"    key_fingerprint: {fprs['panel-chair']}\n"
    )


def set_front(root: Path, rel: str, **values: str) -> None:
    file = root / rel
    text = file.read_text()
    for key, value in values.items():
        text, n = re.subn(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.MULTILINE)
        assert n == 1, key
    file.write_text(text)


def append(root: Path, rel: str, text: str) -> None:
    with (root / rel).open("a") as handle:
        handle.write(text)


@dataclass
class Keys:
    fprs: dict[str, str]
    homes: dict[str, Path]
    public: dict[str, bytes]


def make_keys(base: Path) -> Keys:
    fprs: dict[str, str] = {}
    homes: dict[str, Path] = {}
    public: dict[str, bytes] = {}
    for person in ("board-chair", "panel-chair", "outsider"):
        home = Path(__import__("tempfile").mkdtemp(prefix="g-", dir="/tmp"))
        home.chmod(0o700)
        fprs[person] = gpg.generate_key(home, f"{person} <{person}@example.invalid>")
        homes[person] = home
        public[person] = gpg.export_public(home, fprs[person])
    return Keys(fprs, homes, public)


def close_keys(keys: Keys) -> None:
    for home in keys.homes.values():
        gpg.stop_agents(home)
        shutil.rmtree(home, ignore_errors=True)


def build_base(root: Path, keys: Keys) -> Path:
    """`scr new`, then people with keys on the chair-signed readers list (the trust root: their roles sign) and
    a terms-of-reference draft v1 dated ten days ago."""
    assert scr("new", root, "--ref", "SCR-T-03", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", (TODAY - timedelta(days=30)).isoformat()) == 0
    (root / "people.yaml").write_text(people_yaml(keys.fprs))
    for person in ("board-chair", "panel-chair"):
        keyfile = root.parent / f"{person}.asc"
        keyfile.write_bytes(keys.public[person])
        assert scr("keys", "add", keyfile, "--person", person, "-C", root, "--gnupghome",
                   keys.homes["board-chair"]) == 0
    for rel in (TOR, SUMMARY, SCOPING):
        set_front(root, rel, date=EARLIER.isoformat())
    set_front(root, PLAN, date=EARLIER.isoformat())
    git(root, "add", "-A")
    done = git(root, "commit", "-q", "--no-verify", "-m", "people, keys, drafts dated earlier")
    assert done.returncode == 0, done.stderr
    return root


def forge_signoff(root: Path, signer_home: Path, signer_fpr: str, *, person: str = "board-chair",
                  role: str = "board-chair", version: int = 1, fingerprint: str | None = None) -> None:
    """Append a sign-off signed with any key (to test that the wrong key, person or role is refused)."""
    from scr_cli.gate.gittree import read_document
    from scr_cli.store.tree import WorkTree

    got = read_document(WorkTree(root), TOR)
    assert got is not None
    record = SignOff(TOR, version, fingerprint or got[1].content, person, role, TODAY, Pos("signoffs.yaml"))
    sig = gpg.sign_detached(signer_home, record_bytes(record), signer_fpr).decode()
    block = "\n".join("      " + ln for ln in sig.strip().splitlines())
    text = (root / "signoffs.yaml").read_text().replace("signoffs: []\n", "signoffs:\n")
    text += (f"  - document: {TOR}\n    version: {version}\n    fingerprint: {record.fingerprint}\n"
             f"    person: {person}\n    role: {role}\n    date: {TODAY.isoformat()}\n    signature: |\n{block}\n")
    (root / "signoffs.yaml").write_text(text)


def state(root: Path) -> tuple[str, dict[str, bytes]]:
    """HEAD and every work-tree file: what a refused commit must leave as it was."""
    head = git(root, "rev-parse", "HEAD").stdout.strip()
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
             if p.is_file() and ".git" not in p.relative_to(root).parts}
    return head, files
