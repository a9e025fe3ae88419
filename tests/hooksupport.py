"""Helpers for the hook tests: one review per session made by `scr new` (hooks installed), copied per test.

Everything runs for real: `git commit` calls the installed shim, which execs the installed `scr` console
script; sign-offs are made with generated passphrase-less keys in short /tmp GNUPGHOMEs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.app import main
from scr_cli.review.model import Pos, SignOff
from scr_cli.review.signoff import record_bytes

TOR = "04-terms-of-reference/terms-of-reference.md"
SUMMARY = "06-overview/executive-summary.md"
SCOPING = "03-scoping/scoping.md"
PLAN = "07-action-plan/action-plan.yaml"
TODAY = date.today()
EARLIER = TODAY - timedelta(days=10)


def git(root: Path, *args: str, env: dict[str, str] | None = None, input: str | None = None
        ) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, input=input,
                          env={**os.environ, **(env or {})})


def scr(*args: str | Path) -> int:
    return main([str(a) for a in args])


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
    """`scr new`, then people with keys and a terms-of-reference draft v1 dated ten days ago."""
    assert scr("new", root, "--ref", "SCR-T-03", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", (TODAY - timedelta(days=30)).isoformat()) == 0
    (root / "people.yaml").write_text(people_yaml(keys.fprs))
    (root / ".scr/keys").mkdir(parents=True, exist_ok=True)
    for person in ("board-chair", "panel-chair"):
        (root / f".scr/keys/{person}.asc").write_bytes(keys.public[person])
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
