"""The word diff (pure) and `scr diff` in every format, with real pandoc, typst and LibreOffice."""

from __future__ import annotations

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
