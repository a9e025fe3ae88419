"""scr check: every problem as `file:line:col: severity: what — fix`, sorted by file and line; exit 1 on errors;
never writes."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import snapshot

ISSUE = re.compile(r"^(?P<file>[^:\s]+)(:(?P<line>\d+):(?P<col>\d+))?: (?P<sev>error|warning): .+ — .+$")
SUMMARY = re.compile(r"^check (passed|failed): (\d+) error\(s\), (\d+) warning\(s\) in (\d+) files$")

PEOPLE = """\
people:
  - {id: board-chair, name: Zelda Quillfeather, roles: [board-chair], organisation: Partnership}
  - {id: panel-chair, name: Amos Thistlewood, roles: [panel-chair, board-member], organisation: Independent}
  - {id: panel-csc, name: Orla Pennyworth, roles: [panel-member], agency: csc}
"""
AGENCIES = """\
agencies:
  - {id: csc, name: Testshire Children's Services, sector: social-care}
  - {id: csc, name: Duplicate, sector: health}
"""
LOG = """\
events:
  - {event: referral-received, date: 2026-11-02}
  - {event: decision, date: 2026-10-30, outcome: review, reasons: r}
  - {event: pannel-convened, date: 2026-11-05}
"""


def parse(out: str) -> tuple[list[re.Match[str]], re.Match[str]]:
    lines = out.strip().splitlines()
    summary = SUMMARY.match(lines[-1])
    assert summary, lines[-1]
    found = [ISSUE.match(line) for line in lines[:-1]]
    issues = [m for m in found if m]
    assert len(issues) == len(found), [line for line, m in zip(lines, found, strict=False) if not m]
    return issues, summary


def test_a_new_review_passes_with_warnings_only(new_review: Path, scr) -> None:
    ran = scr("check", new_review)
    assert ran.code == 0, ran.out
    issues, summary = parse(ran.out)
    assert summary.group(1) == "passed" and summary.group(2) == "0"
    assert all(m["sev"] == "warning" for m in issues)
    assert int(summary.group(4)) >= 15


def test_strict_fails_on_warnings(new_review: Path, scr) -> None:
    loose = scr("check", new_review)
    _, summary = parse(loose.out)
    warnings = int(summary.group(3))
    strict = scr("check", new_review, "--strict")
    assert strict.code == (1 if warnings else 0)
    if warnings:
        assert parse(strict.out)[1].group(1) == "failed"


def test_every_problem_is_listed_sorted_by_file_and_line(new_review: Path, scr) -> None:
    (new_review / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (new_review / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (new_review / "log.yaml").write_text(LOG, encoding="utf-8")
    (new_review / "review.yaml").write_text("reference: SCR-T-01\nboard: B\nchild: Child Q\nextra: 1\n",
                                            encoding="utf-8")
    before = snapshot(new_review)
    ran = scr("check", new_review)
    assert ran.code == 1
    assert snapshot(new_review) == before  # check never writes, not even a cache
    issues, summary = parse(ran.out)
    assert summary.group(1) == "failed"
    keys = [(m["file"], int(m["line"] or 0), int(m["col"] or 0)) for m in issues]
    assert keys == sorted(keys)
    text = ran.out
    for expected in ("agencies.yaml:3:5: error: agency id 'csc' is used twice",
                     "log.yaml:3:5: warning: 'decision' (2026-10-30) is dated before 'referral-received'",
                     "log.yaml:4:5: error: unknown event 'pannel-convened' — did you mean 'panel-convened'?",
                     "people.yaml:3:5: error: panel-chair is panel-chair and also board-member",
                     "people.yaml:4:5: error: the panel does not include ",
                     "review.yaml:4:1: error: unknown field 'extra'"):
        assert expected in text, expected
    # the order of events is a warning now (a log records what happened): five errors, and it among the warnings
    assert int(summary.group(2)) == sum(1 for m in issues if m["sev"] == "error") >= 5
    assert int(summary.group(3)) == sum(1 for m in issues if m["sev"] == "warning") >= 1


def test_check_runs_from_a_subfolder(new_review: Path, scr, monkeypatch) -> None:
    monkeypatch.chdir(new_review / "06-overview")
    assert scr("check").code == 0


def test_future_dates_depend_on_today(new_review: Path, scr) -> None:
    with (new_review / "log.yaml").open("a", encoding="utf-8") as log:
        log.write("  - {event: panel-convened, date: 2030-01-07}\n")
    assert scr("check", new_review).code == 1
    assert scr("check", new_review, "--today", "2030-01-08").code == 0


def test_imr_folder_without_agency_and_agency_mismatch(new_review: Path, scr) -> None:
    (new_review / "agencies.yaml").write_text(
        "agencies:\n  - {id: csc, name: Children's Services, sector: social-care}\n", encoding="utf-8")
    folder = new_review / "05-imr" / "csc"
    folder.mkdir()
    (folder / "imr.md").write_text("---\ntitle: IMR\nversion: 1\ndate: 2026-11-05\nstatus: draft\nagency: nhs\n---\n",
                                   encoding="utf-8")
    (new_review / "05-imr" / "stray").mkdir()
    ran = scr("check", new_review)
    assert ran.code == 1
    assert "05-imr/csc/imr.md:1:1: error: agency 'nhs' does not match folder 'csc'" in ran.out
    assert "05-imr/stray: error: IMR folder 'stray' does not match any agency" in ran.out


def test_the_demo_passes(tmp_path: Path, scr) -> None:
    assert scr("demo", tmp_path / "demo", "--today", "2026-11-29").code == 0
    ran = scr("check", tmp_path / "demo", "--today", "2026-11-29")
    assert ran.code == 0, ran.out
    assert parse(ran.out)[1].group(2) == "0"


def test_an_extension_must_move_the_date_later(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    log = new_review / "log.yaml"
    log.write_text(log.read_text() + (
        "  - {event: case-to-chair, date: 2026-11-02}\n"
        "  - {event: decision, date: 2026-11-10, outcome: review, reasons: Serious harm}\n"
        "  - {event: extension-agreed, date: 2026-11-20, new_date: 2026-11-19, reason: Trial}\n"
        "  - {event: extension-agreed, date: 2026-11-21, new_date: 2027-01-10, reason: Trial}\n"
    ))
    ran = scr("check", new_review, "--today", "2026-11-29")
    lines = [ln for ln in ran.out.splitlines() if "extension-date" in ln or "new date" in ln]
    assert any("log.yaml:" in ln and "error: the new date 2026-11-19 is not after the day it was agreed" in ln
               for ln in lines), ran.out
    warning = "warning: the new date 2027-01-10 is not later than the original 2027-05-10"
    assert any(warning in ln for ln in lines), ran.out
    assert ran.code == 1


def test_an_image_or_include_that_does_not_exist_is_an_error_at_its_line(new_review: Path, scr) -> None:
    overview = new_review / "06-overview/overview-report.md"
    lines = overview.read_text(encoding="utf-8").splitlines()
    lines += ["", "![Genogram](genogram.svg)", "", "!include appendices/records.md", ""]
    overview.write_text("\n".join(lines), encoding="utf-8")
    before = snapshot(new_review)
    ran = scr("check", new_review)
    assert ran.code == 1
    issues, _ = parse(ran.out)
    missing = [(m["file"], int(m["line"])) for m in issues if "does not exist" in m.group(0)]
    assert missing == [("06-overview/overview-report.md", len(lines) - 3),
                       ("06-overview/overview-report.md", len(lines) - 1)]
    assert "'06-overview/appendices/records.md', which this document shows or includes" in ran.out
    assert snapshot(new_review) == before
    (new_review / "06-overview/genogram.svg").write_text("<svg/>", encoding="utf-8")
    (new_review / "06-overview/appendices").mkdir()
    (new_review / "06-overview/appendices/records.md").write_text(
        "---\ntitle: Records\nversion: 1\ndate: 2026-11-02\nstatus: draft\n---\nRecords read.\n", encoding="utf-8")
    assert "does not exist" not in scr("check", new_review).out
