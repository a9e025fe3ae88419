"""scr imr commission | receive: the folder from the templates, the log, the plan, the checks, scr status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import snapshot

TODAY = "2026-11-20"


@pytest.fixture
def review(new_review: Path, scr) -> Path:  # type: ignore[no-untyped-def]
    root = new_review
    for args in (["agency", "add", "school", "--name", "Testshire School", "--sector", "education"],
                 ["agency", "add", "police", "--name", "Testshire Police", "--sector", "police"],
                 ["person", "add", "imr-school", "--name", "Cy Example", "--role", "imr-author", "--agency", "school"],
                 ["person", "add", "imr-police", "--name", "Di Example", "--role", "imr-author", "--agency", "police"]):
        ran = scr(*args, "-C", root)
        assert ran.code == 0, ran.err
    return root


def test_commission_makes_the_folder_logs_and_plans(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("imr", "commission", "school", "--author", "imr-school", "--due", "2026-12-18", "--today", TODAY,
              "-C", review)
    assert ran.code == 0, ran.err
    imr = (review / "05-imr/school/imr.md").read_text()
    front = imr.split("---\n")[1]
    assert "agency: school\n" in front and "author: imr-school\n" in front and f"date: {TODAY}\n" in front
    assert "agency-id" not in imr and "person-id" not in imr  # no placeholder of the template left
    assert "# Analysis of involvement" in imr
    chronology = (review / "05-imr/school/chronology.yaml").read_text()
    assert "agency: school\nentries: []\n" in chronology and "What happened" not in chronology
    assert (review / "05-imr/school/interviews").is_dir()
    log = (review / "log.yaml").read_text()
    assert f"  - event: imr-commissioned\n    date: {TODAY}\n    agency: school\n" in log
    assert "  - event: imr-received\n    date: 2026-12-18\n    agency: school\n" in (review / "plan.yaml").read_text()
    checked = scr("check", "--today", TODAY, "-C", review)
    assert "05-imr/school" not in checked.out, checked.out
    status = json.loads(scr("status", "--json", "--today", "2026-12-21", "-C", review).out)
    school = next(i for i in status["imrs"] if i["agency"] == "school")
    assert school["due"] == "2026-12-18" and school["received"] is None and school["overdue"] is True
    ran = scr("imr", "receive", "school", "--date", "2026-12-17", "--today", "2026-12-21", "-C", review)
    assert ran.code == 0, ran.err
    assert "  - event: imr-received\n    date: 2026-12-17\n    agency: school\n" in (review / "log.yaml").read_text()
    status = json.loads(scr("status", "--json", "--today", "2026-12-21", "-C", review).out)
    school = next(i for i in status["imrs"] if i["agency"] == "school")
    assert school["received"] == "2026-12-17" and school["overdue"] is False
    plain = scr("status", "--today", "2026-12-21", "-C", review).out
    assert "2026-12-18" in plain and "2026-12-17" in plain


@pytest.mark.parametrize("args,needle", [
    (["nowhere", "--author", "imr-school", "--due", "2026-12-18"], "no agency 'nowhere'"),
    (["school", "--author", "nobody", "--due", "2026-12-18"], "no person 'nobody' in people.yaml"),
    (["police", "--author", "imr-school", "--due", "2026-12-18"], "people.yaml:17:5: imr-school works for 'school'"),
    (["school", "--author", "board-chair", "--due", "2026-12-18"], "does not hold the role 'imr-author'"),
    (["school", "--author", "imr-school", "--due", "2026-11-19"], "is not after today"),
    (["school", "--author", "imr-school", "--due", "2026-13-01"], "--due"),
])
def test_commission_refuses_and_writes_nothing(review: Path, scr, args: list[str],  # type: ignore[no-untyped-def]
                                               needle: str) -> None:
    before = snapshot(review)
    ran = scr("imr", "commission", *args, "--today", TODAY, "-C", review)
    assert ran.code == 1 and needle in ran.err and ran.err.count("\n") == 1, ran.err
    assert snapshot(review) == before


def test_commission_checks_the_author_s_independence(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    people = review / "people.yaml"
    people.write_text(people.read_text().replace("    agency: school\n",
                                                 "    agency: school\n    directly_involved: true\n"))
    before = snapshot(review)
    ran = scr("imr", "commission", "school", "--author", "imr-school", "--due", "2026-12-18", "--today", TODAY,
              "-C", review)
    assert ran.code == 1 and "imr-school is imr-author but is marked directly_involved" in ran.err
    assert ran.err.startswith("scr: error: people.yaml:")
    assert snapshot(review) == before


def test_commission_twice_and_receive_twice_are_refused(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    args = ["imr", "commission", "school", "--author", "imr-school", "--due", "2026-12-18", "--today", TODAY,
            "-C", review]
    assert scr(*args).code == 0
    ran = scr(*args)
    assert ran.code == 1 and "05-imr/school already exists" in ran.err
    assert scr("imr", "receive", "school", "--today", "2026-12-01", "-C", review).code == 0
    before = snapshot(review)
    ran = scr("imr", "receive", "school", "--today", "2026-12-02", "-C", review)
    assert ran.code == 1 and "already received on 2026-12-01" in ran.err and "log.yaml:" in ran.err
    ran = scr("imr", "receive", "police", "--date", "2026-12-09", "--today", "2026-12-02", "-C", review)
    assert ran.code == 1 and "in the future" in ran.err
    assert snapshot(review) == before
