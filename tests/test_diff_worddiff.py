"""The word diff (pure) and `scr diff` in every format, with real pandoc, typst and LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from scr_cli.review.worddiff import diff_lines, markdown, plain
from tests.hooksupport import TOR, git, scr, set_front

OLD = """# Scope

The review covers the period from March to June.

- Police
- Health

| agency | contact |
|---|---|
| police | two visits |
"""
NEW = """# Scope of the review

The review covers the period from January to June.

- Police
- Education

| agency | contact |
|---|---|
| police | three visits |

A closing line.
"""


def test_word_diff_keeps_structure() -> None:
    text = plain(diff_lines(OLD, NEW))
    assert "# Scope{+ of the review+}" in text
    assert "from [-March-]{+January+} to June." in text
    assert "- [-Health-]{+Education+}" in text
    assert "| police | [-two-]{+three+} visits |" in text
    assert "{+A closing line.+}" in text


def test_no_change_no_marks() -> None:
    assert "{+" not in plain(diff_lines(OLD, OLD)) and "[-" not in plain(diff_lines(OLD, OLD))


def test_markdown_spans_keep_pipes_and_spaces_outside() -> None:
    md = markdown(diff_lines(OLD, NEW), "Zelda Quillfeather", "2026-11-29T10:00:00Z")
    assert '[January]{.insertion author="Zelda Quillfeather" date="2026-11-29T10:00:00Z"}' in md
    assert "[March]{.deletion" in md
    assert "| police | [two]{.deletion" in md and "visits |" in md
    assert "Scope [of the review]{.insertion" in md


@pytest.fixture
def review_with_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rev"
    assert scr("new", root, "--ref", "SCR-D-01", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", "2026-11-02") == 0
    monkeypatch.chdir(root)
    text = (root / TOR).read_text()
    (root / TOR).write_text(text.replace("Why this review is held", "Why this serious review is held"))
    set_front(root, TOR, version="2")
    git(root, "commit", "-q", "--no-verify", "-am", "v2")
    text = (root / TOR).read_text()
    (root / TOR).write_text(text.replace("serious review", "local review").replace(
        "It establishes learning, not blame.", "It establishes learning and never blame."))
    set_front(root, TOR, version="3")
    git(root, "commit", "-q", "--no-verify", "-am", "v3")
    return root


def test_term_diff_defaults_to_previous_and_latest(review_with_versions: Path, capsys: pytest.CaptureFixture[str]
                                                   ) -> None:
    assert scr("diff", TOR) == 0
    out = capsys.readouterr().out
    assert "version 2" in out and "version 3" in out and "local" in out and "serious" in out
    assert scr("diff", TOR, "--from", "1", "--to", "9") == 1
    assert "has no version 9" in capsys.readouterr().err


def test_html_and_pdf_mark_changes(review_with_versions: Path, tmp_path: Path) -> None:
    html = tmp_path / "d.html"
    assert scr("diff", TOR, "--from", "1", "--format", "html", "-o", html) == 0
    page = html.read_text()
    assert 'class="deletion"' in page and 'class="insertion"' in page and ">serious<" not in page
    assert ">local<" in page and "text-decoration: line-through" in page
    pdf = tmp_path / "d.pdf"
    assert scr("diff", TOR, "--format", "pdf", "-o", pdf) == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "serious" in text and "local" in text and "never" in text  # deleted and inserted words


def test_docx_has_word_tracked_changes(review_with_versions: Path, tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    assert scr("diff", TOR, "--format", "docx", "-o", out) == 0
    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    assert "<w:ins " in xml and "<w:del " in xml and "<w:delText" in xml
    assert 'w:author="Test Administrator"' in xml


@pytest.mark.libreoffice
def test_libreoffice_opens_the_redline(review_with_versions: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = tmp_path / "redline.docx"
    assert scr("diff", TOR, "--format", "docx", "-o", out) == 0
    profile = tmp_path / "lo-profile"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(out)], capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "redline.pdf"
    assert pdf.is_file()
    from pypdf import PdfReader

    text = " ".join(" ".join(page.extract_text() for page in PdfReader(str(pdf)).pages).split())
    assert "serious" in text and "local" in text  # the deleted and the inserted word, both shown
    assert "never" in text and "not" in text


def test_a_written_comparison_goes_to_the_git_ignored_build_folder(review_with_versions: Path) -> None:
    """A redline of a sensitive document is plaintext: by default it must land where git will not pick it up."""
    assert scr("diff", TOR, "--format", "html") == 0
    written = review_with_versions / "build" / "diff" / "terms-of-reference-v2-v3.html"
    assert written.is_file()
    assert git(review_with_versions, "status", "--porcelain").stdout.strip() == ""


def test_piped_diff_marks_changes_in_plain_text(review_with_versions: Path, capsys: pytest.CaptureFixture[str]
                                                ) -> None:
    """Not a terminal (capsys is not one): no colour to carry the change, so the marks are words."""
    assert scr("diff", TOR) == 0
    out = capsys.readouterr().out
    assert "[-serious-]{+local+} review is held" in out
    assert "learning[-, not-]{+ and never+} blame." in out
    assert "\x1b[" not in out


def test_a_front_matter_change_alone_says_no_text_changes(review_with_versions: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    set_front(review_with_versions, TOR, version="4", status="final")
    assert scr("diff", TOR) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"Changes to {TOR}: version 3 (2026-11-02) to version 4 (2026-11-02)",
                   "no text changes (only the front matter: version, date or status)"]


def test_diff_reads_the_document_inside_the_review_folder(review_with_versions: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert scr("diff", "-C", review_with_versions, TOR) == 0
    assert "{+local+}" in capsys.readouterr().out


@pytest.fixture
def review_with_a_list(review_with_versions: Path) -> Path:
    """Version 4 holds a numbered list; the work tree (version 5) rewords its second item."""
    root = review_with_versions
    items = "\n\n1. What was known, and when?\n2. How was it shared?\n3. Who checked it?\n"
    (root / TOR).write_text((root / TOR).read_text() + items)
    set_front(root, TOR, version="4")
    git(root, "commit", "-q", "--no-verify", "-am", "v4")
    (root / TOR).write_text((root / TOR).read_text().replace("How was it shared?", "With whom was it shared?"))
    set_front(root, TOR, version="5")
    return root


def test_the_redline_docx_is_a4_with_the_house_footer_draft_mark_and_lists(review_with_a_list: Path,
                                                                          tmp_path: Path) -> None:
    out = tmp_path / "d.docx"
    assert scr("diff", TOR, "--format", "docx", "-o", out) == 0
    parts = {n: zipfile.ZipFile(out).read(n).decode() for n in ("word/document.xml", "word/footer1.xml",
                                                                  "word/header1.xml")}
    assert '<w:pgSz w:w="11906" w:h="16838" />' in parts["word/document.xml"]  # A4
    footer = parts["word/footer1.xml"]
    assert "SCR-D-01 · Comparison of v4 and v5 ·" in footer and "NUMPAGES" in footer
    assert 'string="DRAFT"' in parts["word/header1.xml"]
    paragraphs = re.findall(r"<w:p>.*?</w:p>", parts["word/document.xml"], re.S)
    items = [p for p in paragraphs if any(w in p for w in ("was known", "shared?", "Who checked"))]
    assert len(items) == 3 and all("<w:numPr>" in p for p in items)  # still one numbered list
    assert len({re.search(r'w:numId w:val="(\d+)"', p).group(1) for p in items}) == 1  # type: ignore[union-attr]


@pytest.mark.libreoffice
@pytest.mark.poppler
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler-utils not installed")
def test_the_redline_opens_as_an_a4_page_with_footer_and_numbers(review_with_a_list: Path, tmp_path: Path) -> None:
    out = tmp_path / "redline.docx"
    assert scr("diff", TOR, "--format", "docx", "-o", out) == 0
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)], capture_output=True, timeout=180,
                   check=True)
    pdf = tmp_path / "redline.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "595.3 x 841.89 pts (A4)" in info or "595.304 x 841.89 pts (A4)" in info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "SCR-D-01 · Comparison of v4 and v5 ·" in flat and "Page 1 of" in flat
    assert "1. What was known, and when?" in flat  # numbered by Word's own list numbering
    assert "Who checked it?" in flat and "With whom" in flat


def test_the_redline_pdf_has_the_house_page(review_with_a_list: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "d.pdf"
    assert scr("diff", TOR, "--format", "pdf", "-o", out) == 0
    pages = PdfReader(str(out)).pages
    assert all(round(float(p.mediabox.width)) == 595 and round(float(p.mediabox.height)) == 842 for p in pages)
    text = " ".join(" ".join(p.extract_text() or "" for p in pages).split())
    assert "DRAFT" in text and "SCR-D-01 · Comparison of v4 and v5 ·" in text
    assert "Changes to 04-terms-of-reference/terms-of-reference.md" in text
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates written as 2 November 2026
