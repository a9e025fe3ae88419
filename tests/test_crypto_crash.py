"""T5: kill -9 at named points and at random moments in lock, unlock and rekey.

After every kill each `.gpg` decrypts to its old or its new content (never a mix or garbage), plaintext
files are whole and 0600, and `scr doctor --clean` finds and removes the work folders left behind.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.crypto.readers import READERS, SIGNATURE, parse_list, render_list
from tests.gpgkit import (  # noqa: F401 - fixtures
    SENSITIVE_FILES,
    KeyKit,
    committed_list_digest,
    decrypt_as,
    git_env_fixture,
    keykit_fixture,
    locked_review,
    recipients,
)

pytestmark = pytest.mark.usefixtures("git_env")
KILLS = 20


def run_scr(root: Path, home: Path, *args: str, crash: str | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "SCR_GNUPGHOME": str(home)}
    env.pop("SCR_CRASH_AT", None)
    if crash:
        env["SCR_CRASH_AT"] = crash
    return subprocess.Popen([sys.executable, "-m", "scr_cli.app", *args, "-C", str(root)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def contents(root: Path, home: Path) -> dict[str, bytes | None]:
    return {rel: decrypt_as(home, root / f"{rel}.gpg") for rel in SENSITIVE_FILES}


def write_all(root: Path, tag: str) -> dict[str, bytes]:
    new = {}
    for rel, text in SENSITIVE_FILES.items():
        # a changed IMR is its next draft (scr lock applies the draft rules: the hooks only see ciphertext)
        text = text.replace("version: 1\ndate: 2026-01-05", f"version: 2\ndate: {date.today()}")
        new[rel] = (text + f"# revision {tag}\n").encode()
        (root / rel).write_bytes(new[rel])
    return new


def toggle_outsider(root: Path, chair: Path, kit: KeyKit) -> None:
    """Change the readers list directly (sign as the chair), so that `scr rekey` has work to do."""
    pairs = parse_list((root / READERS).read_bytes())
    if any(p == "outsider" for p, _ in pairs):
        pairs = [x for x in pairs if x[0] != "outsider"]
    else:
        (root / ".scr/keys/outsider.asc").write_bytes(kit.public("outsider"))
        pairs.append(("outsider", kit.fingerprint("outsider")))
    (root / READERS).write_bytes(render_list(pairs, previous=committed_list_digest(root)))
    sig = gpg.sign_detached(chair, (root / READERS).read_bytes(), kit.fingerprint("board-chair"))
    (root / SIGNATURE).write_bytes(sig)


def assert_old_or_new(root: Path, home: Path, old: dict[str, bytes], new: dict[str, bytes]) -> None:
    for rel, got in contents(root, home).items():
        assert got in (old[rel], new[rel]), rel


@pytest.mark.parametrize("point", ["lock-after-encrypt", "lock-mid-replace"])
def test_lock_named_crash_points(tmp_path: Path, keykit: KeyKit, point: str) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    old = {rel: text.encode() for rel, text in SENSITIVE_FILES.items()}
    new = write_all(root, "1")
    assert run_scr(root, home, "lock", crash=point).wait() == -signal.SIGKILL
    assert_old_or_new(root, home, old, new)
    leftovers = list((root / ".git/scr").glob("tmp-*"))
    assert leftovers  # the killed run left its work folder
    out = subprocess.run([sys.executable, "-m", "scr_cli.app", "doctor", "--clean", "-C", str(root)],
                         capture_output=True, text=True, env={**os.environ, "SCR_GNUPGHOME": str(home)})
    assert "work folder left by an interrupted command" in out.stdout
    assert not list((root / ".git/scr").glob("tmp-*"))
    assert run_scr(root, home, "lock").wait() == 0
    assert contents(root, home) == new


@pytest.mark.parametrize("point", ["unlock-after-decrypt", "unlock-mid-replace"])
def test_unlock_named_crash_points(tmp_path: Path, keykit: KeyKit, point: str) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    for rel in SENSITIVE_FILES:
        (root / rel).unlink()
    assert run_scr(root, home, "unlock", crash=point).wait() == -signal.SIGKILL
    for rel, text in SENSITIVE_FILES.items():
        if (root / rel).exists():
            assert (root / rel).read_text() == text and (root / rel).stat().st_mode & 0o777 == 0o600
    assert run_scr(root, home, "unlock").wait() == 0
    assert all((root / rel).read_text() == text for rel, text in SENSITIVE_FILES.items())


@pytest.mark.parametrize("point", ["rekey-before-commit", "rekey-after-commit", "rekey-mid-replace"])
def test_rekey_named_crash_points(tmp_path: Path, keykit: KeyKit, point: str) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    toggle_outsider(root, home, keykit)
    outsider = keykit.fingerprint("outsider")[-16:]
    before = {rel: recipients(root / f"{rel}.gpg") for rel in SENSITIVE_FILES}
    assert run_scr(root, home, "rekey", crash=point).wait() == -signal.SIGKILL
    plain = {rel: text.encode() for rel, text in SENSITIVE_FILES.items()}
    assert_old_or_new(root, home, plain, plain)
    moved = [rel for rel in SENSITIVE_FILES if recipients(root / f"{rel}.gpg") != before[rel]]
    if point == "rekey-before-commit":
        assert moved == []
    # any later scr command finishes (after the commit marker) or drops (before it) the journal
    assert run_scr(root, home, "rekey").wait() == 0
    assert all(len(recipients(root / f"{rel}.gpg")) == 4 for rel in SENSITIVE_FILES)
    assert decrypt_as(keykit.home_for("outsider"), root / "family.yaml.gpg") == plain["family.yaml"]
    assert not (root / ".git/scr/rekey").exists()
    assert outsider


def _timed(proc: subprocess.Popen[bytes]) -> float:
    start = time.perf_counter()
    assert proc.wait() == 0
    return time.perf_counter() - start


def _random_kill(proc: subprocess.Popen[bytes], rng: random.Random, full: float) -> bool:
    """Kill at a random moment of a run that takes `full` seconds; True when the kill landed while running."""
    time.sleep(rng.uniform(0.1, 0.95) * full)
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return running


@pytest.mark.slow
def test_random_kills_lock_and_unlock(tmp_path: Path, keykit: KeyKit) -> None:
    rng = random.Random(4)
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    old = {rel: text.encode() for rel, text in SENSITIVE_FILES.items()}
    landed = mixed = 0
    write_all(root, "warm-up")
    full = _timed(run_scr(root, home, "lock"))
    old = {rel: (root / rel).read_bytes() for rel in SENSITIVE_FILES}
    for i in range(KILLS):
        new = write_all(root, str(i))
        landed += _random_kill(run_scr(root, home, "lock"), rng, full)
        assert_old_or_new(root, home, old, new)
        got = contents(root, home)
        mixed += len({got[r] == new[r] for r in got}) == 2  # some files old, some new: killed mid-way
        assert run_scr(root, home, "lock").wait() == 0
        old = new
    print(f"lock: {landed}/{KILLS} kills landed while running, {mixed} between two file replacements")
    assert landed >= KILLS // 2
    landed = 0
    for rel in SENSITIVE_FILES:
        (root / rel).unlink()
    full = _timed(run_scr(root, home, "unlock"))
    for _ in range(KILLS):
        for rel in SENSITIVE_FILES:
            (root / rel).unlink(missing_ok=True)
        landed += _random_kill(run_scr(root, home, "unlock"), rng, full)
        for rel in SENSITIVE_FILES:
            if (root / rel).exists():
                assert (root / rel).read_bytes() == old[rel] and (root / rel).stat().st_mode & 0o777 == 0o600
    print(f"unlock: {landed}/{KILLS} kills landed while running")
    assert run_scr(root, home, "doctor", "--clean").wait() in (0, 1)
    assert not list((root / ".git/scr").glob("tmp-*"))


@pytest.mark.slow
def test_random_kills_rekey(tmp_path: Path, keykit: KeyKit) -> None:
    rng = random.Random(5)
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    plain = {rel: text.encode() for rel, text in SENSITIVE_FILES.items()}
    landed = 0
    toggle_outsider(root, home, keykit)
    full = _timed(run_scr(root, home, "rekey"))
    for _ in range(KILLS):
        toggle_outsider(root, home, keykit)
        landed += _random_kill(run_scr(root, home, "rekey"), rng, full)
        assert_old_or_new(root, home, plain, plain)
        assert run_scr(root, home, "rekey").wait() == 0
        counts = {len(recipients(root / f"{rel}.gpg")) for rel in SENSITIVE_FILES}
        assert len(counts) == 1  # after resuming: all files to the same, current readers
    print(f"rekey: {landed}/{KILLS} kills landed while running")
    assert landed >= KILLS // 2
