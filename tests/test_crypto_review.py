"""Gaps found in review of the encryption code: each case runs real git and gpg against scr's hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from scr_cli.adapters import gpg, gpg_files
from scr_cli.crypto.readers import READERS, SIGNATURE, parse_list, render_list
from tests.gpgkit import (  # noqa: F401 - fixtures
    KeyKit,
    encrypt_to,
    git,
    git_env_fixture,
    install_hooks,
    keykit_fixture,
    locked_review,
    scr,
    snapshot,
)
from tests.test_crypto_remote import _make_chair, remote_objects, shared  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("git_env")


def _self_signed_readers(member: Path, keykit: KeyKit) -> None:
    """In the work tree: the author names themselves chair, adds an outsider and signs the list themselves."""
    _make_chair(member, "author", keykit.fingerprint("author"))
    (member / ".scr/keys/outsider.asc").write_bytes(keykit.public("outsider"))
    pairs = [*parse_list((member / READERS).read_bytes()), ("outsider", keykit.fingerprint("outsider"))]
    data = render_list(pairs, [keykit.fingerprint("author")])
    (member / READERS).write_bytes(data)
    home = keykit.home_for("author")
    (member / SIGNATURE).write_bytes(gpg.sign_detached(home, data, keykit.fingerprint("author")))
    everyone = ["board-chair", "panel-chair", "author", "outsider"]
    for cipher in member.rglob("*.gpg"):  # the author can read every file, so re-encrypts them all
        plain = cipher.with_suffix("")
        cipher.write_bytes(encrypt_to(keykit, everyone, plain.read_bytes()))


def test_orphan_history_cannot_replace_the_signed_readers(
    shared: tuple[Path, Path, Path], keykit: KeyKit  # noqa: F811 - the fixture
) -> None:
    """A root commit with a self-signed readers list, merged in as first parent, must not pass pre-receive."""
    bare, member, _ = shared
    head = git(bare, "rev-parse", "main").stdout
    git(member, "checkout", "-q", "--orphan", "evil")
    _self_signed_readers(member, keykit)
    git(member, "add", "-A", ".scr/keys", "people.yaml", *[str(p) for p in member.rglob("*.gpg")])
    git(member, "commit", "-q", "--no-verify", "-m", "fresh start")
    root = git(member, "rev-parse", "HEAD").stdout.strip()
    git(member, "merge", "-q", "--no-verify", "--allow-unrelated-histories", "-s", "ours", "main", "-m", "merge")
    merged = git(member, "push", "-q", "origin", "evil:main", check=False)
    assert merged.returncode != 0, "a merge whose first parent is an orphan bypassed the signers chain"
    assert "previous list does not allow" in merged.stderr
    forced = git(member, "push", "-q", "-f", "origin", f"{root}:refs/heads/main", check=False)
    assert forced.returncode != 0, "a force-pushed root commit bypassed the signers chain"
    assert git(bare, "rev-parse", "main").stdout == head


def test_intermediate_and_merged_plaintext_is_rejected(shared: tuple[Path, Path, Path]) -> None:  # noqa: F811
    bare, member, _ = shared
    head = git(bare, "rev-parse", "main").stdout
    # plaintext in one commit, removed by the next: the push brings both
    (member / "01-referral/referral.md").write_text("Canary-Between referral\n")
    git(member, "add", "-f", "01-referral/referral.md")
    git(member, "commit", "-q", "--no-verify", "-m", "oops")
    git(member, "rm", "-q", "--cached", "01-referral/referral.md")
    git(member, "commit", "-q", "--no-verify", "-m", "remove")
    assert git(member, "push", "-q", "origin", "main", check=False).returncode != 0
    # the same plaintext on a side branch, merged in with the file dropped by the merge
    git(member, "reset", "-q", "--hard", "origin/main")
    git(member, "checkout", "-q", "-b", "side")
    (member / "01-referral/referral.md").write_text("Canary-Side referral\n")
    git(member, "add", "-f", "01-referral/referral.md")
    git(member, "commit", "-q", "--no-verify", "-m", "side")
    git(member, "checkout", "-q", "main")
    git(member, "merge", "-q", "--no-verify", "-s", "ours", "side", "-m", "merge side")
    assert git(member, "push", "-q", "origin", "main", check=False).returncode != 0
    assert git(member, "push", "-q", "origin", "main:refs/heads/other", check=False).returncode != 0
    assert git(bare, "rev-parse", "main").stdout == head
    assert b"Canary" not in remote_objects(bare)


def test_lock_refuses_a_gpg_folder_without_a_traceback(tmp_path: Path, keykit: KeyKit) -> None:
    root = tmp_path / "review"
    home = locked_review(root, keykit)
    (root / "family.yaml").write_text("members: [Canary-Changed]\n")
    (root / "01-referral/referral.md.gpg").unlink()
    (root / "01-referral/referral.md.gpg").mkdir()
    before = snapshot(root)
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 1
    assert snapshot(root) == before


def test_unlock_ignores_use_embedded_filename_in_gpg_conf(tmp_path: Path, keykit: KeyKit) -> None:
    """A user's gpg.conf must not let a ciphertext's embedded file name put plaintext outside scr's folders."""
    root = tmp_path / "review"
    locked_review(root, keykit)
    home = keykit.home_for("author")
    (home / "gpg.conf").write_text("use-embedded-filename\n")
    elsewhere = tmp_path / "elsewhere.txt"
    cipher = encrypt_to(keykit, ["board-chair", "panel-chair", "author"], b"members: [Canary-Embedded]\n",
                        "--set-filename", str(elsewhere))
    (root / "family.yaml.gpg").write_bytes(cipher)
    (root / "family.yaml").unlink()
    assert scr("unlock", "family.yaml", "-C", str(root), "--gnupghome", str(home)) == 0
    assert not elsewhere.exists()
    assert (root / "family.yaml").read_bytes() == b"members: [Canary-Embedded]\n"
    from scr_cli.crypto.textconv import textconv

    assert textconv(root / "family.yaml.gpg", home) == b"members: [Canary-Embedded]\n"
    assert not elsewhere.exists()


