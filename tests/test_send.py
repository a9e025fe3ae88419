"""scr send: an agency's papers in one file for one person, with real gpg, real Office encryption and real files.

The package opens for its recipient only (another reader's key and a wrong password open nothing), holds no
paper of another agency, its Word files carry the reference, version and DRAFT mark (and open in LibreOffice),
its workbook has the chronology with data validation, every package is recorded, and bad input changes nothing.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.app import main
from scr_cli.crypto import office
from tests.conftest import snapshot
from tests.gpgkit import KeyKit, decrypt_as, keykit_fixture, recipients  # noqa: F401 - fixture

REF = "SCR-T-07"
TODAY = "2026-11-30"
POLICE_CHRON = ("agency: police\nentries:\n"
                "  - {date: 2026-03-04, time: '09:30', source: Custody record, event: Canary-Police-Visit, "
                "action: Referred, outcome: Seen}\n"
                "  - {date: 2026-01-12, source: Log, event: Earlier police contact, recording: retrospective}\n")
SCHOOL_CHRON = ("agency: school\nentries:\n"
                "  - {date: 2026-02-01, source: Register, event: Canary-School-Absence}\n")


def _run(*args: str) -> None:
    assert main(list(args)) == 0, args


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory, keykit: KeyKit) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("send") / "rev"
    _run("new", str(root), "--ref", REF, "--board", "Testshire Safeguarding Partnership", "--child", "Child Q",
         "--referral-received", "2026-11-02")
    steps = [
        ["agency", "add", "police", "--name", "Testshire Police", "--sector", "police"],
        ["agency", "add", "school", "--name", "Larchwood Academy", "--sector", "education"],
        ["agency", "add", "health", "--name", "Testshire Health", "--sector", "health"],
        ["person", "add", "bm", "--name", "Bea Manager", "--role", "business-manager", "--job-title", "Manager"],
        ["person", "add", "imr-police", "--name", "Tamsin Oakhollow", "--role", "imr-author", "--agency", "police",
         "--job-title", "Detective inspector"],
        ["person", "add", "outsider", "--name", "Ned Brambleworth", "--role", "imr-author", "--agency", "health"],
        ["person", "add", "imr-school", "--name", "Cy Author", "--role", "imr-author", "--agency", "school",
         "--job-title", "Safeguarding lead"],
        ["person", "add", "teacher", "--name", "Tia Teacher", "--role", "interviewee", "--agency", "school"],
        ["imr", "commission", "police", "--author", "imr-police", "--due", "2027-01-29", "--today", "2026-11-20"],
        ["imr", "commission", "school", "--author", "imr-school", "--due", "2027-01-29", "--today", "2026-11-20"],
    ]
    for args in steps:
        _run(*args, "-C", str(root))
    (root / "05-imr/police/chronology.yaml").write_text(POLICE_CHRON)
    (root / "05-imr/school/chronology.yaml").write_text(SCHOOL_CHRON)
    for agency in ("police", "school"):
        imr = root / f"05-imr/{agency}/imr.md"
        imr.write_text(imr.read_text() + f"\nCanary-{agency.title()}-IMR text.\n")
    home = keykit.home_for("board-chair")
    for person in ("board-chair", "imr-police", "outsider"):
        key = root.parent / f"{person}.asc"
        key.write_bytes(keykit.public(person))
        _run("keys", "add", str(key), "--person", person, "-C", str(root), "--gnupghome", str(home))
    yield root


def _send(scr, review: Path, *args: str):  # type: ignore[no-untyped-def]
    ran = scr("send", *args, "--today", TODAY, "-C", review)
    assert ran.code == 0, ran.err
    return ran


def _texts(files: dict[str, bytes]) -> dict[str, str]:
    """Every XML part of every Office file, as one text per file."""
    out = {}
    for name, data in files.items():
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            out[name] = " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    return out


@pytest.fixture(scope="module")
def police(review: Path, keykit: KeyKit) -> tuple[Path, dict[str, bytes]]:
    assert main(["send", "police", "--today", TODAY, "-C", str(review)]) == 0
    package = review / f"build/send/police-imr-police-{TODAY}.zip.gpg"
    plain = decrypt_as(keykit.home_for("imr-police"), package)
    assert plain is not None
    with zipfile.ZipFile(io.BytesIO(plain)) as z:
        return package, {n: z.read(n) for n in z.namelist()}


def test_key_package_opens_for_its_recipient_only(police: tuple[Path, dict[str, bytes]], keykit: KeyKit) -> None:
    package, files = police
    from scr_cli.crypto.packets import key_ids

    assert recipients(package) <= key_ids(keykit.public("imr-police"))[1]
    for other in ("outsider", "board-chair"):  # another reader, the chair who signed the list: nothing
        assert decrypt_as(keykit.home_for(other), package) is None
    assert b"Canary" not in package.read_bytes() and b"imr.docx" not in package.read_bytes()
    assert set(files) == {"imr.docx", "chronology.docx", "chronology.xlsx", "terms-of-reference.docx",
                          "imr-template.docx", "guide-for-imr-authors.docx", "letter-imr-commissioning.docx"}


def test_package_holds_no_paper_of_another_agency(police: tuple[Path, dict[str, bytes]]) -> None:
    texts = _texts(police[1])
    assert "Canary-Police-IMR" in texts["imr.docx"] and "Canary-Police-Visit" in texts["chronology.docx"]
    assert "Canary-Police-Visit" in texts["chronology.xlsx"]
    for name, text in texts.items():
        assert "Canary-School" not in text and "Larchwood" not in text, name
    assert "Testshire Police" in texts["letter-imr-commissioning.docx"]


def test_word_files_carry_reference_version_and_draft_mark(police: tuple[Path, dict[str, bytes]]) -> None:
    with zipfile.ZipFile(io.BytesIO(police[1]["imr.docx"])) as z:
        parts = {n: z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/")}
    footers = " ".join(v for k, v in parts.items() if "footer" in k)
    headers = " ".join(v for k, v in parts.items() if "header" in k)
    assert REF in footers and "Draft v1" in footers
    assert "DRAFT" in headers  # the watermark
    assert REF in parts["word/document.xml"]  # the cover


def test_workbook_has_the_chronology_and_its_validation(police: tuple[Path, dict[str, bytes]]) -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(police[1]["chronology.xlsx"])).active
    assert sheet is not None
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["agency", "date", "time", "source", "event", "action", "outcome", "recording", "comment"]
    assert [r[4] for r in rows[1:]] == ["Earlier police contact", "Canary-Police-Visit"]  # in date order
    assert rows[2][:3] == ["police", rows[2][1], "09:30"] and rows[2][1].date().isoformat() == "2026-03-04"
    checks = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert checks["A2"].type == "list" and checks["A2"].formula1 == '"police"'  # the agency column
    assert checks["B2"].type == "date" and checks["C2"].type == "custom"  # dates; times as HH:MM
    assert checks["H2"].formula1 == '"contemporaneous,retrospective"'
    assert all(v.showErrorMessage for v in checks.values())


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_word_files_open_in_libreoffice(police: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    for name in ("imr.docx", "chronology.docx", "guide-for-imr-authors.docx"):
        (tmp_path / name).write_bytes(police[1][name])
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                           "--convert-to", "txt:Text", "--outdir", str(tmp_path / "lo"),
                           *(str(tmp_path / n) for n in ("imr.docx", "chronology.docx", "guide-for-imr-authors.docx"))],
                          capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr
    assert "Canary-Police-IMR" in (tmp_path / "lo/imr.txt").read_text()
    assert "Canary-Police-Visit" in (tmp_path / "lo/chronology.txt").read_text()
    assert "chronology workbook" in (tmp_path / "lo/guide-for-imr-authors.txt").read_text()


def test_password_package_opens_with_its_password_only(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = _send(scr, review, "school")
    assert "imr-school has no key on the signed readers list" in ran.out
    password = re.search(r"password \(shown once, stored nowhere\): (\S+)", ran.out)
    assert password is not None
    secret = password.group(1)
    package = review / f"build/send/school-imr-school-{TODAY}.zip"
    with zipfile.ZipFile(package) as z:  # the ZIP itself opens anywhere; each paper needs the password
        files = {n: z.read(n) for n in z.namelist()}
    assert "letter-imr-commissioning.docx" in files and "chronology.xlsx" in files
    for name, data in files.items():
        assert data.startswith(b"\xd0\xcf\x11\xe0") and b"Canary" not in data, name  # Office-encrypted
        assert office.decrypt(data, "wrong-password") is None
        assert office.decrypt(data, secret.upper()) is None
    texts = _texts({n: office.decrypt(d, secret) or b"" for n, d in files.items()})
    assert "Canary-School-IMR" in texts["imr.docx"] and "Canary-School-Absence" in texts["chronology.xlsx"]
    assert not any("Canary-Police" in t for t in texts.values())
    # never stored: not in the record, not anywhere in the review or its git folder
    assert not [p for p in review.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


def test_password_even_with_a_key_and_the_record(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    out = review.parent / "by-hand.zip"
    ran = _send(scr, review, "police", "--password", "-o", str(out))
    assert "password (shown once" in ran.out and out.is_file() and "no key" not in ran.out
    assert "logged papers-sent for police (imr-police)" in ran.out
    log = (review / "log.yaml").read_text()
    assert "event: papers-sent" in log and "person: imr-police" in log and "imr.docx" not in log  # who, not what
    record = (review / "05-imr/police/sent.yaml").read_text()
    assert "protection: password" in record and "file: by-hand.zip" in record
    assert "source: 05-imr/police/imr.md" in record and "version: 1" in record
    listed = scr("send", "--list", "-C", review)
    assert listed.code == 0
    assert re.search(r"police\s+imr-police\s+key", listed.out) and re.search(r"school\s+imr-school\s+password",
                                                                               listed.out)
    assert "imr.docx v1" in listed.out


def test_the_record_is_sensitive(review: Path) -> None:
    from scr_cli.crypto.context import context_public

    assert not context_public(review).allows("05-imr/police/sent.yaml")
    assert "/05-imr/*/sent.yaml" in (review / ".gitignore").read_text()


BAD = [
    (["nowhere"], "no agency 'nowhere' in agencies.yaml"),
    (["health"], "no IMR has been commissioned from 'health'"),
    (["police", "--to", "imr-school"], "'imr-school' holds no role for agency 'police'"),
    (["police", "--to", "bm"], "'bm' holds no role for agency 'police'"),
    (["police", "--to", "nobody"], "no person 'nobody' in people.yaml"),
    (["police", "-o", "agencies.yaml"], "agencies.yaml already exists"),
    (["police", "-o", "no/such/folder/p.zip"], "does not exist"),
    ([], "say which agency's papers to send"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[b[1][:30] for b in BAD])
def test_bad_input_changes_nothing(review: Path, scr, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(review)
    ran = scr("send", *args, "--today", TODAY, "-C", review)
    assert ran.code == 1, ran.err
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("scr: error:") and message in lines[0], ran.err
    assert "Traceback" not in ran.err
    assert snapshot(review) == before


def test_a_locked_imr_is_refused_and_nothing_changes(review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    imr = review / "05-imr/school/imr.md"
    kept = tmp_path / "imr.md"
    shutil.move(imr, kept)
    (review / "05-imr/school/imr.md.gpg").write_bytes(b"\x85\x01\x0c" + b"\0" * 64)  # only the encrypted copy
    try:
        before = snapshot(review)
        ran = scr("send", "school", "--today", TODAY, "-C", review)
        assert ran.code == 1 and len(ran.err.strip().splitlines()) == 1
        assert "05-imr/school/imr.md" in ran.err and "locked" in ran.err and "scr unlock" in ran.err
        assert snapshot(review) == before
    finally:
        (review / "05-imr/school/imr.md.gpg").unlink()
        shutil.move(kept, imr)


def test_a_second_package_the_same_day_gets_its_own_file(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    first = review / f"build/send/school-imr-school-{TODAY}.zip"
    if not first.exists():
        _send(scr, review, "school")
    before = first.read_bytes()
    ran = _send(scr, review, "school")
    assert f"build/send/school-imr-school-{TODAY}-2.zip" in ran.out and first.read_bytes() == before
    assert (review / "05-imr/school/sent.yaml").read_text().count("protection: password") >= 2
