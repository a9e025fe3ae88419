"""The DOCX pack as Word users get it, read through LibreOffice.

A cover, a contents list that is filled in, each document on a new page, landscape pages for the action plan
and the chronology, and table words kept whole.
"""

from __future__ import annotations

import re
import shutil
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review  # noqa: E402
from test_build_layout import PARTS, _full_plan, page_sizes  # noqa: E402
from test_build_pdf import unhyphenated  # noqa: E402

from scr_cli.adapters import proc  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402
from scr_cli.publish.docx_layout import lay_out  # noqa: E402
from scr_cli.publish.markdown import ACTION_PLAN_COLUMNS, CHRONOLOGY_COLUMNS, SHY  # noqa: E402

office = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                            reason="LibreOffice or poppler-utils not installed")


def office_pdf(docx: Path, work: Path) -> Path:
    """The DOCX opened and printed by LibreOffice, as a reader's word processor would show it."""
    proc.run(["soffice", f"-env:UserInstallation=file://{work / 'lo-profile'}", "--headless", "--convert-to", "pdf",
              "--outdir", str(work / "lo"), str(docx)], timeout=180)
    return work / "lo" / (docx.stem + ".pdf")


def page_texts(pdf: Path) -> list[list[str]]:
    from test_build_layout import page_lines

    return page_lines(pdf)


@pytest.mark.libreoffice
@pytest.mark.poppler
@office
def test_the_docx_pack_has_a_cover_a_filled_contents_and_a_page_per_document(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    _full_plan(root)
    pdf = office_pdf(build(root, ["pack"], "docx").built[0].path, tmp_path)
    pages = page_texts(pdf)
    cover = " ".join(" ".join(pages[0]).split())
    assert pages[0][0] == "OFFICIAL-SENSITIVE" and "Table of Contents" not in cover
    for needle in ("Northfold Safeguarding Children Board", "Serious case review: the full report",
                   "Reference SCR-2026-07", "Version Draft v2", "Date 20 October 2026", "Status Draft"):
        assert needle in cover, needle
    assert pages[1][0] == "Contents"
    titles = [re.sub(r"^(\d+|A)\s+", "", t) for t in PARTS]
    listed = " ".join(pages[1])
    assert all(t in listed for t in titles), listed  # the contents is filled in, not an empty field
    firsts = [" ".join(p[:2]) if re.fullmatch(r"\d+", p[0]) else p[0] for p in pages]  # "1", "Terms of reference"
    numbered = [re.sub(r"^\d+\s+", "", " ".join(f.split())) for f in firsts]
    for title in titles:
        assert numbered.count(title) == 1, (title, firsts)  # each document starts its own page
    sizes = page_sizes(pdf)
    assert sizes[numbered.index("Action plan")][0] > sizes[numbered.index("Action plan")][1]  # landscape
    assert sizes[numbered.index("Integrated chronology")][0] > sizes[numbered.index("Integrated chronology")][1]
    assert sizes[0][0] < sizes[0][1] and sizes[-1][0] > sizes[-1][1]
    text = unhyphenated(" ".join(" ".join(p) for p in pages))
    for column in (*ACTION_PLAN_COLUMNS, *CHRONOLOGY_COLUMNS):  # every header cell, its words on their own
        assert column.replace(SHY, "") in text, column
    for word in ("Recommendation", "Completed", "Retrospective", "Northfold Police", "2 January 2027"):
        assert word in text, word  # whole: no word broken across a line inside a table cell
    assert not re.search(r"Recommen dation|Complete d|Retrospectiv e|Septembe r", text)


@pytest.mark.libreoffice
@pytest.mark.poppler
@office
def test_a_short_docx_has_no_contents_and_its_title_on_the_cover(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    docx = build(root, ["summary"], "docx").built[0].path
    pages = page_texts(office_pdf(docx, tmp_path))
    assert not any(p and p[0] == "Contents" for p in pages)
    assert "Executive summary" in pages[0] and pages[0][0] == "For publication"
    with zipfile.ZipFile(docx) as z:
        core = z.read("docProps/core.xml").decode()
    assert "<dc:title>Executive summary</dc:title>" in core


def test_lay_out_drops_breaks_that_would_leave_blank_pages() -> None:
    section = ('<w:sectPr><w:pgSz w:h="16838" w:w="11906" /><w:pgMar w:bottom="1474" w:left="1304" '
               'w:right="1304" w:top="1304" /></w:sectPr>')
    doc = ('<w:document><w:body><w:p><w:r><w:t>Cover</w:t></w:r></w:p><!--scr:page--><!--scr:page-->'
           '<!--scr:page--><w:p><w:r><w:t>One</w:t></w:r></w:p><!--scr:page--><!--scr:section portrait-->'
           '<w:tbl><w:tblGrid><w:gridCol w:w="100" /><w:gridCol w:w="300" /></w:tblGrid><w:tr><w:tc /></w:tr>'
           f'</w:tbl><!--scr:section landscape-->{section}</w:body></w:document>')
    out = lay_out(doc)
    assert out.count('<w:br w:type="page" />') == 1  # three breaks in a row are one; none before a section
    assert out.count("<w:sectPr>") == 2 and 'w:orient="landscape"' in out.split("</w:tbl>")[1]
    assert '<w:gridCol w:w="3557" /><w:gridCol w:w="10673" />' in out  # fitted to 16838 - 2 x 1304
    assert "<w:cantSplit />" in out and "<!--scr:" not in out
