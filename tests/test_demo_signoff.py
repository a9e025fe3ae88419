"""A newcomer in the demo: `scr signoff` finds the demo's keys, a sign-off the document moved past is
`superseded` (not stale), so `scr check --strict` can pass; the next step after approval is printed.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.app import main

TODAY = "2026-11-29"
TOR = "04-terms-of-reference/terms-of-reference.md"
IMR = "05-imr/police/imr.md"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Commits are made on the demo's day (the hooks accept a draft dated on its commit's date)."""
    when = f"{TODAY}T15:00:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo-review"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", str(root), "--today", TODAY]) == 0
    return root


@pytest.fixture
def demo(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "demo-review"
    shutil.copytree(made, root, symlinks=True, ignore=shutil.ignore_patterns("S.gpg-agent*"))
    for name in ("GNUPGHOME", "SCR_GNUPGHOME"):  # nothing but the demo's own keys
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(root)
    yield root
    gpg.stop_agents(root / ".demo-gnupg")


def _resign(root: Path, scr) -> str:  # type: ignore[no-untyped-def]
    """Reopen the approved terms, change them, commit, sign again, make them final and commit."""
    assert scr("draft", "reopen", TOR, "--reason", "Scope widened to the nursery", "--today", TODAY).code == 0
    with (root / TOR).open("a", encoding="utf-8") as f:
        f.write("\nThe review also covers the school nursery.\n")
    assert git(root, "commit", "-qam", "terms reopened: scope widened").returncode == 0
    signed = scr("signoff", TOR, "--as", "board-chair", "--today", TODAY)  # no --gnupghome: the demo's keys are found
    assert signed.code == 0, signed.err
    text = (root / TOR).read_text(encoding="utf-8").replace("status: draft", "status: final", 1)
    (root / TOR).write_text(text, encoding="utf-8")
    done = git(root, "commit", "-qam", "terms approved again")
    assert done.returncode == 0, done.stderr
    return signed.out


def test_signoff_finds_the_demo_keys_and_says_the_next_step(demo: Path, scr) -> None:
    out = _resign(demo, scr)
    assert "signed 04-terms-of-reference/terms-of-reference.md v4 as board-chair (board-chair)" in out
    assert "next: it has every sign-off it needs: set `status: final` and commit it" in out
    assert "terms-of-reference-sent" not in out  # the demo logged it already


def test_a_signoff_the_document_was_reopened_past_is_void_not_stale(demo: Path, scr) -> None:
    _resign(demo, scr)
    listed = scr("signoffs")
    assert listed.code == 0
    rows = [ln.split() for ln in listed.out.splitlines() if ln.startswith(TOR)]
    assert [(r[1], r[4]) for r in rows] == [("3", "void"), ("4", "valid")]  # reopening voided v3's
    checked = scr("check", "--today", TODAY)
    assert checked.code == 0 and "stale" not in checked.out and "signoff" not in checked.out
    # the one other warning of the demo is an overdue action; with it done, --strict passes
    plan = demo / "07-action-plan/action-plan.yaml"
    text = plan.read_text(encoding="utf-8")
    a3 = text.index("  - id: A3")
    done = text[a3:].replace("status: in-progress", f"status: complete\n    completed_on: {TODAY}", 1)
    plan.write_text(text[:a3] + done, encoding="utf-8")
    strict = scr("check", "--strict", "--today", TODAY)
    assert strict.code == 0, strict.out
    assert "0 warning(s)" in strict.out


def test_a_document_changed_after_its_newest_signoff_is_stale_once(demo: Path, scr) -> None:
    _resign(demo, scr)
    with (demo / TOR).open("a", encoding="utf-8") as f:  # changed without a reopen (the hooks would refuse it)
        f.write("\nAnd one more paragraph.\n")
    checked = scr("check", "--today", TODAY)
    stale = [ln for ln in checked.out.splitlines() if "is stale" in ln]
    assert len(stale) == 1 and "v4 is stale" in stale[0], checked.out
    rows = [ln.split() for ln in scr("signoffs").out.splitlines() if ln.startswith(TOR)]
    assert [r[4] for r in rows] == ["void", "stale"]
    # reopened with a reason, the change is a draft's: its sign-off is void, and nothing is stale
    assert scr("draft", "reopen", TOR, "--reason", "One more change", "--today", TODAY).code == 0
    checked = scr("check", "--today", TODAY)
    assert "is stale" not in checked.out
    rows = [ln.split() for ln in scr("signoffs").out.splitlines() if ln.startswith(TOR)]
    assert [r[4] for r in rows] == ["void", "void"]


def test_drafts_reads_encrypted_versions_with_the_home_it_is_given(demo: Path, scr, tmp_path: Path) -> None:
    found = scr("drafts", IMR)  # the demo's keys, found by themselves
    assert found.code == 0
    assert "(not committed)" not in found.out and "Ravi Oakenshaw" in found.out
    empty = Path(tempfile_home(tmp_path))
    other = scr("drafts", IMR, "--gnupghome", empty)  # a home without the key: no committed version can be read
    assert other.code == 0
    assert "Ravi Oakenshaw" not in other.out and "(not committed)" in other.out
    from_elsewhere = scr("drafts", "-C", demo, IMR)
    assert from_elsewhere.out == found.out


def tempfile_home(base: Path) -> str:
    home = base / "g"
    home.mkdir(mode=0o700)
    return str(gpg.short_home_path(home))
