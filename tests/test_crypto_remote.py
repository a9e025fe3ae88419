"""T3: the same sneak attempts committed with --no-verify and pushed, plus force push, tags and notes: the
pre-receive hook on the shared bare repository rejects them, and no plaintext object stays on the server.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.crypto.readers import READERS, SIGNATURE, key_path, parse_list, render_list
from tests.gpgkit import (  # noqa: F401 - fixtures
    KeyKit,
    encrypt_to,
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


def _make_chair(member: Path, person: str, fpr: str) -> None:
    people = member / "people.yaml"
    text = people.read_text()
    head, sep, tail = text.partition(f"  - id: {person}\n")
    name_line, _, rest = tail.partition("\n")
    roles_line, _, rest = rest.partition("\n")
    people.write_text(f"{head}{sep}{name_line}\n    roles: [panel-chair]\n    key_fingerprint: {fpr}\n{rest}")


def test_self_appointed_chair_cannot_sign(shared: tuple[Path, Path, Path], keykit: KeyKit) -> None:
    bare, member, _ = shared
    attacker = keykit.home_for("author")
    # 1. the author names themselves a chair in people.yaml: people.yaml grants nothing the signed list does
    #    not, so the remote refuses the difference, naming both files
    accepted = git(bare, "rev-parse", "main").stdout
    _make_chair(member, "author", keykit.fingerprint("author"))
    people = member / "people.yaml"
    people.write_text(people.read_text() + "  - id: outsider\n    name: Ned Brambleworth\n    roles: [panel-member]\n")
    git(member, "commit", "-q", "--no-verify", "-am", "people")
    done = git(member, "push", "-q", "origin", "main", check=False)
    assert done.returncode != 0 and "people.yaml gives author the signing role panel-chair" in done.stderr
    assert ".scr/keys/readers.yaml" in done.stderr
    # 2. ... then signs a list that adds an outsider: refused locally and by the shared remote
    key = member.parent / "outsider.asc"
    key.write_bytes(keykit.public("outsider"))
    # (people.yaml made them no chair: `scr keys add` leaves the list waiting for a chair's signature, and
    # nothing is encrypted to it meanwhile)
    assert scr("keys", "add", str(key), "--person", "outsider", "-C", str(member), "--gnupghome", str(attacker)) == 0
    assert scr("lock", "-C", str(member), "--gnupghome", str(attacker)) == 1
    # ... so the attacker writes and signs the list by hand, and commits past the local hook
    listed = render_list([*parse_list((member / READERS).read_bytes()), ("outsider", keykit.fingerprint("outsider"))],
                         [keykit.fingerprint("author")])
    (member / READERS).write_bytes(listed)
    (member / SIGNATURE).write_bytes(gpg.sign_detached(attacker, listed, keykit.fingerprint("author")))
    (member / key_path("outsider")).write_bytes(keykit.public("outsider"))
    (member / "family.yaml.gpg").write_bytes(encrypt_to(keykit, ["board-chair", "panel-chair", "author", "outsider"],
                                                        b"members: [Canary-Attack]\n"))
    git(member, "add", "-A", ".scr/keys", "family.yaml.gpg")
    git(member, "commit", "-q", "--no-verify", "-m", "add a reader")
    done = git(member, "push", "-q", "origin", "main", check=False)
    assert done.returncode != 0 and "previous list does not allow" in done.stderr
    assert git(bare, "rev-parse", "main").stdout == accepted


def test_chair_handover(shared: tuple[Path, Path, Path], keykit: KeyKit) -> None:
    bare, member, chair = shared
    install_hooks(member)
    _make_chair(member, "author", keykit.fingerprint("author"))  # a new panel chair is appointed
    assert scr("keys", "sign", "-C", str(member), "--gnupghome", str(chair)) == 0  # the board chair signs
    git(member, "add", "-A")
    git(member, "commit", "-q", "-m", "new panel chair")
    assert git(member, "push", "-q", "origin", "main", check=False).returncode == 0
    new_chair = keykit.home_for("author")
    assert scr("keys", "sign", "--as", "author", "-C", str(member), "--gnupghome", str(new_chair)) == 0
    assert scr("lock", "-C", str(member), "--gnupghome", str(new_chair)) == 0
