"""The demo's whole history passes its own gate: pushed to a bare remote with `scr hooks install`, accepted.

The remote is made as docs/server.md says (`git init --bare --initial-branch=main`), and an empty clone of it
is set up with `scr init` before anything is pushed, as an agency joining on day one would.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

import pytest

from scr_cli.app import main

TODAY = "2026-11-29"
TOR = "04-terms-of-reference/terms-of-reference.md"


def git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def scr(*args: str | Path) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main([str(a) for a in args])


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo-review"
    assert scr("demo", root, "--today", TODAY) == 0
    return root


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "scr-demo.git"
    assert git(tmp_path, "init", "-q", "--bare", "--initial-branch=main", str(bare)).returncode == 0
    assert scr("hooks", "install", bare) == 0
    return bare


def test_every_demo_commit_passes_the_gate_and_the_push_is_accepted(demo: Path, remote: Path) -> None:
    commits = int(git(demo, "rev-list", "--count", "HEAD").stdout)
    assert commits >= 6  # a history, not one commit of everything
    pushed = git(demo, "push", str(remote), "main")
    assert pushed.returncode == 0, pushed.stderr
    assert "scr: error" not in pushed.stderr
    assert git(remote, "rev-parse", "main").stdout == git(demo, "rev-parse", "HEAD").stdout
    # each commit is dated on its day: the documents' dates and the commits' dates agree
    dates = git(demo, "log", "--format=%ad", "--date=short").stdout.split()
    assert dates == sorted(dates, reverse=True)


def test_a_bad_push_is_still_refused(demo: Path, remote: Path, tmp_path: Path) -> None:
    assert git(demo, "push", "-q", str(remote), "main").returncode == 0
    clone = tmp_path / "clone"
    assert git(tmp_path, "clone", "-q", str(remote), str(clone)).returncode == 0
    final = (clone / TOR).read_text(encoding="utf-8")
    assert "status: final" in final
    (clone / TOR).write_text(final + "\nA paragraph added after approval.\n", encoding="utf-8")
    assert git(clone, "commit", "-q", "--no-verify", "-am", "sneak a change into the approved terms").returncode == 0
    before = git(remote, "rev-parse", "main").stdout
    pushed = git(clone, "push", "origin", "main")
    assert pushed.returncode != 0
    assert "pre-receive hook declined" in pushed.stderr and TOR in pushed.stderr and "final" in pushed.stderr
    assert git(remote, "rev-parse", "main").stdout == before


def test_an_empty_clone_set_up_with_init_takes_the_first_push(demo: Path, remote: Path, tmp_path: Path) -> None:
    clone = tmp_path / "joined-early"
    assert git(tmp_path, "clone", "-q", str(remote), str(clone)).returncode == 0  # empty: nothing pushed yet
    assert scr("init", clone) == 0
    assert git(clone, "status", "--porcelain").stdout == ""  # nothing left in the way of the first checkout
    assert git(demo, "push", "-q", str(remote), "main").returncode == 0
    pulled = git(clone, "pull", "-q", "origin", "main")
    assert pulled.returncode == 0, pulled.stderr
    assert (clone / TOR).is_file() and git(clone, "status", "--porcelain").stdout == ""
    assert git(clone, "check-attr", "diff", "--", "family.yaml.gpg").stdout.strip().endswith("scrgpg")
    assert (clone / ".git/hooks/pre-commit").is_file()


@pytest.mark.parametrize("name", ["scr-demo-02", "rr-demo-03"])
def test_the_boards_other_reviews_pass_a_gated_remote_too(demo: Path, remote: Path, name: str) -> None:
    other = demo.parent / f"{demo.name}-board" / name
    pushed = git(other, "push", str(remote), "main")
    assert pushed.returncode == 0, pushed.stderr
    assert "scr: error" not in pushed.stderr
    assert git(remote, "rev-parse", "main").stdout == git(other, "rev-parse", "HEAD").stdout
    dates = git(other, "log", "--format=%ad", "--date=short").stdout.split()
    assert dates == sorted(dates, reverse=True) and dates[0] <= TODAY
