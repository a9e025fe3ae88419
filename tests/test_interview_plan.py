"""scr interview plan: the notice logged with the interview's date, the record started, short notice warned."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import snapshot


@pytest.fixture
def review(new_review: Path, scr) -> Path:  # type: ignore[no-untyped-def]
    root = new_review
    for args in (["agency", "add", "school", "--name", "Testshire School", "--sector", "education"],
                 ["person", "add", "imr-school", "--name", "Cy Example", "--role", "imr-author", "--agency", "school"],
                 ["person", "add", "teacher", "--name", "Tia Example", "--role", "interviewee", "--agency", "school"],
                 ["imr", "commission", "school", "--author", "imr-school", "--due", "2027-01-29",
                  "--today", "2026-11-20"]):
        ran = scr(*args, "-C", root)
        assert ran.code == 0, ran.err
    return root


def test_notice_in_time_is_logged_and_the_record_started(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("interview", "plan", "school", "--interviewee", "teacher", "--date", "2026-12-07",
              "--supporter", "union representative", "--today", "2026-11-23", "-C", review)
    assert ran.code == 0, ran.err
    assert "warning" not in ran.err
    assert ("  - event: interview-notice-sent\n    date: 2026-11-23\n    agency: school\n"
            "    interview_date: 2026-12-07\n    interviewee: teacher\n    supporter: union representative\n"
            ) in (review / "log.yaml").read_text()
    record = (review / "05-imr/school/interviews/teacher.md").read_text()
    assert "interviewee: teacher\n" in record and "person-id" not in record
    out = scr("check", "--today", "2026-11-23", "-C", review).out
    assert "notice" not in out and "interviews/teacher.md" not in out, out


def test_short_notice_is_recorded_with_a_warning(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = scr("interview", "plan", "school", "--interviewee", "teacher", "--date", "2026-12-01",
              "--today", "2026-11-23", "-C", review)
    assert ran.code == 0, ran.err
    assert "short notice: notice given 2026-11-23 for 2026-12-01: less than 2 weeks" in ran.err
    assert "give notice by 2026-11-17" in ran.err
    assert "interview_date: 2026-12-01" in (review / "log.yaml").read_text()
    out = scr("check", "--today", "2026-11-23", "-C", review).out
    assert "warning: notice given 2026-11-23 for 2026-12-01" in out


@pytest.mark.parametrize("args,needle", [
    (["school", "--interviewee", "imr-school", "--date", "2026-12-14"], "does not hold the role 'interviewee'"),
    (["school", "--interviewee", "nobody", "--date", "2026-12-14"], "no person 'nobody'"),
    (["police", "--interviewee", "teacher", "--date", "2026-12-14"], "no agency 'police'"),
    (["school", "--interviewee", "teacher", "--date", "2026-11-20"], "is not after today"),
    (["school", "--interviewee", "teacher", "--date", "14/12/2026"], "--date"),
])
def test_bad_input_changes_nothing(review: Path, scr, args: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(review)
    ran = scr("interview", "plan", *args, "--today", "2026-11-23", "-C", review)
    assert ran.code == 1 and needle in ran.err and ran.err.count("\n") == 1, ran.err
    assert snapshot(review) == before


def test_an_agency_without_an_imr_is_refused(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    assert scr("agency", "add", "police", "--name", "Tshire Police", "--sector", "police", "-C", new_review).code == 0
    assert scr("person", "add", "pc", "--name", "Al Example", "--role", "interviewee", "--agency", "police",
               "-C", new_review).code == 0
    ran = scr("interview", "plan", "police", "--interviewee", "pc", "--date", "2026-12-14", "--today", "2026-11-23",
              "-C", new_review)
    assert ran.code == 1 and "the agency's IMR is not commissioned" in ran.err