def test_unlock_refuses_a_folder_at_the_plaintext_path(tmp_path: Path, keykit: KeyKit) -> None:
    root = tmp_path / "review"
    home = locked_review(root, keykit)
    for rel in ("family.yaml", "05-imr/police/imr.md"):
        (root / rel).unlink()
    (root / "family.yaml").mkdir()
    before = snapshot(root)
    assert scr("unlock", "-C", str(root), "--gnupghome", str(home)) == 1
    assert snapshot(root) == before


@pytest.mark.parametrize("people", ["people: 5\n", "people:\n  - id: board-chair\n    roles: [[board-chair]]\n"
                                    "    key_fingerprint: {fpr}\n"])
def test_odd_people_yaml_is_a_data_error(tmp_path: Path, keykit: KeyKit, people: str) -> None:
    """A people.yaml of the wrong shape makes the readers list unverifiable: exit 1, not a traceback."""
    root = tmp_path / "review"
    home = locked_review(root, keykit)
    install_hooks(root)
    (root / "people.yaml").write_text(people.format(fpr=keykit.fingerprint("board-chair")))
    (root / READERS).write_text((root / READERS).read_text() + "signers: [[x]]\n")
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 1
    assert scr("keys", "list", "-C", str(root)) == 1  # the list no longer verifies: shown, then exit 1 (issue 9)
    git(root, "add", "people.yaml", READERS)
    done = git(root, "commit", "-q", "-m", "odd people", check=False)
    assert done.returncode == 1 and "unexpected failure" not in done.stderr, done.stderr


def test_readers_chain_survives_removal_side_branches_and_branch_deletion(
    shared: tuple[Path, Path, Path], keykit: KeyKit  # noqa: F811 - the fixture
) -> None:
    bare, member, _ = shared
    head = git(bare, "rev-parse", "main").stdout
    # 1. one push: a commit removes the readers list (and every .gpg), the next brings a self-signed one
    gpgs = [str(p.relative_to(member)) for p in member.rglob("*.gpg")]
    git(member, "rm", "-q", "--cached", READERS, *gpgs)
    git(member, "commit", "-q", "--no-verify", "-m", "drop the list")
    _self_signed_readers(member, keykit)
    git(member, "add", "-A", ".scr/keys", "people.yaml", *gpgs)
    git(member, "commit", "-q", "--no-verify", "-m", "a new list")
    assert git(member, "push", "-q", "origin", "main", check=False).returncode != 0
    # 2. the same history pushed to a side branch: a new branch is judged with main's trust root, so its
    #    self-signed list is refused there too; and moved onto main
    git(member, "checkout", "-q", "--orphan", "side")
    git(member, "commit", "-q", "--no-verify", "-m", "side history")
    done = git(member, "push", "-q", "origin", "side", check=False)
    assert done.returncode != 0 and "previous list does not allow" in done.stderr
    assert git(member, "push", "-q", "-f", "origin", "side:main", check=False).returncode != 0
    # 3. deleting main (to recreate it from the side branch) is refused
    assert git(member, "push", "-q", "origin", ":main", check=False).returncode != 0
    assert git(bare, "rev-parse", "main").stdout == head


