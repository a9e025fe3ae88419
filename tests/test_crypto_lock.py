"""scr keys / lock / unlock / rekey with real gpg: exact recipients, no churn, permissions, join and leave (T6, T7)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.gpgkit import (  # noqa: F401 - fixtures
    SENSITIVE_FILES,
    KeyKit,
    add_readers,
    decrypt_as,
    git,
    git_env_fixture,
    keykit_fixture,
    locked_review,
    make_review,
    recipients,
    scr,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("git_env")


def gpg_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.gpg") if ".git" not in p.parts)


def test_lock_encrypts_to_exactly_the_readers(tmp_path: Path, keykit: KeyKit) -> None:
    root = tmp_path / "rev"
    locked_review(root, keykit)
    files = gpg_files(root)
    assert len(files) == len(SENSITIVE_FILES)
    for person in ("board-chair", "panel-chair", "author"):
        home = keykit.home_for(person)
        for file in files:
            assert decrypt_as(home, file) == (root / str(file.relative_to(root))[:-4]).read_bytes()
    assert decrypt_as(keykit.home_for("outsider"), files[0]) is None
    assert all(len(recipients(f)) == 3 for f in files)
    ignored = (root / ".gitignore").read_text()
    assert "/01-referral/*.md" in ignored and "/family.yaml" in ignored
    tracked = git(root, "ls-files").stdout.split()
    assert not [t for t in tracked if t.removesuffix(".gpg") in SENSITIVE_FILES and not t.endswith(".gpg")]


def test_no_churn_and_changed_file_only(tmp_path: Path, keykit: KeyKit) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    before = {p: p.read_bytes() for p in gpg_files(root)}
    for _ in range(100):  # T6: 100 no-op locks change 0 files
        assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    assert {p: p.read_bytes() for p in gpg_files(root)} == before
    (root / "family.yaml").write_text("members: []\n")
    assert scr("lock", "family.yaml", "-C", str(root), "--gnupghome", str(home)) == 0
    after = {p: p.read_bytes() for p in gpg_files(root)}
    assert [p.name for p in after if after[p] != before[p]] == ["family.yaml.gpg"]


def test_fresh_clone_compares_by_decrypting(tmp_path: Path, keykit: KeyKit) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(root), str(clone))
    assert scr("unlock", "-C", str(clone), "--gnupghome", str(home)) == 0
    import shutil

    shutil.rmtree(clone / ".git" / "scr")  # no local cache: lock must decrypt to see nothing changed
    assert scr("lock", "-C", str(clone), "--gnupghome", str(home)) == 0
    assert git(clone, "status", "--porcelain").stdout == ""


def test_unlock_permissions_under_any_umask(tmp_path: Path, keykit: KeyKit) -> None:
    for mask in (0o000, 0o022, 0o077):  # T7
        root = tmp_path / f"rev{mask:o}"
        home = locked_review(root, keykit)
        for rel in SENSITIVE_FILES:
            (root / rel).unlink()
        old = os.umask(mask)
        try:
            assert scr("unlock", "-C", str(root), "--gnupghome", str(home)) == 0
        finally:
            os.umask(old)
        for rel, text in SENSITIVE_FILES.items():
            assert (root / rel).read_text() == text
            assert (root / rel).stat().st_mode & 0o777 == 0o600
        state = root / ".git" / "scr"
        assert state.stat().st_mode & 0o777 == 0o700
        assert not list(state.glob("tmp-*"))


def test_unlock_keeps_unlocked_changes(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    (root / "family.yaml").write_text("members: [changed]\n")
    before = snapshot(root)
    assert scr("unlock", "-C", str(root), "--gnupghome", str(home)) == 1
    assert "not locked" in capsys.readouterr().err
    assert snapshot(root) == before
    assert scr("unlock", "--force", "-C", str(root), "--gnupghome", str(home)) == 0
    assert (root / "family.yaml").read_text() == SENSITIVE_FILES["family.yaml"]


def test_join_and_leave(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    key = tmp_path / "police.asc"
    key.write_bytes(keykit.public("imr-police"))
    # imr-police is not in people.yaml yet
    assert scr("keys", "add", str(key), "--person", "imr-police", "-C", str(root), "--gnupghome", str(home)) == 1
    people = root / "people.yaml"
    people.write_text(people.read_text() + "  - id: imr-police\n    name: Tamsin Oakhollow\n    roles: [imr-author]\n"
                      "    agency: police\n")
    assert scr("keys", "add", str(key), "--person", "imr-police", "-C", str(root), "--gnupghome", str(home)) == 0
    police = keykit.home_for("imr-police")

    def reads_own_folder_only(files: list[Path]) -> bool:  # the police author's scope: 05-imr/police/** only
        return all((decrypt_as(police, f) is not None) == f.relative_to(root).as_posix().startswith("05-imr/police/")
                   for f in files)

    assert reads_own_folder_only(gpg_files(root))
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "join")
    capsys.readouterr()
    assert scr("keys", "remove", "author", "-C", str(root), "--gnupghome", str(home)) == 0
    out = capsys.readouterr().out
    # 4 files locked, then the 2 of the police folder re-encrypted when its author joined: 6 versions in history
    assert "can still read up to 6 earlier encrypted versions" in out
    author = keykit.home_for("author")
    files = gpg_files(root)
    assert sum(decrypt_as(author, f) is not None for f in files) == 0  # T6: removed reader reads 0%
    assert reads_own_folder_only(files)
    before = {p: p.read_bytes() for p in files}
    assert scr("rekey", "-C", str(root), "--gnupghome", str(home)) == 0  # T6: second rekey changes 0 files
    assert {p: p.read_bytes() for p in gpg_files(root)} == before
    assert not (root / ".scr/keys/author.asc").exists()


def test_unsigned_list_waits_for_the_chair(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "rev"
    locked_review(root, keykit)
    author_home = keykit.home_for("author")  # holds no chair key
    key = tmp_path / "o.asc"
    key.write_bytes(keykit.public("outsider"))
    people = root / "people.yaml"
    # a core reader (the business manager reads every sensitive file), so the new list re-encrypts them all
    people.write_text(people.read_text()
                      + "  - id: outsider\n    name: Ned Brambleworth\n    roles: [business-manager]\n")
    assert scr("keys", "add", str(key), "--person", "outsider", "-C", str(root), "--gnupghome", str(author_home)) == 0
    assert "now unsigned" in capsys.readouterr().err
    (root / "family.yaml").write_text("members: [x]\n")
    assert scr("lock", "-C", str(root), "--gnupghome", str(author_home)) == 1
    assert "changed after it was signed" in capsys.readouterr().err
    chair = keykit.home_for("panel-chair")
    assert scr("keys", "sign", "-C", str(root), "--gnupghome", str(chair)) == 0
    assert "signed by panel-chair" in capsys.readouterr().out
    assert all(decrypt_as(keykit.home_for("outsider"), f) is not None for f in gpg_files(root))


def test_keys_list(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "rev"
    locked_review(root, keykit)
    capsys.readouterr()
    assert scr("keys", "list", "-C", str(root)) == 0
    out = capsys.readouterr().out
    assert keykit.fingerprint("panel-chair") in out
    assert "valid (signed by board-chair)" in out
    assert out.count(" yes ") == 3


def test_second_scr_process_is_refused(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    import fcntl

    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    fd = os.open(root / ".git/scr/lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # another scr process is working
    try:
        capsys.readouterr()
        assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 2
        assert "another scr command is working on this review" in capsys.readouterr().err
    finally:
        os.close(fd)
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0


def test_demo_keys_and_lock(tmp_path: Path, keykit: KeyKit, monkeypatch: pytest.MonkeyPatch) -> None:
    from scr_cli.crypto.demo_keys import demo_keys_and_lock
    from scr_cli.gate.lock_rules import refusals

    root = make_review(tmp_path / ("a-rather-long-folder-name-for-the-demo-review-" * 2) / "demo", keykit)
    (root / "people.yaml").write_text("people:\n  - id: board-chair\n    name: Zelda Quillfeather\n"
                                      "    roles: [board-chair]\n  - id: panel-chair\n    name: Orrin Vantablack\n"
                                      "    roles: [panel-chair]\n")
    result = demo_keys_and_lock(root, judge=refusals)
    assert result["locked"] == len(SENSITIVE_FILES) and result["readers"] == 2
    assert "/.demo-gnupg/" in (root / ".gitignore").read_text()
    assert "key_fingerprint:" in (root / "people.yaml").read_text()
    for rel in SENSITIVE_FILES:
        (root / rel).unlink()
    monkeypatch.delenv("GNUPGHOME", raising=False)
    assert scr("unlock", "-C", str(root)) == 0  # the demo's own keys are found without options
    assert (root / "family.yaml").read_text() == SENSITIVE_FILES["family.yaml"]
    assert scr("keys", "list", "-C", str(root)) == 0


def test_pulled_change_is_not_reverted(tmp_path: Path, keykit: KeyKit, capsys: pytest.CaptureFixture[str]) -> None:
    origin = tmp_path / "origin"
    home = locked_review(origin, keykit)
    bare = tmp_path / "shared.git"
    git(tmp_path, "clone", "-q", "--bare", str(origin), str(bare))
    a, b = tmp_path / "a", tmp_path / "b"
    for clone in (a, b):
        git(tmp_path, "clone", "-q", str(bare), str(clone))
        assert scr("unlock", "-C", str(clone), "--gnupghome", str(home)) == 0
    (a / "family.yaml").write_text("members: [from-a]\n")
    assert scr("lock", "-C", str(a), "--gnupghome", str(home)) == 0
    git(a, "commit", "-q", "--no-verify", "-am", "a edits")
    git(a, "push", "-q", "origin", "main")
    git(b, "pull", "-q", "--no-rebase")
    capsys.readouterr()
    assert scr("lock", "-C", str(b), "--gnupghome", str(home)) == 0  # b's copy is stale, not newer
    assert "changed in git since you unlocked it" in capsys.readouterr().err
    assert git(b, "status", "--porcelain").stdout == ""
    assert scr("unlock", "-C", str(b), "--gnupghome", str(home)) == 0
    assert (b / "family.yaml").read_text() == "members: [from-a]\n"
    # both sides changed: refused, nothing written
    (a / "family.yaml").write_text("members: [a-again]\n")
    assert scr("lock", "-C", str(a), "--gnupghome", str(home)) == 0
    git(a, "commit", "-q", "--no-verify", "-am", "a again")
    git(a, "push", "-q", "origin", "main")
    (b / "family.yaml").write_text("members: [b-edit]\n")
    git(b, "pull", "-q", "--no-rebase")
    before = (b / "family.yaml.gpg").read_bytes()
    assert scr("lock", "-C", str(b), "--gnupghome", str(home)) == 1
    assert "both your plaintext and its .gpg changed" in capsys.readouterr().err
    assert (b / "family.yaml.gpg").read_bytes() == before


def test_known_recipients_are_judged_against_todays_readers(tmp_path: Path, keykit: KeyKit) -> None:
    """The lock cache remembers whom each .gpg is encrypted to; a list signed since without a reader still re-encrypts.

    The list is re-signed by hand (as a chair's own tooling might), so no `scr keys remove` rekeys anything first:
    only `scr lock`'s own judgement of the remembered recipients stands between the old files and the new list.
    """
    import json

    from scr_cli.adapters import gpg
    from scr_cli.crypto.readers import READERS, SIGNATURE, list_digest, parse, render

    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    cache = json.loads((root / ".git/scr/lock-cache.json").read_text())
    assert all(len(e["k"].split(",")) == 3 for e in cache.values())  # what the no-op lock judged without parsing
    old = (root / READERS).read_bytes()
    kept = [e for e in parse(old).entries if e.person != "author"]
    new = render(kept, previous=list_digest(old))
    (root / READERS).write_bytes(new)
    (root / SIGNATURE).write_bytes(gpg.sign_detached(home, new, keykit.fingerprint("board-chair")))
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    author = keykit.home_for("author")
    assert all(len(recipients(f)) == 2 and decrypt_as(author, f) is None for f in gpg_files(root))
