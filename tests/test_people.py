"""scr agency add | remove and scr person add | list: YAML edited in place, checked first, nothing on error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.gpgkit import KeyKit, keykit_fixture  # noqa: F401  (the fixture)


def test_agency_add_keeps_comments_and_refuses_bad_input(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    root = new_review
    comments = [ln for ln in (root / "agencies.yaml").read_text().splitlines() if ln.startswith("#")]
    ran = scr("agency", "add", "police", "--name", "Testshire Constabulary", "--sector", "police", "-C", root)
    assert ran.code == 0, ran.err
    text = (root / "agencies.yaml").read_text()
    assert [ln for ln in text.splitlines() if ln.startswith("#")] == comments
    assert "  - id: police\n    name: Testshire Constabulary\n    sector: police\n" in text
    assert not (root / "05-imr/police").exists()  # made only when the IMR is commissioned
    before = snapshot(root)
    for args, needle in [
        (["police", "--name", "Again", "--sector", "police"], "agencies.yaml:8:5: agency 'police' is already"),
        (["school", "--name", "School", "--sector", "schools"], "unknown sector 'schools'"),
        (["Bad_Id", "--name", "School", "--sector", "education"], "'Bad_Id' is not a valid id"),
        (["school", "--name", " ", "--sector", "education"], "--name is empty"),
    ]:
        ran = scr("agency", "add", *args, "-C", root)
        assert ran.code == 1 and needle in ran.err and ran.err.count("\n") == 1, ran.err
    assert snapshot(root) == before


def test_agency_remove_refused_while_referred_to(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    root = new_review
    assert scr("agency", "add", "police", "--name", "Testshire Police", "--sector", "police", "-C", root).code == 0
    assert scr("person", "add", "imr-police", "--name", "Ann Example", "--role", "imr-author", "--agency", "police",
               "-C", root).code == 0
    before = snapshot(root)
    ran = scr("agency", "remove", "police", "-C", root)
    assert ran.code == 1 and "people.yaml:" in ran.err and "person 'imr-police' works for it" in ran.err
    assert scr("agency", "remove", "nobody", "-C", root).code == 1
    assert snapshot(root) == before
    assert scr("agency", "add", "school", "--name", "Testshire School", "--sector", "education", "-C", root).code == 0
    (root / "05-imr/school").mkdir()
    ran = scr("agency", "remove", "school", "-C", root)
    assert ran.code == 1 and "05-imr/school: agency 'school' is still in use: its IMR folder exists" in ran.err
    (root / "05-imr/school").rmdir()
    assert scr("agency", "remove", "school", "-C", root).code == 0
    assert "school" not in (root / "agencies.yaml").read_text()


def test_person_add_checks_roles_agency_and_independence(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    root = new_review
    assert scr("agency", "add", "police", "--name", "Testshire Police", "--sector", "police", "-C", root).code == 0
    before = snapshot(root)
    for args, needle in [
        (["x", "--name", "N", "--role", "imr-writer"], "unknown role 'imr-writer'"),
        (["x", "--name", "N", "--role", "imr-author"], "role 'imr-author' belongs to an agency"),
        (["x", "--name", "N", "--role", "imr-author", "--agency", "health"], "no agency 'health'"),
        (["x", "--name", "N", "--role", "board-chair"], "only one person may be board-chair"),
        (["board-chair", "--name", "N", "--role", "board-member"], "people.yaml:12:5: person 'board-chair' is already"),
        (["x", "--name", "N", "--role", "panel-chair", "--agency", "police"], "works for involved agency 'police'"),
        (["x", "--name", "N", "--role", "panel-chair", "--role", "overview-author"], "panel-chair and also"),
        (["x", "--name", "N", "--role", "board-member", "--key", "missing.asc"], "missing.asc does not exist"),
    ]:
        ran = scr("person", "add", *args, "-C", root)
        assert ran.code == 1 and needle in ran.err and ran.err.count("\n") == 1, (args, ran.err)
    assert snapshot(root) == before
    ran = scr("person", "add", "panel-police", "--name", "Pat Example", "--role", "panel-member",
              "--role", "senior-officer", "--agency", "police", "-C", root)
    assert ran.code == 0, ran.err
    assert ("  - id: panel-police\n    name: Pat Example\n    roles: [panel-member, senior-officer]\n"
            "    agency: police\n") in (root / "people.yaml").read_text()
    listed = scr("person", "list", "-C", root)
    assert "panel-police" in listed.out and "panel-member, senior-officer" in listed.out
    errors = [ln for ln in scr("check", "-C", root).out.splitlines() if ": error:" in ln]
    assert all("the panel does not include" in ln for ln in errors), errors  # only the panel is still short


def test_person_add_with_key_writes_fingerprint_and_reader(new_review: Path, scr, keykit: KeyKit,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path) -> None:
    root = new_review
    assert scr("agency", "add", "police", "--name", "Testshire Police", "--sector", "police", "-C", root).code == 0
    keyfile = tmp_path / "imr-police.asc"
    keyfile.write_bytes(keykit.public("imr-police"))
    home = keykit.home_for()  # no chair's key here: the list waits for the chair
    ran = scr("person", "add", "imr-police", "--name", "Ann Example", "--role", "imr-author", "--agency", "police",
              "--key", keyfile, "-C", root, "--gnupghome", home)
    assert ran.code == 0, ran.err
    fpr = keykit.fingerprint("imr-police")
    assert f"    key_fingerprint: {fpr}\n" in (root / "people.yaml").read_text()
    readers = (root / ".scr/keys/readers.yaml").read_text()
    assert "imr-police" in readers and fpr in readers
    assert "scr keys sign" in ran.out + ran.err
    junk = tmp_path / "junk.asc"
    junk.write_text("not a key\n")
    before = snapshot(root)
    ran = scr("person", "add", "imr-two", "--name", "Bo Example", "--role", "imr-author", "--agency", "police",
              "--key", junk, "-C", root, "--gnupghome", home)
    assert ran.code == 1 and "exactly one OpenPGP public key" in ran.err
    assert snapshot(root) == before  # people.yaml put back as it was


@pytest.mark.parametrize("cmd", [["person", "list"], ["agency", "remove", "x"]])
def test_not_a_review(tmp_path: Path, scr, cmd: list[str]) -> None:  # type: ignore[no-untyped-def]
    ran = scr(*cmd, "-C", tmp_path)
    assert ran.code == 1 and "not inside a review" in ran.err