def test_unprotected_ciphertext_is_refused_even_with_ignore_mdc_error(tmp_path: Path, keykit: KeyKit) -> None:
    """--rfc2440 ciphertext has no integrity check; gpg says DECRYPTION_OKAY for it under ignore-mdc-error."""
    root = tmp_path / "review"
    locked_review(root, keykit)
    home = keykit.home_for("author")
    (home / "gpg.conf").write_text("ignore-mdc-error\n")
    cipher = encrypt_to(keykit, ["board-chair", "panel-chair", "author"], b"members: [Canary-NoMDC]\n", "--rfc2440")
    (root / "family.yaml.gpg").write_bytes(cipher)
    (root / "family.yaml").unlink()
    before = snapshot(root)
    assert scr("unlock", "-C", str(root), "--gnupghome", str(home)) == 1
    assert snapshot(root) == before
    from scr_cli.errors import DataError

    with pytest.raises(DataError):
        gpg_files.decrypt_bytes(home, cipher)


def test_edit_with_an_unreadable_editor_command(tmp_path: Path, keykit: KeyKit,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "review"
    home = locked_review(root, keykit)
    (root / "family.yaml").unlink()
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", 'nano "unclosed')
    before = snapshot(root)
    assert scr("edit", "family.yaml", "-C", str(root), "--gnupghome", str(home)) == 1
    assert snapshot(root) == before


@pytest.mark.parametrize("cache", ["[]", '{"family.yaml": 5}', '{"family.yaml": {"c": 1}}'])
def test_damaged_lock_cache_is_ignored(tmp_path: Path, keykit: KeyKit, cache: str) -> None:
    root = tmp_path / "review"
    home = locked_review(root, keykit)
    (root / ".git/scr/lock-cache.json").write_text(cache)
    gpg_before = (root / "family.yaml.gpg").read_bytes()
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    assert (root / "family.yaml.gpg").read_bytes() == gpg_before  # compared by decrypting: no churn
    assert scr("unlock", "-C", str(root), "--gnupghome", str(home)) == 0


def test_chair_handover_in_one_push(shared: tuple[Path, Path, Path], keykit: KeyKit) -> None:  # noqa: F811
    """A new chair appointed and then signing, pushed together: each step is allowed by the list before it."""
    bare, member, chair = shared
    _make_chair(member, "author", keykit.fingerprint("author"))
    assert scr("keys", "sign", "-C", str(member), "--gnupghome", str(chair)) == 0
    git(member, "add", "-A")
    git(member, "commit", "-q", "--no-verify", "-m", "new panel chair")
    people = member / "people.yaml"
    people.write_text(people.read_text() + "  - id: outsider\n    name: Ned Brambleworth\n    roles: [panel-member]\n")
    key = member.parent / "outsider.asc"
    key.write_bytes(keykit.public("outsider"))
    new_chair = keykit.home_for("author")
    assert scr("keys", "add", str(key), "--person", "outsider", "--as", "author", "-C", str(member),
               "--gnupghome", str(new_chair)) == 0
    git(member, "add", "-A")
    git(member, "commit", "-q", "--no-verify", "-m", "the new chair adds a reader")
    done = git(member, "push", "-q", "origin", "main", check=False)
    assert done.returncode == 0, done.stderr


def test_atomic_write_of_a_long_file_name(tmp_path: Path) -> None:
    """An atomic write of a file whose name is near the 255-byte limit (the temp name used to exceed it)."""
    from scr_cli.atomic import write_bytes

    folder = tmp_path / "docs"
    folder.mkdir()
    target = folder / ("a" * 250 + ".md")
    wide = folder / ("é" * 120 + ".md")  # 240 bytes in UTF-8
    for file in (target, wide):
        file.write_bytes(b"old")
        write_bytes(file, b"new")
        assert file.read_bytes() == b"new"
    assert sorted(p.name for p in folder.iterdir()) == sorted([target.name, wide.name])
