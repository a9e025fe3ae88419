"""The papers a board adopts, page by page.

Each document of the pack starts a page with its own title block, contents only when a document is long
enough, the chronology and the action plan as real landscape tables (every column, rows never split, header
repeated), and one date style everywhere.
"""

from __future__ import annotations

import re
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import dump, make_review, write  # noqa: E402
from test_build_pdf import CHRONOLOGY_HEADER, approve_tor, chair_key, pdf_pages, unhyphenated  # noqa: E402, F401

from scr_cli.adapters import proc  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402
from scr_cli.publish.house import CONTENTS_MIN_HEADINGS, contents_depth, long_date  # noqa: E402
from scr_cli.publish.markdown import short_names  # noqa: E402

poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
PARTS = ["1 Terms of reference", "2 Overview report", "3 Executive summary", "4 Action plan",
         "5 IMR community-health", "6 IMR police", "7 IMR childrens-services", "A Integrated chronology"]
PLAN_HEADER = ("ID Recommendation Action Owner Due Intended outcome and measure of success Evidence required "
               "Audit Status Completed")


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines as pdftotext reads them, one page at a time."""
    count = len(pdf_pages(pdf))
    out = []
    for n in range(1, count + 1):
        text = proc.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"]).out
        out.append([ln.strip() for ln in text.splitlines() if ln.strip()])
    return out


def page_sizes(pdf: Path) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    return [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(str(pdf)).pages]


@pytest.mark.poppler
@poppler
def test_each_document_of_the_pack_starts_a_page_with_its_title_block(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    pdf = build(root, ["pack"], "pdf").built[0].path
    pages = page_lines(pdf)
    assert pages[1][0] == "Contents" and pages[2][0] == PARTS[0]  # one contents page, then the first document
    firsts = [p[0] for p in pages]
    for title in PARTS:
        assert firsts.count(title) == 1, (title, firsts)
        block = " ".join(pages[firsts.index(title)][1:5])
        if title == PARTS[-1]:  # the chronology is compiled, not signed
            assert block.startswith("Compiled by scr") and "Period 6 January 2025 to" in block
        else:
            assert "Version" in block and "Date" in block and "Status" in block and "Signed off" in block, title
    for lines in pages:  # no page holds the title of a second document
        assert sum(1 for ln in lines if ln in PARTS) <= 1
    tor = pages[firsts.index(PARTS[0])]
    assert "Version 2, draft · Date 20 October 2026" in " ".join(tor)
    assert any("Awaiting sign-off by board chair" in ln for ln in tor)
    sizes = page_sizes(pdf)
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert firsts.index(PARTS[3]) in landscape and firsts.index(PARTS[-1]) in landscape
    assert firsts.index(PARTS[0]) not in landscape


def test_contents_only_when_a_document_is_long_enough(tmp_path: Path) -> None:
    assert contents_depth(["# One", "text", "## Two"]) == 0
    many = [f"# Heading {i}\n" for i in range(CONTENTS_MIN_HEADINGS)]
    assert contents_depth(many) == 2
    assert contents_depth(["```", *many, "```"]) == 0  # headings inside code do not count
    long_few = ["# A", "# B", "## C", "## D", "word " * 2600]
    assert contents_depth(long_few) == 2
    root = make_review(tmp_path / "r")
    summary = " ".join(pdf_pages(build(root, ["summary"], "pdf").built[0].path))
    assert "Contents" not in summary
    tor = root / "04-terms-of-reference/terms-of-reference.md"
    write(root, tor.relative_to(root).as_posix(),
          tor.read_text() + "".join(f"\n# Part {i}\n\nText.\n" for i in range(CONTENTS_MIN_HEADINGS)))
    pages = pdf_pages(build(root, ["terms-of-reference"], "pdf").built[0].path)
    assert pages[1].lstrip().startswith("Contents") or "Contents" in pages[1].split("\n")[:3]


def test_the_chronology_rows_keep_together_and_name_the_agency_shortly(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r", chronology_size=60)
    for agency in ("community-health", "police", "childrens-services"):  # rows of uneven height
        rel = f"05-imr/{agency}/chronology.yaml"
        data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
        for i, entry in enumerate(data["entries"]):
            entry["event"] = "Seen at home and in clinic. " * (i * 7 % 9) + entry["event"]
        dump(root, rel, data)
    pdf = build(root, ["chronology"], "pdf").built[0].path
    pages = [unhyphenated(p) for p in pdf_pages(pdf)]
    assert len(pages) > 4
    agencies = ("community-health", "police", "childrens-services")
    for i in range(60):  # row i of each agency: its date and time (two lines in its cell), source and event
        when = f"{long_date(date(2025, 1, 6) + timedelta(days=i))}, {9 + i % 8:02d}:{(i * 7) % 60:02d}"
        for n, text in enumerate(pages):
            here = [a for a in agencies if f"({a} item {i})" in text]
            assert text.count(when) == len(here), (i, n, when)  # no row's date cell was cut by a page break
            assert all(f"{a} record {1000 + i}" in text for a in here)
        assert sum(f"({a} item {i})" in text for a in agencies for text in pages) == 3
    table_pages = [p for p in pages if " item " in p]
    assert len(table_pages) > 3 and all(CHRONOLOGY_HEADER in p for p in table_pages)  # header on every page
    assert "Community Health" in pages[1] and "Children’s Services" in pages[1]
    assert "Short names in the table: Children’s Services (Northfold Children’s Services)" in pages[1]
    assert all(w > h for w, h in page_sizes(pdf)[1:])  # landscape


def test_short_agency_names() -> None:
    names = {"cs": "Eastmere Council Children's Services", "ch": "Eastmere Community Health NHS Trust",
             "po": "Eastmere Constabulary", "sc": "Larkspur Lane Primary School"}
    assert short_names(names) == {"cs": "Children's Services", "ch": "Community Health", "po": "Constabulary",
                                  "sc": "Larkspur Lane Primary School"}
    clash = {"a": "Eastmere Police", "b": "Westmere Police", "c": "Eastmere Health"}
    assert short_names(clash)["a"] == "Police" or short_names(clash) == clash
    assert short_names({"a": "Eastmere Police", "b": "Eastmere Police Trust NHS Trust"})["a"] == "Police"
    assert short_names({"x": "Eastmere", "y": "Eastmere"}) == {"x": "Eastmere", "y": "Eastmere"}


def _full_plan(root: Path) -> None:
    dump(root, "07-action-plan/action-plan.yaml", {
        "title": "Action plan", "version": 1, "date": "2026-10-21", "status": "draft",
        "actions": [{"id": "A1", "recommendation": "R1", "action": "Send notifications within a day",
                     "owner_agency": "police", "owner_officer": "Head of Public Protection", "due": "2027-01-02",
                     "measure": "Ninety-five per cent sent in time", "evidence": "Monthly performance report",
                     "audit": "Dip sample of twenty", "status": "complete", "completed_on": "2026-12-09"}],
    })


@pytest.mark.parametrize("fmt", ["pdf", "html"])
def test_the_action_plan_shows_every_field(tmp_path: Path, fmt: str) -> None:
    root = make_review(tmp_path / "r")
    _full_plan(root)
    built = build(root, ["action-plan"], fmt).built[0].path
    if fmt == "pdf":
        text = unhyphenated(" ".join(pdf_pages(built)))
    else:
        text = unhyphenated(re.sub(r"<[^>]+>", " ", built.read_text(encoding="utf-8")))
    assert PLAN_HEADER in text
    for value in ("A1", "R1", "Send notifications within a day", "Head of Public Protection, Northfold Police",
                  "2 January 2027", "Ninety-five per cent sent in time", "Monthly performance report",
                  "Dip sample of twenty", "Complete", "9 December 2026"):
        assert value in text, value
    assert "RecommendationAction" not in text


def test_dates_are_written_one_way(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    _full_plan(root)
    text = " ".join(" ".join(pdf_pages(build(root, ["pack"], "pdf").built[0].path)).split())
    assert not re.search(r"\b\d{1,2} (Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}\b", text)
    assert not re.search(r"\b0\d [A-Z][a-z]+ \d{4}\b", text)  # no leading zero
    for when in ("6 January 2025, 09:00", "2 January 2027", "20 October 2026"):
        assert when in text, when
    assert long_date(None) == "undated"


def test_a_signed_document_names_its_signer_in_its_title_block(tmp_path: Path,
                                                             chair_key: tuple[Path, str]) -> None:  # noqa: F811
    root = make_review(tmp_path / "r")
    approve_tor(root, chair_key)
    pages = pdf_pages(build(root, ["pack"], "pdf").built[0].path)
    tor = next(" ".join(p.split()) for p in pages if "Terms of reference Version" in " ".join(p.split()))
    assert "Version 2 · Date 20 October 2026" in tor
    assert "Status Approved: final and signed off" in tor
    assert "Signed off Ottoline Brackenbury (board chair), 22 October 2026" in tor
    cover = " ".join(pdf_pages(build(root, ["terms-of-reference"], "pdf").built[0].path)[0].split())
    assert "Signed off Ottoline Brackenbury (board chair), 22 October 2026" in cover


def test_the_summary_carries_the_action_plan_with_its_own_title_block(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    pages = pdf_pages(build(root, ["summary"], "pdf").built[0].path)
    plan = next(" ".join(p.split()) for p in pages if "Action plan Version" in " ".join(p.split()))
    assert "Version 1, draft · Date 21 October 2026" in plan and "Status DRAFT: not yet approved" in plan
    assert "Awaiting sign-off by agency senior manager (action plan) for Northfold Police" in plan
