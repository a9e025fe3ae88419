"""Plaintext is 0600 in 0700 folders whatever the umask (T7): after demo, unlock (also when already up to
date), lock, edit, build of restricted editions and diff, each run in a child process under umask 000, 022
and 077. Public editions stay readable (0644). `scr doctor` reports what is open and `--clean` closes it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.crypto.context import context_public, sensitive_files
from tests.envkit import TODAY, make_base, review_copy, run

UMASKS = [0o000, 0o022, 0o077]
IDS = ["umask000", "umask022", "umask077"]
BROKEN_FRONT = "#!/bin/sh\nprintf 'no front matter any more\\n' > \"$1\"\n"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def plaintext(root: Path) -> list[str]:
    return [rel for rel in sensitive_files(root, context_public(root)) if (root / rel).is_file()]


def assert_private(root: Path, rels: list[str]) -> None:
    """Each file 0600 and the folder holding it 0700."""
    assert rels, "no plaintext to check"
    wrong = {rel: (oct(mode(root / rel)), oct(mode((root / rel).parent))) for rel in rels
             if mode(root / rel) != 0o600 or mode((root / rel).parent) != 0o700}
    assert wrong == {}, wrong


def open_up(root: Path) -> list[str]:
    """Every plaintext 0644 in 0755 folders, as a careless umask or editor leaves them."""
    rels = plaintext(root)
    for rel in rels:
        (root / rel).chmod(0o644)
        (root / rel).parent.chmod(0o755)
    return rels


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("permbase"))


@pytest.fixture
def review(base: Path) -> Iterator[Path]:
    with review_copy(base) as root:
        yield root


@pytest.mark.slow
@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_demo(umask: int, tmp_path: Path) -> None:
    ran = run(tmp_path, "demo", "d", "--today", TODAY, umask=umask)
    assert ran.code == 0, ran.err
    root = tmp_path / "d"
    assert_private(root, plaintext(root))
    assert_private(root, ["build/review-pack.pdf"])
    assert run(root, "doctor").code == 0  # and the doctor agrees: nothing is open


@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_unlock_writes_and_closes_what_is_already_up_to_date(umask: int, review: Path) -> None:
    rels = open_up(review)
    (review / "family.yaml").unlink()  # this one is written, the others are already up to date
    ran = run(review, "unlock", umask=umask)
    assert ran.code == 0, ran.err
    assert "1 file decrypted" in ran.out and "already up to date" in ran.out, ran.out
    assert_private(review, rels)


@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_lock_closes_the_plaintext_it_finds(umask: int, review: Path) -> None:
    rels = open_up(review)
    with open(review / "family.yaml", "a", encoding="utf-8") as handle:
        handle.write("# changed\n")
    ran = run(review, "lock", umask=umask)
    assert ran.code == 0, ran.err
    assert_private(review, rels)
    assert mode(review / "family.yaml.gpg") == 0o644  # ciphertext is for git: readable as any tracked file


@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_edit_leaves_no_plaintext_and_a_refused_edit_is_kept_private(umask: int, review: Path) -> None:
    editor = review.parent / "editor.sh"
    editor.write_text(BROKEN_FRONT)
    editor.chmod(0o755)
    rel = "05-imr/police/imr.md"
    (review / rel).unlink()
    (review / rel).parent.chmod(0o755)
    ran = run(review, "edit", rel, umask=umask, env={"EDITOR": str(editor)})
    assert ran.code == 1 and "your edit is kept unlocked" in ran.err, ran.err
    assert_private(review, [rel])
    leftovers = [p for base in ("/dev/shm", "/tmp") if os.path.isdir(base) for p in Path(base).glob("scr-e*")
                 if p.stat().st_uid == os.getuid() and p.stat().st_mtime >= (review / rel).stat().st_mtime - 5]
    assert leftovers == []


@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_restricted_build_outputs_are_private_and_public_ones_readable(umask: int, review: Path) -> None:
    (review / "build").chmod(0o755)
    assert run(review, "build", "action-plan", "--format", "html", umask=umask).code == 0
    assert_private(review, ["build/action-plan.html"])
    ran = run(review, "build", "summary", "--format", "html", umask=umask)
    assert ran.code == 0, ran.err
    assert mode(review / "build/executive-summary.html") == 0o644
    ran = run(review, "diff", "03-scoping/scoping.md", "--format", "html", umask=umask)
    assert ran.code == 0, ran.err
    assert_private(review, ["build/diff/scoping-v1-v2.html"])
    assert mode(review / "build") == 0o700


@pytest.mark.parametrize("umask", UMASKS, ids=IDS)
def test_build_out_of_the_review_never_changes_that_folder(umask: int, review: Path) -> None:
    shared = review.parent / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert run(review, "build", "action-plan", "--format", "html", "--out", str(shared), umask=umask).code == 0
    assert mode(shared / "action-plan.html") == 0o600
    assert mode(shared) == 0o755  # not scr's folder: only the file is closed
    fresh = review.parent / "made" / "here"
    assert run(review, "build", "action-plan", "--format", "html", "--out", str(fresh), umask=umask).code == 0
    assert mode(fresh) == 0o700 and mode(fresh / "action-plan.html") == 0o600


def test_doctor_reports_and_cleans_open_plaintext_and_build_outputs(review: Path) -> None:
    with open(review / "family.yaml", "a", encoding="utf-8") as handle:
        handle.write("# not locked yet, so --clean keeps it\n")
    (review / "family.yaml").chmod(0o644)
    (review / "05-imr/police").chmod(0o750)
    (review / "build").chmod(0o755)
    (review / "build/review-pack.pdf").chmod(0o640)
    (review / "build/executive-summary.html").write_text("public\n")
    (review / "build/executive-summary.html").chmod(0o644)
    ran = run(review, "doctor")
    assert ran.code == 1, ran.out
    found = [ln for ln in ran.out.splitlines() if "can be read by group or others" in ln]
    said = "\n".join(found)
    assert "fix: family.yaml: plaintext can be read by group or others (mode 0644)" in said
    assert "fix: 05-imr/police: folder holding plaintext can be read by group or others (mode 0750)" in said
    assert "fix: build: folder holding build output can be read by group or others (mode 0755)" in said
    assert "fix: build/review-pack.pdf: build output can be read by group or others (mode 0640)" in said
    assert "executive-summary" not in said  # a public edition may be read by anyone
    cleaned = run(review, "doctor", "--clean")
    assert cleaned.code == 0, cleaned.out
    assert "cleaned: family.yaml: plaintext can be read by group or others (mode 0644)" in cleaned.out
    assert mode(review / "family.yaml") == 0o600 and mode(review / "05-imr/police") == 0o700
    assert mode(review / "build") == 0o700 and mode(review / "build/review-pack.pdf") == 0o600
    assert mode(review / "build/executive-summary.html") == 0o644
    assert "can be read by group or others" not in run(review, "doctor").out
