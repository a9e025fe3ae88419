"""DOCX and HTML builds: house styles, footer and watermark from the reference document, metadata
allow-list, and a real client (LibreOffice) opening the DOCX with headings and tables intact."""

from __future__ import annotations

import hashlib
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review  # noqa: E402
from test_build_pdf import CHRONOLOGY_HEADER, unhyphenated  # noqa: E402

from scr_cli.adapters import proc  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402
from scr_cli.publish.docx_props import read_custom  # noqa: E402


def _parts(docx: Path) -> dict[str, str]:
    with zipfile.ZipFile(docx) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels"))}


def test_docx_has_footer_watermark_a4_and_only_allowed_properties(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    parts = _parts(build(root, ["overview"], "docx").built[0].path)
    assert "SCR-2026-07 · Draft v2 · 20 October 2026 · Page" in parts["word/footer1.xml"]
    assert "NUMPAGES" in parts["word/footer1.xml"]
    assert 'string="DRAFT"' in parts["word/header1.xml"]
    assert 'w:w="11906"' in parts["word/document.xml"]  # A4
    # the custom properties are scr's own only (what `scr receive` matches a returned copy by), no front matter
    custom = parts["docProps/custom.xml"]
    assert custom.count("<property ") == 4
    props = read_custom(custom)
    source = (root / "06-overview/overview-report.md").read_bytes()
    assert props == {"scr-reference": "SCR-2026-07", "scr-path": "06-overview/overview-report.md",
                     "scr-version": "2", "scr-sha256": hashlib.sha256(source).hexdigest()}
    core = parts["docProps/core.xml"]
    assert "<dc:title>Overview report</dc:title>" in core and "creator" not in core


def test_docx_of_an_approved_document_has_no_watermark(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    plan = root / "07-action-plan/action-plan.yaml"
    plan.write_text(plan.read_text().replace("status: draft", "status: final"), encoding="utf-8")
    # the action plan needs a senior manager per owning agency; none given -> still a draft
    parts = _parts(build(root, ["action-plan"], "docx").built[0].path)
    assert 'string="DRAFT"' in parts["word/header1.xml"]


def test_html_is_one_file_with_watermark_contents_and_footer(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    html = build(root, ["overview"], "html").built[0].path.read_text(encoding="utf-8")
    assert 'class="draft-watermark"' in html and 'id="TOC"' in html
    assert "SCR-2026-07 · Draft v2 · 20 October 2026" in html
    assert "<style" in html and 'rel="stylesheet"' not in html  # styles embedded
    assert 'lang="en-GB"' in html


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_docx_with_headings_and_tables_intact(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r", chronology_size=20)
    docx = build(root, ["overview"], "docx").built[0].path
    profile = tmp_path / "lo-profile"
    proc.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
              "--outdir", str(tmp_path / "lo"), str(docx)], timeout=180)
    pdf = tmp_path / "lo" / "overview-report.pdf"
    from pypdf import PdfReader

    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(pdf)).pages).split())
    for heading in ("1 Introduction", "2 Findings", "3 Integrated chronology", "3.1 Apparent conflicts"):
        assert heading in text, heading
    assert CHRONOLOGY_HEADER in unhyphenated(text)  # the table header row, one cell each
    assert "(police item 19)" in text and "(childrens-services item 0)" in text.replace("- ", "-")
    assert "Page 1 of" in text
