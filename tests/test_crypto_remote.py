"""T3: the same sneak attempts committed with --no-verify and pushed, plus force push, tags and notes: the
pre-receive hook on the shared bare repository rejects them, and no plaintext object stays on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.gpgkit import (  # noqa: F401 - fixtures
    KeyKit,
    git,
    git_env_fixture,
    install_hooks,
    keykit_fixture,
    locked_review,
    scr,
)
from tests.test_crypto_hook import FAMILY, _sneak

pytestmark = pytest.mark.usefixtures("git_env")


def remote_objects(bare: Path) -> bytes:
    import subprocess

    done = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch", "--unordered"], cwd=bare,
                          capture_output=True, check=True)
    return done.stdout


@pytest.fixture()
def shared(tmp_path: Path, keykit: KeyKit) -> tuple[Path, Path, Path]:
    origin = tmp_path / "origin"
    home = locked_review(origin, keykit)
    bare = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin), str(bare))
    install_hooks(bare)
    member = tmp_path / "member"
    git(tmp_path, "clone", "-q", str(bare), str(member))
    assert scr("unlock", "-C", str(member), "--gnupghome", str(home)) == 0
    return bare, member, home


def test_pushed_sneaks_are_rejected(shared: tuple[Path, Path, Path], keykit: KeyKit) -> None:
    bare, member, home = shared
    head = git(bare, "rev-parse", "main").stdout
    attempts: dict[str, Callable[[], list[str]]] = dict(_sneak(member, keykit))
    rejected = []
    for name, prepare in attempts.items():
        extra = prepare()
        git(member, "commit", "-q", "--no-verify", *extra, "-m", name)
        done = git(member, "push", "-q", "origin", "main", check=False)
        if done.returncode != 0:
            rejected.append(name)
        assert git(bare, "rev-parse", "main").stdout == head, name
        git(member, "reset", "-q", "--hard", "origin/main")
        git(member, "clean", "-fdq")
        assert scr("unlock", "--force", "-C", str(member), "--gnupghome", str(home)) == 0
    assert sorted(rejected) == sorted(attempts)
    assert b"Canary" not in remote_objects(bare)


def test_force_push_tags_and_notes(shared: tuple[Path, Path, Path]) -> None:
    bare, member, _ = shared
    head = git(bare, "rev-parse", "main").stdout
    results = {}
    # a rewritten history (force push) that carries the plaintext
    (member / "01-referral/referral.md").write_text("Canary-Force referral\n")
    git(member, "add", "-f", "01-referral/referral.md")
    git(member, "commit", "-q", "--no-verify", "--amend", "-m", "rewritten")
    results["force push"] = git(member, "push", "-q", "-f", "origin", "main", check=False).returncode
    # an annotated tag on that commit, pushed alone
    git(member, "tag", "-a", "-m", "t", "v-leak")
    results["annotated tag"] = git(member, "push", "-q", "origin", "v-leak", check=False).returncode
    git(member, "reset", "-q", "--hard", "origin/main")
    # a lightweight tag pointing straight at a plaintext blob
    (member / "family.yaml").write_text("members: [Canary-Family]\n")
    blob = git(member, "hash-object", "-w", "family.yaml").stdout.strip()
    git(member, "tag", "blob-leak", blob)
    results["tag on a blob"] = git(member, "push", "-q", "origin", "blob-leak", check=False).returncode
    # a note carrying the plaintext
    git(member, "notes", "add", "-m", "Canary-Note " + FAMILY.decode(), "HEAD")
    results["notes"] = git(member, "push", "-q", "origin", "refs/notes/commits", check=False).returncode
    assert git(bare, "rev-parse", "main").stdout == head
    accepted = [name for name, code in results.items() if code == 0]
    assert accepted == [], accepted
    assert b"Canary" not in remote_objects(bare)
