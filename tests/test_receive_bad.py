"""Bad returns to `scr receive`: each refused in one line naming what is wrong, exit 1, nothing changed on disk.

One copy of the demo serves every case: each run is held to leave every file of it (and of .git) as it was.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests import returnkit
from tests.envkit import keyring, make_base, review_copy, snapshot

IMR = "05-imr/police/imr.md"
CHRONOLOGY = "05-imr/police/chronology.yaml"
Make = Callable[[dict[str, bytes]], bytes]
ROW = ["4", "14/05/2026", "Eastmere Constabulary", "Custody record", "Mr X interviewed", "", "", "", ""]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = make_base(tmp_path_factory.mktemp("receive-bad"))
    with review_copy(base) as root:
        yield root


@pytest.fixture(scope="module")
def sent(review: Path) -> dict[str, bytes]:
    """The demo's police IMR and chronology (DOCX), the school's IMR (DOCX) and the police IMR as PDF."""
    from scr_cli.publish.build import build

    out = review.parent / "sent"
    files = {
        "imr": build(review, ["imr", "police"], "docx", out=out).built[0].path,
        "chronology": build(review, ["chronology", "police"], "docx", out=out).built[0].path,
        "school": build(review, ["imr", "school"], "docx", out=out).built[0].path,
        "pdf": build(review, ["imr", "police"], "pdf", out=out).built[0].path,
    }
    return {k: v.read_bytes() for k, v in files.items()}


@pytest.fixture
def inside(review: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCR_GNUPGHOME", str(keyring(review)))
    monkeypatch.chdir(review)
    return review


def _property(docx: bytes, name: str, value: str) -> bytes:
    return returnkit.edit_part(docx, "docProps/custom.xml",
                               lambda x: re.sub(rf'(name="{name}"><vt:lpwstr>)[^<]*', rf"\g<1>{value}", x))


def _without_properties(docx: bytes) -> bytes:
    entries = returnkit.parts(docx)
    entries["docProps/custom.xml"] = entries["docProps/custom.xml"].split(b"<property")[0] + b"</Properties>"
    return returnkit.rezip(entries)


def _with_part(docx: bytes, name: str, data: bytes) -> bytes:
    return returnkit.rezip({**returnkit.parts(docx), name: data})


def _declared_size(docx: bytes, size: int) -> bytes:
    """The central directory of the zip made to declare `size` bytes uncompressed for its first entry."""
    data = bytearray(docx)
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, at + 24, size)
    return bytes(data)


def _ratio_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def _two_documents(docx: bytes) -> bytes:
    return returnkit.rezip({"imr.docx": docx, "copy.docx": docx})


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CASES: list[tuple[str, Make, tuple[str, ...], str]] = [
    ("a-pdf.pdf", lambda s: s["pdf"], (), "is a PDF, which cannot become a draft"),
    ("old.doc", lambda s: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, (), "old-format (.doc/.xls)"),
    ("letter.rtf", lambda s: b"{\\rtf1\\ansi Some text}", (), "is an RTF file"),
    ("notes.docx", lambda s: b"plain words, not a zip", (), "is not a DOCX or XLSX (it is not a zip file)"),
    ("empty.docx", lambda s: b"", (), "is empty"),
    ("cut.docx", lambda s: s["imr"][: len(s["imr"]) // 2], (), "is a damaged zip"),
    ("junk.docx", lambda s: b"PK\x03\x04" + os.urandom(2000), (), "is a damaged zip"),
    ("macro.docx", lambda s: _with_part(s["imr"], "word/vbaProject.bin", b"\0" * 64), (), "holds macros"),
    ("macro.docm", lambda s: returnkit.edit_part(
        s["imr"], "[Content_Types].xml",
        lambda x: x.replace("document.main+xml", "document.macroEnabled.main+xml")), (), "holds macros"),
    ("bomb.docx", lambda s: _declared_size(s["imr"], 3_000_000_000), (), "it may be a zip bomb"),
    ("ratio.docx", lambda s: _ratio_bomb(), (), "it may be a zip bomb"),
    ("entities.docx", lambda s: returnkit.edit_part(
        s["imr"], "word/document.xml", lambda x: x.replace("?>", '?><!DOCTYPE w [<!ENTITY a "aaaa">]>', 1)),
     (), "declares a DOCTYPE or entities"),
    ("school.docx", lambda s: s["school"], ("--as", IMR), "is a copy of 05-imr/school/imr.md, not " + IMR),
    ("other.docx", lambda s: _property(s["imr"], "scr-reference", "SCR-OTHER-09"), (),
     "was sent for review SCR-OTHER-09, not this one (SCR-DEMO-01)"),
    ("bare.docx", lambda s: _without_properties(s["imr"]), (), "carries no scr properties"),
    ("stale.docx", lambda s: _property(s["imr"], "scr-version", "1"), (),
     "is version 1, but 05-imr/police/imr.md is now version 2: a stale copy"),
    ("moved.docx", lambda s: _property(s["imr"], "scr-sha256", "0" * 64), (), "the document has changed since"),
    ("no-outcome.docx", lambda s: returnkit.drop_column(s["chronology"], "Outcome"), (),
     "row 1: the table has no outcome column"),
    ("no-table.docx", lambda s: _without_properties(s["imr"]), ("--as", CHRONOLOGY), "holds no chronology table"),
    ("february.docx", lambda s: returnkit.add_row(s["chronology"], [ROW[0], "31/02/2026", *ROW[2:]]), (),
     "row 5, column Date and time: not a date, or no such day"),
    ("month13.docx", lambda s: returnkit.add_row(s["chronology"], [ROW[0], "14/13/2026", *ROW[2:]]), (),
     "row 5, column Date and time: not a date, or no such day"),
    ("agency.docx", lambda s: returnkit.add_row(s["chronology"], [*ROW[:2], "Northshire Police", *ROW[3:]]), (),
     "row 5, column Agency: the row is another agency's"),
    ("recording.docx", lambda s: returnkit.add_row(s["chronology"], [*ROW[:7], "perhaps", ""]), (),
     "row 5, column Retrospective: neither contemporaneous nor retrospective"),
    ("no-event.docx", lambda s: returnkit.add_row(s["chronology"], [*ROW[:4], "", *ROW[5:]]), (),
     "row 5, column Event: the event is empty"),
    ("sheet.xlsx", lambda s: _xlsx(), ("--as", IMR), "is an Excel workbook, but 05-imr/police/imr.md is a Word"),
    ("terms.docx", lambda s: _without_properties(s["imr"]), ("--as", "04-terms-of-reference/terms-of-reference.md"),
     "is not a document scr receive takes back"),
    ("fire.docx", lambda s: _without_properties(s["imr"]), ("--as", "05-imr/fire/imr.md"),
     "05-imr/fire/imr.md does not exist"),
    ("package.zip", lambda s: _two_documents(s["imr"]), (), "is a zip holding 2 documents"),
    ("imr.docx", lambda s: s["imr"], ("--changes", "maybe"), "unknown --changes 'maybe'"),
]


@pytest.mark.parametrize(("name", "make", "args", "says"), CASES, ids=[c[0] for c in CASES])
def test_a_bad_return_is_refused_in_one_line_and_changes_nothing(
        inside: Path, sent: dict[str, bytes], scr, name: str, make: Make, args: tuple[str, ...], says: str) -> None:
    returned = inside.parent / "in" / name
    returned.parent.mkdir(exist_ok=True)
    returned.write_bytes(make(sent))
    before = snapshot(inside)
    ran = scr("receive", returned, *args, "--today", "2026-11-30")
    assert (ran.code, ran.out) == (1, ""), ran.err
    assert ran.err.count("\n") == 1 and ran.err.startswith("scr: error: ") and says in ran.err, ran.err
    assert "Traceback" not in ran.err
    assert snapshot(inside) == before


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(inside: Path, scr) -> None:
    big = inside.parent / "in" / "huge.docx"
    big.parent.mkdir(exist_ok=True)
    with open(big, "wb") as fh:
        fh.truncate(26 * 1024 * 1024)  # sparse: no disk is used
    before = snapshot(inside)
    ran = scr("receive", big, "--today", "2026-11-30")
    assert ran.code == 1 and "is 26 MB, over the 25 MB limit" in ran.err and ran.err.count("\n") == 1
    assert snapshot(inside) == before


def test_a_final_document_is_refused(base_final: Path, scr) -> None:
    ran_before = snapshot(base_final)
    ran = scr("receive", base_final.parent / "final.docx", "--today", "2026-11-30")
    assert ran.code == 1 and "05-imr/police/imr.md is final: a returned copy cannot change it" in ran.err
    assert "scr draft reopen" in ran.err and ran.err.count("\n") == 1
    assert snapshot(base_final) == ran_before


@pytest.fixture
def base_final(review: Path, sent: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The review with the police IMR marked final (restored afterwards), and a copy built before."""
    file = review / IMR
    text = file.read_bytes()
    file.write_bytes(text.replace(b"status: draft", b"status: final"))
    final = _property(sent["imr"], "scr-sha256", hashlib.sha256(file.read_bytes()).hexdigest())
    (review.parent / "final.docx").write_bytes(final)
    monkeypatch.setenv("SCR_GNUPGHOME", str(keyring(review)))
    monkeypatch.chdir(review)
    try:
        yield review
    finally:
        file.write_bytes(text)


def test_a_missing_file_is_named(inside: Path, scr) -> None:
    before = snapshot(inside)
    ran = scr("receive", inside.parent / "in" / "never-sent.docx", "--today", "2026-11-30")
    assert (ran.code, ran.err) == (1, "scr: error: never-sent.docx does not exist — check the path of the returned "
                                      "file\n")
    assert snapshot(inside) == before
