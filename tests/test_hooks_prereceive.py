"""The server-side gate: a bare remote running `scr hook pre-receive` rejects what `--no-verify` let through,
and keeps none of it. Also: installing the shims (legacy hooks kept and run first, idempotent)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hooksupport import FUTURE, TODAY, TOR, Keys, append, build_base, close_keys, git, make_keys, scr, set_front


@pytest.fixture(scope="module")
def keys() -> Iterator[Keys]:
    made = make_keys(Path("/tmp"))
    yield made
    close_keys(made)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Path:
    return build_base(tmp_path_factory.mktemp("pr-base") / "rev", keys)


@pytest.fixture
def pair(base: Path, tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """(a clone to work in, the bare remote with scr's pre-receive installed after the first push)."""
    work = tmp_path / "rev"
    shutil.copytree(base, work, symlinks=True)
    remote = tmp_path / "remote.git"
    assert git(tmp_path, "init", "-q", "--bare", str(remote)).returncode == 0
    git(work, "remote", "add", "origin", str(remote))
    assert git(work, "push", "-q", "origin", "main").returncode == 0
    assert scr("hooks", "install", remote) == 0
    monkeypatch.setenv("GNUPGHOME", str(keys.homes["board-chair"]))
    monkeypatch.chdir(work)
    return work, remote


def sneak(work: Path, message: str = "sneaked past the local hook") -> str:
    append(work, TOR, "\nAn undated change.\n")
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "--no-verify", "-m", message).returncode == 0
    return git(work, "rev-parse", "HEAD").stdout.strip()


def next_draft(work: Path, text: str, message: str) -> None:
    """Add `text` to the terms of reference as its next dated draft and commit it through the local hook."""
    append(work, TOR, text)
    assert scr("draft", "bump", TOR) == 0
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "-m", message).returncode == 0


def remote_refs(remote: Path) -> str:
    return git(remote, "for-each-ref", "--format=%(refname) %(objectname)").stdout


def has_object(remote: Path, sha: str) -> bool:
    return git(remote, "cat-file", "-e", sha).returncode == 0


def assert_rejected(work: Path, remote: Path, sha: str, *push: str) -> None:
    before = remote_refs(remote)
    done = git(work, "push", "origin", *push)
    assert done.returncode != 0
    assert f"scr: error: {sha[:10]}: {TOR}: the body changed but version is still 1" in done.stderr
    assert f"run `scr draft bump {TOR}`" in done.stderr
    assert "pre-receive hook declined" in done.stderr
    assert remote_refs(remote) == before
    assert not has_object(remote, sha)  # quarantined objects of a rejected push are dropped


