"""Standard headings, empty sections and placeholders (regime data), each reported by `scr check` at file:line.

The documents are built from the regime's own heading lists, so a case names only what it breaks; the line
each case expects is the line of a marker in the text it wrote. A draft's missing headings and placeholders
are warnings and its empty sections are not reported; a final document's are errors, and the hook refuses
to make such a document final.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scr_cli.store import loader

REGIME = loader.load_regime("scr-2015")
HEADINGS = {d.id: d.headings for d in REGIME.documents}
PATHS = {"imr": "05-imr/school/imr.md", "scoping": "03-scoping/scoping.md",
         "executive-summary": "06-overview/executive-summary.md"}
FRONT = {"imr": "agency: school\nauthor: imr-school\n", "scoping": "", "executive-summary": ""}
IMR_GUIDANCE = ("The agency, the author (with a statement of independence from the case), and the terms of "
                "reference.")
SCOPING_GUIDANCE = "Ethnicity, culture, language, religion, disability and the effect of poverty."
SUMMARY_GUIDANCE = "The action plan is included in full when the summary is built."


def filled(kind: str, status: str) -> str:
    body = "".join(f"# {h}\n\nWhat the review found under {h.lower()}, in the author's words.\n\n"
                   for h in HEADINGS[kind])
    return f"---\ntitle: {kind}\nversion: 1\ndate: 2026-11-10\nstatus: {status}\n{FRONT[kind]}---\n\n{body}"


def section(heading: str, text: str) -> Callable[[str], str]:
    """Replace what is written under `heading` with `text`."""
    def edit(doc: str) -> str:
        pattern = rf"(# {re.escape(heading)}\n)\nWhat the review found[^\n]*\n"
        new, n = re.subn(pattern, lambda m: m.group(1) + text, doc, count=1)
        assert n == 1, heading
        return new
    return edit


def swap(old: str, new: str) -> Callable[[str], str]:
    def edit(doc: str) -> str:
        assert old in doc, old
        return doc.replace(old, new, 1)
    return edit


def drop(heading: str) -> Callable[[str], str]:
    """Take out the heading and its section."""
    return lambda doc: re.sub(rf"# {re.escape(heading)}\n\n[^\n]*\n\n", "", doc, count=1)


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    status: str
    edit: Callable[[str], str]
    needle: str  # in the message; "" = no section issue at all
    marker: str = ""  # the text on the expected line ("<end>": the last line)


CASES = [
    # --- IMR (Appendix 6) ---
    Case("imr-missing", "imr", "final", drop("Methodology"), "error: the standard heading 'Methodology' is missing",
         "# The agency's involvement"),
    Case("imr-renamed", "imr", "final", swap("# Methodology", "# Methods"),
         "error: heading 'Methods' stands where the standard heading 'Methodology' belongs", "# Methods"),
    Case("imr-empty", "imr", "final", section("Conclusions", ""), "error: section 'Conclusions' is empty: nothing",
         "# Conclusions"),
    Case("imr-guidance-left", "imr", "final", section("Introduction", f"\n{IMR_GUIDANCE}\n\n"),
         "section 'Introduction' is empty: only the template's guidance", "# Introduction"),
    Case("imr-only-comment", "imr", "final", section("Methodology", "\n<!-- to do -->\n\n"),
         "section 'Methodology' is empty", "# Methodology"),
    Case("imr-author-placeholder", "imr", "final", swap("author: imr-school", "author: person-id"),
         "error: the template's placeholder 'person-id' is still in the front matter", "author: person-id"),
    Case("imr-agency-placeholder", "imr", "final", swap("agency: school", "agency: agency-id"),
         "placeholder 'agency-id' is still in the front matter", "agency: agency-id"),
    Case("imr-placeholder-in-text", "imr", "final", section("Methodology", "\nStaff seen: PERSON-ID.\n\n"),
         "placeholder 'PERSON-ID' is still in the text", "Staff seen: PERSON-ID."),
    Case("imr-draft-missing-warns", "imr", "draft", drop("Conclusions"),
         "warning: the standard heading 'Conclusions' is missing", "# Recommendations and action plan"),
    Case("imr-draft-placeholder-warns", "imr", "draft", swap("author: imr-school", "author: person-id"),
         "warning: the template's placeholder 'person-id'", "author: person-id"),
    Case("imr-draft-empty-is-work-to-do", "imr", "draft", section("Conclusions", ""), ""),
    Case("imr-heading-in-code-fence", "imr", "final", swap("# Conclusions\n", "```\n# Conclusions\n```\n"),
         "the standard heading 'Conclusions' is missing", "# Recommendations and action plan"),
    Case("imr-placeholder-in-comment-ignored", "imr", "final",
         section("Methodology", "\nRecords read.\n<!-- person-id -->\n\n"), ""),
    Case("imr-heading-case-and-colon", "imr", "final", swap("# Conclusions", "# conclusions:"), ""),
    Case("imr-subsections-are-content", "imr", "final",
         section("Analysis of involvement", "\n## Health visiting\n\nThe visits were missed.\n\n"), ""),
    Case("imr-last-heading-missing", "imr", "final", drop("Recommendations and action plan"),
         "the standard heading 'Recommendations and action plan' is missing", "<end>"),
    Case("imr-clean", "imr", "final", lambda d: d, ""),
    # --- scoping (the matters of section 2) ---
    Case("scoping-missing", "scoping", "final", drop("Immigration status"),
         "error: the standard heading 'Immigration status' is missing", "# Contributors"),
    Case("scoping-renamed", "scoping", "final", swap("# Timetable", "# Timescales"),
         "heading 'Timescales' stands where the standard heading 'Timetable' belongs", "# Timescales"),
    Case("scoping-last-empty", "scoping", "final", section("Media and public interest", ""),
         "section 'Media and public interest' is empty", "# Media and public interest"),
    Case("scoping-guidance-left", "scoping", "final", section("Diversity and equality", f"\n{SCOPING_GUIDANCE}\n\n"),
         "section 'Diversity and equality' is empty: only the template's guidance", "# Diversity and equality"),
    Case("scoping-draft-missing-warns", "scoping", "draft", drop("Timetable"),
         "warning: the standard heading 'Timetable' is missing", "# Period under review"),
    Case("scoping-placeholder", "scoping", "final", section("Contributors", "\nAGENCY-ID to send its records.\n\n"),
         "placeholder 'AGENCY-ID' is still in the text", "AGENCY-ID to send"),
    Case("scoping-clean", "scoping", "final", lambda d: d, ""),
    # --- executive summary (13.2) ---
    Case("summary-missing", "executive-summary", "final", drop("Key issues"),
         "error: the standard heading 'Key issues' is missing", "# Actions, including those already completed"),
    Case("summary-renamed", "executive-summary", "final",
         swap("# Circumstances that led to the review", "# Background"),
         "heading 'Background' stands where the standard heading 'Circumstances that led to the review'",
         "# Background"),
    Case("summary-empty", "executive-summary", "final", section("Purpose and scope of the review", ""),
         "section 'Purpose and scope of the review' is empty", "# Purpose and scope of the review"),
    Case("summary-guidance-left", "executive-summary", "final",
         section("Actions, including those already completed", f"\n{SUMMARY_GUIDANCE}\n\n"),
         "only the template's guidance", "# Actions, including those already completed"),
    Case("summary-draft-renamed-warns", "executive-summary", "draft", swap("# Key issues", "# Findings"),
         "warning: heading 'Findings' stands where the standard heading 'Key issues' belongs", "# Findings"),
    Case("summary-clean", "executive-summary", "final", lambda d: d, ""),
]
SECTION_CODES = ("standard heading", "stands where", "is empty", "placeholder")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scr_cli.app import main

    root = tmp_path_factory.mktemp("std") / "rev"
    assert main(["new", str(root), "--ref", "SCR-T-02", "--board", "Testshire Safeguarding Partnership",
                 "--child", "Child Q", "--referral-received", "2026-11-02"]) == 0
    assert main(["agency", "add", "school", "--name", "Testshire School", "--sector", "education",
                 "-C", str(root)]) == 0
    assert main(["person", "add", "imr-school", "--name", "Cy Example", "--role", "imr-author", "--agency",
                 "school", "-C", str(root)]) == 0
    return root


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 25
    assert {c.kind for c in CASES} == set(PATHS)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_check_reports_each_at_its_line(base: Path, scr, case: Case) -> None:  # type: ignore[no-untyped-def]
    rel = PATHS[case.kind]
    file = base / rel
    original = file.read_bytes() if file.exists() else None
    text = case.edit(filled(case.kind, case.status))
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text)
    try:
        out = scr("check", "--today", "2026-11-20", "-C", base).out
    finally:
        if original is None:
            file.unlink()
        else:
            file.write_bytes(original)
    mine = [ln for ln in out.splitlines() if ln.startswith(f"{rel}:") and any(c in ln for c in SECTION_CODES)]
    if not case.needle:
        assert mine == []
        return
    lines = text.split("\n")
    line = (len(text.rstrip("\n").split("\n")) if case.marker == "<end>"
            else next(i for i, ln in enumerate(lines, 1) if case.marker in ln))
    hits = [ln for ln in mine if case.needle in ln]
    assert hits, mine
    assert hits[0].startswith(f"{rel}:{line}:"), (hits[0], line)


def test_fresh_review_has_no_section_errors(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    out = scr("check", "--today", "2026-11-20", "-C", new_review).out
    assert not [ln for ln in out.splitlines() if any(c in ln for c in SECTION_CODES)], out


def test_the_hook_refuses_a_final_document_with_an_empty_section(new_review: Path) -> None:
    root = new_review
    scoping = root / "03-scoping/scoping.md"
    scoping.write_text(scoping.read_text().replace("status: draft", "status: final"))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout
    done = subprocess.run(["git", "commit", "-qam", "scoping final"], cwd=root, capture_output=True, text=True)
    assert done.returncode != 0
    line = next(i for i, ln in enumerate(scoping.read_text().split("\n"), 1) if ln == "# Key issues to learn from")
    assert f"03-scoping/scoping.md:{line}: cannot be final: section 'Key issues to learn from' is empty" in done.stderr
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout == head
