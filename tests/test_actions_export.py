"""`scr actions` for people who live in spreadsheets: a real XLSX (header row, filters, dates as dates) that
LibreOffice opens, CSV, and the table's RAG. Fixed dates (--today) throughout; no keys needed.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

TODAY = "2020-09-01"
AGENCIES = """\
agencies:
  - {id: police, name: Testshire Police, sector: police}
  - {id: health, name: Testshire Health Trust, sector: health}
"""
PEOPLE = "people:\n  - {id: board-chair, name: Zelda Quillfeather, roles: [board-chair]}\n"
PLAN = """\
title: Action plan
version: 1
date: 2020-02-03
status: draft
actions:
  - {id: A1, recommendation: R1, action: Notify children's services within a working day, owner_agency: police,
     owner_officer: Head of Public Protection, due: 2020-06-30, outcome: Every incident is known in time,
     measure: 95% in time, evidence: Monthly report, audit: Dip sample}
  - {id: A2, action: Check every closure for non-attendance, owner_agency: health, due: 2021-03-31}
  - {id: A3, action: Train nursery staff to record bruising, owner_agency: health, due: 2020-09-15}
"""
PROGRESS = """\
progress:
  - {action: A2, date: 2020-08-03, status: on-track, note: Checklist drafted}
  - {action: A3, date: 2020-08-10, status: at-risk, note: Trainer unavailable, new_due: 2020-12-01,
     agreed_by: board-chair}
"""
LIBREOFFICE_CALC = Path("/usr/lib/libreoffice/program/libsclo.so")


@pytest.fixture
def review(new_review: Path) -> Path:
    for rel, text in (("agencies.yaml", AGENCIES), ("people.yaml", PEOPLE), ("07-action-plan/action-plan.yaml", PLAN),
                      ("07-action-plan/progress.yaml", PROGRESS)):
        (new_review / rel).write_text(text)
    return new_review


def test_table_shows_agreed_dates_and_rag(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("actions", "-C", review, "--today", TODAY)
    assert ran.code == 0, ran.err
    rows = {ln.split()[0]: ln for ln in ran.out.splitlines() if ln[:2] in ("A1", "A2", "A3")}
    assert "● red overdue by 63 days" in rows["A1"]
    assert "2020-12-01 (was 2020-09-15)" in rows["A3"] and "● amber at risk" in rows["A3"]
    assert "● green on track" in rows["A2"]
    overdue = scr("actions", "--overdue", "-C", review, "--today", TODAY)
    assert [ln.split()[0] for ln in overdue.out.splitlines() if ln[:2] in ("A1", "A2", "A3")] == ["A1"]


def test_csv_has_every_action_with_its_dates(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("actions", "--format", "csv", "-C", review, "--today", TODAY)
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(ran.out))}
    assert list(rows) == ["A1", "A2", "A3"]
    assert rows["A1"]["Intended outcome"] == "Every incident is known in time"
    assert (rows["A3"]["Due (plan)"], rows["A3"]["Due (agreed)"], rows["A3"]["Agreed by"]) == \
        ("2020-09-15", "2020-12-01", "board-chair")


def _xlsx(review: Path, scr, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path / "actions.xlsx"
    ran = scr("actions", "--format", "xlsx", "--out", out, "-C", review, "--today", TODAY)
    assert ran.code == 0 and "3 actions" in ran.out, ran.err
    return out


def test_xlsx_is_a_real_workbook(review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    sheet = load_workbook(_xlsx(review, scr, tmp_path)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["ID", "Recommendation", "Action"] and all(c.font.bold for c in sheet[1])
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}4"
    assert sheet.freeze_panes == "B2"
    due = sheet.cell(4, header.index("Due (agreed)") + 1)
    assert due.value == datetime(2020, 12, 1) and due.number_format == "yyyy-mm-dd"


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or not LIBREOFFICE_CALC.exists(),
                    reason="LibreOffice Calc not installed")
def test_libreoffice_opens_the_xlsx_with_every_action_and_date(review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = _xlsx(review, scr, tmp_path)
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
                           "--convert-to", "csv", "--outdir", str(tmp_path / "lo"), str(book)],
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO((tmp_path / "lo/actions.csv").read_text()))}
    assert list(rows) == ["A1", "A2", "A3"]
    assert (rows["A1"]["Due (plan)"], rows["A1"]["Due (agreed)"]) == ("2020-06-30", "2020-06-30")
    assert (rows["A3"]["Due (plan)"], rows["A3"]["Due (agreed)"], rows["A3"]["Last update"]) == \
        ("2020-09-15", "2020-12-01", "2020-08-10")
    assert rows["A2"]["Due (agreed)"] == "2021-03-31" and rows["A2"]["Status"] == "on-track"


def test_status_and_actions_table_do_not_load_openpyxl(review: Path) -> None:
    import sys

    code = ("import sys; from scr_cli.app import main; assert main(['status', sys.argv[1], '--today', sys.argv[2]]) "
            "== 0; assert main(['actions', '-C', sys.argv[1], '--today', sys.argv[2]]) == 0; "
            "assert 'openpyxl' not in sys.modules, 'openpyxl loaded'")
    done = subprocess.run([sys.executable, "-c", code, str(review), TODAY], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