def test_no_verify_commit_rejected_and_nothing_stays(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    sha = sneak(work)
    assert_rejected(work, remote, sha, "main")


def test_good_commit_accepted(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    next_draft(work, "\nA dated change.\n", "v2")
    done = git(work, "push", "origin", "main")
    assert done.returncode == 0, done.stderr
    assert has_object(remote, git(work, "rev-parse", "HEAD").stdout.strip())


def test_new_branch_rejected(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    git(work, "checkout", "-q", "-b", "topic")
    sha = sneak(work)
    assert_rejected(work, remote, sha, "topic")


def test_force_push_rejected(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    next_draft(work, "\nFirst.\n", "v2")
    assert git(work, "push", "-q", "origin", "main").returncode == 0
    git(work, "reset", "-q", "--hard", "HEAD~1")
    sha = sneak(work, "rewritten history")
    assert_rejected(work, remote, sha, "--force", "main")


def test_tag_on_bad_commit_rejected(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    sha = sneak(work)
    git(work, "tag", "-a", "v-bad", "-m", "tag")
    assert_rejected(work, remote, sha, "v-bad")


def test_bad_commit_in_the_middle_rejected(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    sha = sneak(work)
    (work / "notes.txt").write_text("harmless\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "harmless")
    assert_rejected(work, remote, sha, "main")


def test_final_without_signoff_rejected_with_signoff_accepted(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    next_draft(work, "\nAgreed text.\n", "v2")
    set_front(work, TOR, status="final")
    git(work, "commit", "-q", "--no-verify", "-am", "final, unsigned")
    done = git(work, "push", "origin", "main")
    assert done.returncode != 0 and "cannot be final without a valid, current sign-off by board-chair" in done.stderr
    git(work, "reset", "-q", "--hard", "HEAD~1")
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    set_front(work, TOR, status="final")
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "-m", "final, signed").returncode == 0
    done = git(work, "push", "origin", "main")
    assert done.returncode == 0, done.stderr


def test_replaced_image_of_a_final_document_rejected(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    image = work / "04-terms-of-reference/genogram.png"
    image.write_bytes(b"\x89PNG fictional genogram 1")
    next_draft(work, "\n![Genogram](genogram.png)\n", "v2 with a genogram")
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    set_front(work, TOR, status="final")
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "-m", "final, signed").returncode == 0
    assert git(work, "push", "-q", "origin", "main").returncode == 0
    image.write_bytes(b"\x89PNG fictional genogram 2")
    git(work, "add", "-A")
    assert git(work, "commit", "-q", "--no-verify", "-m", "a new genogram after approval").returncode == 0
    sha = git(work, "rev-parse", "HEAD").stdout.strip()
    before = remote_refs(remote)
    done = git(work, "push", "origin", "main")
    assert done.returncode != 0
    assert f"scr: error: {sha[:10]}: {TOR}: the document is final and frozen" in done.stderr
    assert remote_refs(remote) == before and not has_object(remote, sha)


def test_merge_of_good_branch_accepted(pair: tuple[Path, Path]) -> None:
    work, remote = pair
    git(work, "checkout", "-q", "-b", "topic")
    append(work, TOR, "\nFrom the branch.\n")
    assert scr("draft", "bump", TOR) == 0
    git(work, "commit", "-q", "-am", "v2 on a branch")
    git(work, "checkout", "-q", "main")
    (work / "notes.txt").write_text("meanwhile\n")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "meanwhile")
    assert git(work, "merge", "-q", "--no-edit", "topic").returncode == 0
    done = git(work, "push", "origin", "main")
    assert done.returncode == 0, done.stderr


def test_install_keeps_foreign_hook_and_runs_it_first(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    git(tmp_path, "init", "-q", str(repo))
    hook = repo / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho legacy-ran > legacy-mark\nexit 0\n")
    hook.chmod(0o755)
    assert scr("hooks", "install", repo) == 0
    assert scr("hooks", "install", repo) == 0  # idempotent: our own shim is not kept as legacy
    assert (repo / ".git/hooks/pre-commit.legacy").read_text().startswith("#!/bin/sh\necho legacy-ran")
    assert "scr-managed-hook" in hook.read_text()
    (repo / ".gitignore").write_text("x\n")  # a public path: scr's own checks accept it (default deny)
    git(repo, "add", ".gitignore")
    done = git(repo, "commit", "-q", "-m", "first")
    assert done.returncode == 0, done.stderr
    assert (repo / "legacy-mark").read_text() == "legacy-ran\n"
    (repo / ".git/hooks/pre-commit.legacy").write_text("#!/bin/sh\necho legacy says no >&2\nexit 3\n")
    (repo / "b.txt").write_text("y\n")
    git(repo, "add", "b.txt")
    done = git(repo, "commit", "-q", "-m", "second")
    assert done.returncode != 0 and "legacy says no" in done.stderr


def test_shim_execs_the_real_console_script(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    git(tmp_path, "init", "-q", str(repo))
    assert scr("hooks", "install", repo) == 0
    text = (repo / ".git/hooks/pre-commit").read_text()
    line = next(ln for ln in text.splitlines() if ln.startswith("SCR="))
    assert "/shims/" not in line and line.endswith("/scr")
    assert len([ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]) <= 5


def test_first_commit_on_unborn_branch_is_checked(tmp_path: Path) -> None:
    repo = tmp_path / "r"
    git(tmp_path, "init", "-q", str(repo))
    assert scr("hooks", "install", repo) == 0
    (repo / "04-terms-of-reference").mkdir()
    future = FUTURE
    (repo / TOR).write_text(f"---\ntitle: ToR\nversion: 1\ndate: {future}\nstatus: draft\n---\nText.\n")
    git(repo, "add", "-A")
    done = git(repo, "commit", "-q", "-m", "first")
    assert done.returncode == 1 and f"{TOR}: date {future} is in the future" in done.stderr
    assert git(repo, "rev-parse", "-q", "--verify", "HEAD").returncode != 0
    set_front(repo, TOR, date=str(TODAY))
    git(repo, "add", "-A")
    assert git(repo, "commit", "-q", "-m", "first").returncode == 0


def test_init_installs_hooks_in_a_fresh_clone(pair: tuple[Path, Path], tmp_path: Path) -> None:
    _, remote = pair
    clone = tmp_path / "clone"
    assert git(tmp_path, "clone", "-q", str(remote), str(clone)).returncode == 0
    assert not (clone / ".git/hooks/pre-commit").exists()
    assert scr("init", clone) == 0
    assert "scr-managed-hook" in (clone / ".git/hooks/pre-commit").read_text()
    assert git(clone, "config", "diff.scrgpg.textconv").stdout.strip() == "scr textconv"
    append(clone, TOR, "\nUndated.\n")
    done = git(clone, "commit", "-q", "-am", "x")
    assert done.returncode == 1 and "version is still 1" in done.stderr
