"""scr edit (T7: no residue after a normal exit, a crashing editor or Ctrl-C), scr doctor, the diff driver."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scr_cli.crypto.textconv import configure_diff_driver
from tests.gpgkit import (  # noqa: F401 - fixtures
    SENSITIVE_FILES,
    KeyKit,
    decrypt_as,
    encrypt_to,
    git,
    git_env_fixture,
    keykit_fixture,
    locked_review,
    scr,
)

pytestmark = pytest.mark.usefixtures("git_env")


def editor(tmp_path: Path, body: str) -> str:
    """An editor script: logs the file it got, its folder and their modes, then runs `body`."""
    script = tmp_path / "editor.sh"
    log = tmp_path / "editor.log"
    script.write_text(f'#!/bin/sh\nf="$1"\nd=$(dirname "$f")\n'
                      f'echo "$f $(stat -c %a "$d") $(stat -c %a "$f")" >> {log}\n'
                      f'echo backup > "$f~"; echo swap > "$d/.$(basename "$f").swp"\n{body}\n')
    script.chmod(0o755)
    return str(script)


def logged(tmp_path: Path) -> list[str]:
    return (tmp_path / "editor.log").read_text().split()


@pytest.fixture()
def review(tmp_path: Path, keykit: KeyKit) -> tuple[Path, Path]:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    (root / "family.yaml").unlink()  # edit works on the locked copy
    return root, home


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o077])
def test_edit_saves_and_leaves_nothing(review: tuple[Path, Path], tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch, mask: int) -> None:
    root, home = review
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'echo "added: Canary-Edit" >> "$f"'))
    old = os.umask(mask)
    try:
        assert scr("edit", "family.yaml", "-C", str(root), "--gnupghome", str(home)) == 0
    finally:
        os.umask(old)
    path, dir_mode, file_mode = logged(tmp_path)
    assert (dir_mode, file_mode) == ("700", "600")
    assert not Path(path).parent.exists()  # plaintext, backup and swap file all gone
    assert decrypt_as(home, root / "family.yaml.gpg") == (SENSITIVE_FILES["family.yaml"] +
                                                           "added: Canary-Edit\n").encode()
    assert not (root / "family.yaml").exists()


def test_crashing_editor(review: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                         capsys: pytest.CaptureFixture[str]) -> None:
    root, home = review
    before = (root / "family.yaml.gpg").read_bytes()
    monkeypatch.setenv("EDITOR", editor(tmp_path, 'echo "half" >> "$f"; exit 3'))
    assert scr("edit", "family.yaml", "-C", str(root), "--gnupghome", str(home)) == 2
    assert "editor exited with code 3" in capsys.readouterr().err
    assert not Path(logged(tmp_path)[0]).parent.exists()
    assert (root / "family.yaml.gpg").read_bytes() == before


def test_ctrl_c_in_editor(review: tuple[Path, Path], tmp_path: Path) -> None:
    root, home = review
    before = (root / "family.yaml.gpg").read_bytes()
    env = {**os.environ, "EDITOR": editor(tmp_path, 'echo "half" >> "$f"; sleep 30'), "SCR_GNUPGHOME": str(home)}
    proc = subprocess.Popen([sys.executable, "-m", "scr_cli.app", "edit", "family.yaml", "-C", str(root)],
                            env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if (tmp_path / "editor.log").exists():
            break
        time.sleep(0.05)
    time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal sends on Ctrl-C
    assert proc.wait(timeout=20) == 130
    assert not Path(logged(tmp_path)[0]).parent.exists()
    assert (root / "family.yaml.gpg").read_bytes() == before


def test_edit_refuses_unlocked_copy(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    root, home = review
    assert scr("edit", "01-referral/referral.md", "-C", str(root), "--gnupghome", str(home)) == 1
    assert "is unlocked" in capsys.readouterr().err


def test_doctor_finds_and_cleans(review: tuple[Path, Path], keykit: KeyKit,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    root, home = review
    (root / ".git/scr/tmp-crashed").mkdir()
    (root / "01-referral/referral.md~").write_text("backup Canary")
    shm = Path("/dev/shm" if Path("/dev/shm").is_dir() else "/tmp") / "scr-e-test-leftover"
    shm.mkdir(exist_ok=True)
    (root / "family.yaml").write_text(SENSITIVE_FILES["family.yaml"])
    git(root, "add", "-f", "family.yaml")  # a plaintext blob enters .git ...
    git(root, "reset", "-q")  # ... and stays there, unreachable
    (root / "family.yaml").unlink()
    (root / "05-imr/police/imr.md.gpg").write_bytes(encrypt_to(keykit, ["board-chair"], b"x"))
    git(root, "config", "diff.scrgpg.cachetextconv", "true")
    git(root, "update-ref", "refs/notes/textconv/scrgpg", git(root, "rev-parse", "HEAD").stdout.strip())
    capsys.readouterr()
    assert scr("doctor", "-C", str(root), "--gnupghome", str(home)) == 1
    out = capsys.readouterr().out
    for needle in ("tmp-crashed", "referral.md~", "scr-e-test-leftover", "unreachable git object",
                   "not encrypted to exactly", "refs/notes/textconv/scrgpg", "cachetextconv"):
        assert needle in out, needle
    assert scr("doctor", "--clean", "-C", str(root), "--gnupghome", str(home)) == 1  # wrong readers remain
    out = capsys.readouterr().out
    assert "1 left to fix" in out and "rekey" in out
    assert not (root / ".git/scr/tmp-crashed").exists() and not shm.exists()
    assert not (root / "01-referral/referral.md~").exists()
    assert git(root, "for-each-ref", "refs/notes/textconv").stdout == ""
    digest = subprocess.run(["git", "hash-object", "--stdin"], input=SENSITIVE_FILES["family.yaml"],
                            capture_output=True, text=True, cwd=root).stdout.strip()
    assert git(root, "cat-file", "-e", digest, check=False).returncode != 0  # pruned


def test_doctor_plaintext_in_history(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    root, home = review
    git(root, "add", "-f", "01-referral/referral.md")
    git(root, "commit", "-q", "--no-verify", "-m", "oops")
    capsys.readouterr()
    assert scr("doctor", "-C", str(root), "--gnupghome", str(home)) == 1
    assert "in git history" in capsys.readouterr().out


def test_diff_driver_shows_plaintext_without_caching(review: tuple[Path, Path]) -> None:
    root, home = review
    configure_diff_driver(root)
    assert "*.gpg diff=scrgpg" in (root / ".gitattributes").read_text()
    assert git(root, "config", "diff.scrgpg.textconv").stdout.strip() == "scr textconv"
    (root / "01-referral/referral.md").write_text("Changed Canary line\n")
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    env = {**os.environ, "SCR_GNUPGHOME": str(home)}
    diff = subprocess.run(["git", "diff", "--", "01-referral/referral.md.gpg"], cwd=root, env=env,
                          capture_output=True, text=True).stdout
    assert "+Changed Canary line" in diff
    subprocess.run(["git", "log", "-p"], cwd=root, env=env, capture_output=True)
    assert git(root, "for-each-ref", "refs/notes").stdout == ""
