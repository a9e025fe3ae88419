"""Encrypted documents follow the draft rules too: git holds only their ciphertext, so `scr lock` judges them
(against the committed version, decrypted) before encrypting, and `scr draft bump`, `scr drafts` and
`scr diff` read their committed versions with the reader's key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from scr_cli.crypto.context import context, encrypt_to_readers
from scr_cli.crypto.state import work_dir
from tests.gpgkit import (  # noqa: F401 - fixtures
    SENSITIVE_FILES,
    KeyKit,
    git,
    git_env_fixture,
    keykit_fixture,
    locked_review,
    scr,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("git_env")
IMR = "05-imr/police/imr.md"


@pytest.fixture
def review(tmp_path: Path, keykit: KeyKit, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    monkeypatch.setenv("SCR_GNUPGHOME", str(home))
    monkeypatch.chdir(root)
    return root


def add_finding(root: Path) -> None:
    with (root / IMR).open("a", encoding="utf-8") as handle:
        handle.write("A new finding about the March visit.\n")


def test_an_undated_change_to_an_encrypted_imr_is_not_encrypted(review: Path, capsys: pytest.CaptureFixture[str]
                                                                ) -> None:
    add_finding(review)
    before = snapshot(review)
    assert scr("lock") == 1
    err = capsys.readouterr().err
    assert f"{IMR}: the body changed but version is still 1; not encrypted" in err
    assert f"run `scr draft bump {IMR}`" in err and err.count("\n") == 1
    assert snapshot(review) == before  # the .gpg, the plaintext and everything else as they were


def test_bump_reads_the_committed_version_through_gpg_then_lock_and_commit_pass(review: Path) -> None:
    add_finding(review)
    assert scr("draft", "bump", IMR) == 0
    text = (review / IMR).read_text(encoding="utf-8")
    assert "version: 2" in text and f"date: {date.today()}" in text
    assert scr("lock") == 0
    git(review, "add", "-A")
    assert git(review, "commit", "-q", "-m", "police IMR v2").returncode == 0
    add_finding(review)
    assert scr("draft", "bump", IMR) == 0  # one above what is now committed
    assert "version: 3" in (review / IMR).read_text(encoding="utf-8")


def test_a_final_encrypted_document_is_frozen(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (review / IMR).read_text(encoding="utf-8")
    # made final in the history by hand (sign-offs are tested elsewhere): only its later edit is judged here
    (review / IMR).write_text(text.replace("status: draft", "status: final"), encoding="utf-8")
    ctx = context(review)
    with work_dir(review) as work:  # encrypted directly: `scr lock` would ask for the final's sign-offs
        [staged] = encrypt_to_readers(ctx, [(IMR, review / IMR)], work)
        (review / f"{IMR}.gpg").write_bytes(staged.read_bytes())
    git(review, "add", "-A")
    assert git(review, "commit", "-q", "--no-verify", "-m", "final").returncode == 0
    assert scr("unlock", "--force") == 0  # as after pulling a colleague's final version
    add_finding(review)
    assert scr("lock") == 1
    assert f"{IMR}: the document is final and frozen" in capsys.readouterr().err


def test_a_note_beside_the_referral_has_no_draft_rules(review: Path) -> None:
    (review / "01-referral/notes.md").write_text("Names of the officers, for the chair only.\n", encoding="utf-8")
    assert scr("lock") == 0
    assert (review / "01-referral/notes.md.gpg").is_file()


def test_drafts_lists_the_encrypted_versions(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scr_cli.gate.history import history

    add_finding(review)
    assert scr("draft", "bump", IMR) == 0 and scr("lock") == 0
    git(review, "add", "-A")
    git(review, "commit", "-q", "-m", "police IMR v2")
    rows = history(review, IMR)
    assert [(r.version, bool(r.commit)) for r in rows] == [(1, True), (2, True)]
    assert "March visit" in rows[1].body and "March visit" not in rows[0].body
    capsys.readouterr()
    assert scr("diff", IMR) == 0
    assert "March visit" in capsys.readouterr().out
    assert SENSITIVE_FILES[IMR].splitlines()[-1] in rows[0].body


def _editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\nf="$1"\n{body}\n')
    script.chmod(0o755)
    return str(script)


def test_edit_makes_a_changed_imr_the_next_draft(review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                 ) -> None:
    (review / IMR).unlink()  # edit works on the locked copy
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'echo "A new finding about the March visit." >> "$f"'))
    assert scr("edit", IMR) == 0
    assert not (review / IMR).exists()
    assert scr("unlock", IMR) == 0
    text = (review / IMR).read_text(encoding="utf-8")
    assert "version: 2" in text and f"date: {date.today()}" in text and "March visit" in text
    git(review, "add", "-A")
    assert git(review, "commit", "-q", "-m", "police IMR v2").returncode == 0


def test_edit_keeps_a_refused_edit_unlocked(review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    (review / IMR).unlink()
    cipher = (review / f"{IMR}.gpg").read_bytes()
    # the front matter broken in the editor (its opening line deleted): the rules cannot read it
    monkeypatch.setenv("EDITOR", _editor(tmp_path, 'sed -i "1d" "$f"; echo "More." >> "$f"'))
    assert scr("edit", IMR) == 1
    err = capsys.readouterr().err
    assert f"your edit is kept unlocked at {IMR}" in err and err.count("\n") == 1
    assert (review / f"{IMR}.gpg").read_bytes() == cipher
    kept = review / IMR
    assert kept.read_text(encoding="utf-8").startswith("title: IMR") and "More." in kept.read_text(encoding="utf-8")
    assert kept.stat().st_mode & 0o777 == 0o600


def test_edit_refuses_a_final_document_before_the_editor_opens(review: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    text = (review / IMR).read_text(encoding="utf-8")
    (review / IMR).write_text(text.replace("status: draft", "status: final"), encoding="utf-8")
    ctx = context(review)
    with work_dir(review) as work:
        [staged] = encrypt_to_readers(ctx, [(IMR, review / IMR)], work)
        (review / f"{IMR}.gpg").write_bytes(staged.read_bytes())
    git(review, "add", "-A")
    assert git(review, "commit", "-q", "--no-verify", "-m", "final").returncode == 0
    (review / IMR).unlink()
    opened = tmp_path / "opened"
    monkeypatch.setenv("EDITOR", _editor(tmp_path, f'touch {opened}'))
    assert scr("edit", IMR) == 1
    err = capsys.readouterr().err
    assert f"{IMR}: is final and frozen" in err and "scr draft reopen" in err
    assert not opened.exists()
