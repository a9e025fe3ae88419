"""scr letter: each kind built as DOCX with the board, reference, agency and dates in its text; family names
only ever in the private build folder."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.conftest import snapshot

REF = "SCR-T-01"
FAMILY = ("members:\n  - pseudonym: Child Q\n    relationship: subject\n    subject: true\n"
          "    real_names: [Wilhelmina Quorndon]\n"
          "  - pseudonym: Mother\n    relationship: mother\n    real_names: [Ottoline Quorndon]\n")


def docx_text(path: Path) -> str:
    xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    return re.sub(r"\s+", " ", " ".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", xml)))


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scr_cli.app import main

    root = tmp_path_factory.mktemp("letters") / "rev"
    steps = [
        ["new", str(root), "--ref", REF, "--board", "Testshire Safeguarding Partnership", "--child", "Child Q",
         "--referral-received", "2026-11-02"],
        ["agency", "add", "school", "--name", "Larchwood Academy", "--sector", "education"],
        ["person", "add", "bm", "--name", "Bea Manager", "--role", "business-manager",
         "--job-title", "Business manager"],
        ["person", "add", "imr-school", "--name", "Cy Author", "--role", "imr-author", "--agency", "school",
         "--job-title", "Safeguarding lead"],
        ["person", "add", "teacher", "--name", "Tia Teacher", "--role", "interviewee", "--agency", "school"],
        ["imr", "commission", "school", "--author", "imr-school", "--due", "2027-01-29", "--today", "2026-11-20"],
        ["interview", "plan", "school", "--interviewee", "teacher", "--date", "2026-12-14", "--today", "2026-11-23"],
    ]
    for args in steps:
        assert main(args if args[0] == "new" else [*args, "-C", str(root)]) == 0, args
    (root / "family.yaml").write_text(FAMILY)
    return root


KINDS = [  # kind, --to, the file, what its text must hold
    ("referral-standard", "school", "referral-standard-school.docx", ["Larchwood Academy", "one working day"]),
    ("imr-commissioning", None, "imr-commissioning-school.docx", ["Larchwood Academy", "29 January 2027",
                                                                  "Cy Author", "Attached: Terms of reference",
                                                                  "Questions for every IMR"]),
    ("authors-briefing", None, "authors-briefing-imr-school.docx", ["Dear Cy Author", "Larchwood Academy"]),
    ("interview-notice", None, "interview-notice-teacher.docx", ["Dear Tia Teacher", "14 December 2026",
                                                                 "Larchwood Academy", "Cy Author"]),
    ("practitioners-debriefing", "teacher", "practitioners-debriefing-teacher.docx", ["Dear Tia Teacher"]),
]


@pytest.mark.parametrize("kind,to,name,needles", KINDS, ids=[k[0] for k in KINDS])
def test_each_kind_as_docx(review: Path, scr, kind: str, to: str | None, name: str,  # type: ignore[no-untyped-def]
                           needles: list[str]) -> None:
    ran = scr("letter", kind, *(["--to", to] if to else []), "--today", "2026-11-30", "-C", review)
    assert ran.code == 0, ran.err
    file = review / "build/letters" / name
    assert f"wrote build/letters/{name}" in ran.out
    text = docx_text(file)
    for needle in [REF, "Testshire Safeguarding Partnership", "30 November 2026", "Bea Manager", *needles]:
        assert needle in text, (needle, text)
    assert "{{" not in text and "Quorndon" not in text and "Ottoline" not in text


def test_family_letter_only_private(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(review)
    ran = scr("letter", "family", "--today", "2026-11-30", "-C", review)
    assert ran.code == 1 and "the letter to 'mother' names a family member" in ran.err and "--private" in ran.err
    assert snapshot(review) == before  # nothing written, public or not
    ran = scr("letter", "family", "--private", "--today", "2026-11-30", "-C", review)
    assert ran.code == 0, ran.err
    file = review / "build/letters/private/family-mother.docx"
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert stat.S_IMODE(file.parent.stat().st_mode) == 0o700
    assert "Dear Ottoline Quorndon" in docx_text(file)
    assert not (review / "build/letters/private/family-child-q.docx").exists()  # not to the child


def test_log_and_bad_input(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(review)
    for args, needle in [
        (["nonsense"], "no letter 'nonsense'"),
        (["referral-standard", "--to", "nowhere"], "no agency 'nowhere'"),
        (["practitioners-debriefing"], "say who the 'practitioners-debriefing' letter is for"),
        (["imr-commissioning", "--format", "odt"], "unknown format 'odt'"),
        (["interview-notice", "--log"], "stands for no event"),
    ]:
        ran = scr("letter", *args, "--today", "2026-11-30", "-C", review)
        assert ran.code == 1 and needle in ran.err and ran.err.count("\n") == 1, (args, ran.err)
    assert snapshot(review) == before
    ran = scr("letter", "referral-standard", "--log", "--today", "2026-11-30", "-C", review)
    assert ran.code == 0, ran.err
    assert "  - event: agencies-notified\n    date: 2026-11-30\n" in (review / "log.yaml").read_text()


def test_a_field_without_a_value_is_an_error_at_the_template_line(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    assert scr("agency", "add", "school", "--name", "Larchwood Academy", "--sector", "education",
               "-C", new_review).code == 0
    ran = scr("letter", "imr-commissioning", "--to", "school", "--today", "2026-11-30", "-C", new_review)
    assert ran.code == 1
    assert re.search(r"templates/letters/imr-commissioning.md:\d+:\d+: the letter to 'school' has no value for "
                     r"'\{\{author_name\}\}'", ran.err), ran.err


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_commissioning_letter(review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert scr("letter", "imr-commissioning", "--today", "2026-11-30", "-C", review).code == 0
    docx = review / "build/letters/imr-commissioning-school.docx"
    soffice = shutil.which("soffice")
    assert soffice is not None
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "txt:Text", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    text = (tmp_path / "imr-commissioning-school.txt").read_text(encoding="utf-8-sig")
    for needle in (REF, "Larchwood Academy", "29 January 2027"):
        assert needle in text


def test_the_imr_request_attaches_the_terms_of_reference_as_they_stand(review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    ran = scr("letter", "imr-commissioning", "--format", "pdf", "--today", "2026-11-30", "-C", review)
    assert ran.code == 0, ran.err
    pages = [p.extract_text() for p in pypdf.PdfReader(review / "build/letters/imr-commissioning-school.pdf").pages]
    assert len(pages) >= 2 and "Attached" not in pages[0]  # the letter, then the terms on a page of their own
    assert "Attached: Terms of reference" in pages[1] and "Version 1, 2 November 2026 (draft)" in pages[1]
    assert "Questions for every IMR" in "".join(pages[1:])
    tor = review / "04-terms-of-reference/terms-of-reference.md"
    kept = tmp_path / "tor.md"
    tor.rename(kept)
    try:
        before = snapshot(review)
        ran = scr("letter", "imr-commissioning", "--today", "2026-11-30", "-C", review)
        assert ran.code == 1 and ran.err.count("\n") == 1
        assert ran.err.startswith("scr: error: templates/letters/imr-commissioning.md: the 'imr-commissioning' "
                                  "letter attaches 04-terms-of-reference/terms-of-reference.md, which is not in "
                                  "the review"), ran.err
        assert snapshot(review) == before
    finally:
        kept.rename(tor)


def test_an_attached_document_keeps_its_images(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    import pypdf

    from tests import pngkit

    tor = review / "04-terms-of-reference/terms-of-reference.md"
    before = tor.read_text(encoding="utf-8")
    (tor.parent / "images").mkdir()
    pngkit.write_grey(tor.parent / "images/plan.png", pngkit.Grey(4, 4, bytes(range(0, 256, 16))))
    tor.write_text(before + "\n![A plan of the address](images/plan.png)\n", encoding="utf-8")
    try:
        ran = scr("letter", "imr-commissioning", "--format", "pdf", "--today", "2026-11-30", "-C", review)
        assert ran.code == 0, ran.err
        pages = pypdf.PdfReader(review / "build/letters/imr-commissioning-school.pdf").pages
        assert [len(p.images) for p in pages] == [0, 1]  # the letter, then the terms with their picture
    finally:
        tor.write_text(before, encoding="utf-8")
        shutil.rmtree(tor.parent / "images")
