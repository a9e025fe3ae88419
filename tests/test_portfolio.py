"""`scr portfolio` over real repositories (issue 13): bare clones and work trees, committed data only, no keys,
no gpg, no pydantic; JSON, the tracker's CSV, a self-contained HTML page, and the chair's monthly update.
Fixed dates (--today) throughout.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Ran

TODAY = "2020-09-01"
AGENCIES = """\
agencies:
  - {id: police, name: Testshire Police, sector: police}
  - {id: health, name: Testshire Health Trust, sector: health}
"""
RUNNING = """\
events:
  - {event: referral-received, date: 2020-06-01}
  - {event: case-to-chair, date: 2020-06-01}
  - {event: decision, date: 2020-06-19, outcome: review, reasons: Serious injury}
  - {event: imr-received, date: 2020-08-20, agency: police}
"""
ADOPTED = """\
events:
  - {event: referral-received, date: 2019-06-03}
  - {event: decision, date: 2019-06-20, outcome: review, reasons: Serious injury}
  - {event: adopted, date: 2020-03-02}
  - {event: sent-to-ofsted, date: 2020-03-09}
"""
PLAN = """\
title: Action plan
version: 1
date: 2020-02-03
status: draft
actions:
  - {id: A1, action: Notify children's services within a working day, owner_agency: police, due: 2020-06-30}
  - {id: A2, action: Check every closure for non-attendance, owner_agency: health, due: 2021-03-31}
"""
PROGRESS = """\
progress:
  - {action: A2, date: 2020-08-03, status: on-track, note: Checklist drafted}
"""
PROCEEDINGS = """\
proceedings:
  - id: crown-court-trial
    kind: criminal-trial
    title: Trial of the mother's partner
    listed: 2020-11-02
    holds: [publication]
"""


def _new(scr, root: Path, ref: str, child: str, referral: str, files: dict[str, str],  # type: ignore[no-untyped-def]
         themes: str = "") -> Path:
    assert scr("new", root, "--ref", ref, "--board", "Testshire Partnership", "--child", child,
               "--referral-received", referral).code == 0
    if themes:
        with (root / "review.yaml").open("a") as handle:
            handle.write(f"themes: [{themes}]\n")
    for rel, text in files.items():
        (root / rel).write_text(text)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "the review so far"], cwd=root, check=True)
    return root


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """board/: two reviews as bare clones, one also as a work tree, a repository that is no review, a broken one."""
    from scr_cli.app import main  # the scr fixture is per test: a module's fixture runs main itself

    def scr(*args: object) -> Ran:
        return Ran(main([str(a) for a in args]), "", "")

    base = tmp_path_factory.mktemp("portfolio")
    work = base / "work"
    work.mkdir()
    running = _new(scr, work / "scr-t-21", "SCR-T-21", "Child P", "2020-06-01",
                   {"agencies.yaml": AGENCIES, "log.yaml": RUNNING})
    adopted = _new(scr, work / "scr-t-22", "SCR-T-22", "Child R", "2019-06-03",
                   {"agencies.yaml": AGENCIES, "log.yaml": ADOPTED, "07-action-plan/action-plan.yaml": PLAN,
                    "07-action-plan/progress.yaml": PROGRESS, "proceedings.yaml": PROCEEDINGS}, themes="neglect")
    broken = _new(scr, work / "scr-t-23", "SCR-T-23", "Child S", "2020-06-01", {"log.yaml": "events: [\n"})
    folder = base / "board"
    folder.mkdir()
    for repo in (running, adopted, broken):
        subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(folder / f"{repo.name}.git")], check=True)
    subprocess.run(["git", "init", "-q", str(folder / "minutes")], check=True)
    shutil.copytree(running, folder / "nested" / "scr-t-21-work")  # the same review again, as a work tree
    return folder


def reviews(ran: Ran) -> dict[str, dict[str, object]]:
    return {r["reference"] if r["reference"] != "?" else r["path"].rsplit("/", 1)[-1]: r
            for r in json.loads(ran.out)["reviews"]}


def test_json_holds_each_review_once_from_committed_data(board: Path, scr) -> None:  # type: ignore[no-untyped-def]
    work = board / "nested" / "scr-t-21-work"
    (work / "log.yaml").write_text(RUNNING + "  - {event: imr-received, date: 2020-08-21, agency: health}\n")
    ran = scr("portfolio", board, "--json", "--today", TODAY)
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    got = reviews(ran)
    assert set(got) == {"SCR-T-21", "SCR-T-22", "scr-t-23.git"}  # the work tree and its bare clone: once
    assert data["passed_over"] == 1  # `minutes` is a repository but not a review
    running, adopted = got["SCR-T-21"], got["SCR-T-22"]
    assert running["stage"] == "decision" and running["imrs_outstanding"] == ["health"]  # the edit is not committed
    assert running["decided"] == "2020-06-19" and running["completion_due"] == "2020-12-19"
    assert [c["title"] for c in running["overdue"]][:1]  # the terms of reference were due by 2020-07-17
    assert running["next_milestone"]["date"] >= TODAY
    assert adopted["stage"] == "adoption" and adopted["themes"] == ["neglect"]
    assert [a["title"] for a in adopted["actions_overdue"]] == ["A1 (police)"]
    assert [p["title"] for p in adopted["proceedings_open"]] == ["Trial of the mother's partner"]
    assert "publication held by crown-court-trial" in adopted["publication"]
    assert got["scr-t-23.git"]["error"].startswith("log.yaml:")  # shown, not skipped, and nothing crashed
    assert data["totals"]["unreadable"] == 1


def test_csv_has_the_trackers_fields_one_row_per_review(board: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("portfolio", board, "--csv", "--today", TODAY)
    rows = list(csv.DictReader(io.StringIO(ran.out)))
    assert len(rows) == 3
    by_ref = {r["Reference"]: r for r in rows}
    adopted = by_ref["SCR-T-22"]
    assert adopted["Review type"] == "Serious Case Review" and adopted["Converted"] == "no"
    assert (adopted["Date added"], adopted["Date decided"], adopted["Date adopted"]) == \
        ("2019-06-03", "2019-06-20", "2020-03-02")
    assert adopted["Date published"] == "" and adopted["Themes"] == "neglect" and adopted["Open or closed"] == "open"
    assert adopted["Stage"] == "Adoption" and adopted["Actions overdue"] == "1"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: set[str] = set()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "action", "srcset", "poster")]
        self.ids |= {v or "" for k, v in attrs if k == "id"}


def test_html_is_one_self_contained_file(board: Path, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "dashboard.html"
    ran = scr("portfolio", board, "--html", out, "--today", TODAY)
    assert ran.code == 0, ran.err
    text = out.read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(text)
    assert parser.urls and all(u.startswith("#") and u[1:] in parser.ids for u in parser.urls), parser.urls
    assert not parser.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "url(" not in text and "@import" not in text and "http" not in text.lower().replace("http-equiv", "")
    assert "SCR-T-21" in text and "SCR-T-22" in text and "could not be read" in text


def test_runs_with_no_gpg_no_keys_and_no_pydantic(board: Path, tmp_path: Path) -> None:
    """The business manager has no keys: the portfolio never runs gpg (here it is not even on PATH)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    git = shutil.which("git")
    assert git is not None
    (bin_dir / "git").symlink_to(git)
    code = ("import sys; from scr_cli.app import main; code = main(['portfolio', sys.argv[1], '--json', "
            f"'--today', '{TODAY}']); assert 'pydantic' not in sys.modules and 'openpyxl' not in sys.modules; "
            "sys.exit(code)")
    done = subprocess.run([sys.executable, "-c", code, str(board)], capture_output=True, text=True,
                          env={**os.environ, "PATH": str(bin_dir), "GNUPGHOME": str(tmp_path / "none")})
    assert done.returncode == 0, done.stderr
    assert {r["reference"] for r in json.loads(done.stdout)["reviews"]} >= {"SCR-T-21", "SCR-T-22"}


@pytest.mark.poppler
def test_monthly_update_pdf_has_one_page_per_review(board: Path, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    out = tmp_path / "update.pdf"
    ran = scr("portfolio", board, "--format", "pdf", "--out", out, "--today", TODAY)
    assert ran.code == 0, ran.err
    pages = [p.extract_text() for p in PdfReader(out).pages]
    assert len(pages) == 4  # the cover, the summary, one page for each of the two readable reviews
    assert "monthly update" in pages[0].lower() and "Summary" in pages[1]
    assert "SCR-T-21" in pages[2] and "SCR-T-22" in pages[3] and "SCR-T-22" not in pages[2]
    assert "Planned completion" in pages[2]


def test_monthly_update_docx_breaks_a_page_per_review(board: Path, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    import zipfile

    out = tmp_path / "update.docx"
    assert scr("portfolio", board, "--format", "docx", "--out", out, "--today", TODAY).code == 0
    body = zipfile.ZipFile(out).read("word/document.xml").decode("utf-8")
    assert body.count('w:type="page"') == 2 and "SCR-T-22" in body


def test_a_folder_that_is_not_there(tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("portfolio", tmp_path / "nowhere", "--json")
    assert ran.code == 1 and ran.err.startswith("scr: error: ") and "is not a folder" in ran.err
