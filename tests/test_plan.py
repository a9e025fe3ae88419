"""plan.yaml and `scr plan`: planned dates start the clocks that count back from them, status sets planned dates
beside what the rules allow and what happened, and deadlines on days off are shown (or rolled) as the regime says."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import snapshot

TODAY = "2026-11-30"  # a Monday


def status(scr: Any, root: Path, today: str = TODAY) -> dict[str, Any]:
    ran = scr("status", root, "--json", "--today", today)
    assert ran.code == 0, ran.err
    data: dict[str, Any] = json.loads(ran.out)
    return data


def clock(data: dict[str, Any], clock_id: str) -> dict[str, Any]:
    return next(c for c in data["clocks"] if c["id"] == clock_id)


def milestone(data: dict[str, Any], key: str) -> dict[str, Any]:
    return next(m for m in data["milestones"] if m["key"] == key)


@pytest.fixture
def decided(new_review: Path, scr: Any) -> Path:
    """scr-2015: referral 2026-11-02, a decision to hold a review on 2026-11-20."""
    ran = scr("log", "decision", "--date", "2026-11-20", "outcome=review", "reasons=criteria met", "--review",
              new_review)
    assert ran.code == 0, ran.err
    return new_review


def test_a_planned_presentation_four_weeks_ahead_starts_the_imr_circulation_clock_today(decided: Path,
                                                                                       scr: Any) -> None:
    assert clock(status(scr, decided), "imr-circulation")["state"] == "not-started"
    day = (date.fromisoformat(TODAY) + timedelta(weeks=4)).isoformat()
    ran = scr("plan", "presentation-meeting", "--date", day, "--note", "Council chamber", "-C", decided,
              "--today", TODAY)
    assert ran.code == 0, ran.err
    assert f"Planned presentation-meeting for {day}" in ran.out
    data = status(scr, decided)
    imr = clock(data, "imr-circulation")
    assert (imr["state"], imr["start"], imr["due"], imr["anchor_planned"]) == ("running", day, "2026-12-14", True)
    assert imr["working_days_left"] == 10
    assert "imr-circulation" in data["next_due"]
    row = milestone(data, "imr-circulation")
    assert (row["due"], row["planned"], row["actual"], row["projected"]) == ("2026-12-14", None, None, True)
    assert milestone(data, "presentation-meeting")["planned"] == day
    text = scr("status", decided, "--today", TODAY).out
    assert f"2026-12-14 (from the plan: {day})" in text and "Milestones" in text


def test_the_meeting_held_takes_over_from_its_plan(decided: Path, scr: Any) -> None:
    assert scr("plan", "presentation-meeting", "--date", "2026-12-28", "-C", decided, "--today", TODAY).code == 0
    assert scr("log", "imr-circulated", "--date", "2026-11-30", "--review", decided).code == 0
    assert scr("log", "presentation-meeting", "--date", "2026-11-30", "--review", decided).code == 0
    imr = clock(status(scr, decided), "imr-circulation")
    assert (imr["start"], imr["due"], imr["anchor_planned"], imr["state"]) == ("2026-11-30", "2026-11-16", False,
                                                                               "met")


def test_a_planned_publication_starts_the_seven_working_day_clock_to_the_national_panel(tmp_path: Path,
                                                                                      scr: Any) -> None:
    root = tmp_path / "rr"
    assert scr("new", root, "--ref", "RR-T-03", "--board", "Testshire", "--child", "Child Q", "--opened",
               "2026-06-01", "--regime", "cspr-2018").code == 0
    assert scr("log", "lcspr-decision", "--date", "2026-06-26", "outcome=lcspr", "reasons=r", "--review",
               root).code == 0
    assert clock(status(scr, root), "report-to-national-panel")["state"] == "not-started"
    assert scr("plan", "report-published", "--date", "2027-01-06", "-C", root, "--today", TODAY).code == 0
    data = status(scr, root)
    sent = clock(data, "report-to-national-panel")
    # seven working days back from Wed 6 January 2027 skip New Year's Day and the Christmas holidays (27, 28 Dec)
    assert (sent["state"], sent["due"], sent["anchor_planned"]) == ("running", "2026-12-23", True)
    completion = milestone(data, "lcspr-completion")
    assert (completion["due"], completion["planned"], completion["late_plan"]) == ("2026-12-24", "2027-01-06", True)
    text = scr("status", root, "--today", TODAY).out
    assert "plan is 13 days later than the rules allow" in text
    check = scr("check", root, "--today", TODAY)
    assert "plan.yaml:" in check.out and "after 2026-12-24, the latest date the rules allow" in check.out


def test_a_start_that_is_only_planned_projects_the_due_date_and_flags_a_late_plan(new_review: Path,
                                                                                 scr: Any) -> None:
    for event, day in (("decision", "2026-12-04"), ("adopted", "2027-07-01")):
        assert scr("plan", event, "--date", day, "-C", new_review, "--today", TODAY).code == 0
    row = milestone(status(scr, new_review), "completion")
    assert (row["due"], row["planned"], row["projected"], row["late_plan"]) == ("2027-06-04", "2027-07-01", True,
                                                                               True)


def test_moving_a_plan_keeps_the_earlier_date_in_its_history(decided: Path, scr: Any) -> None:
    plan = decided / "plan.yaml"
    assert scr("plan", "presentation-meeting", "--date", "2027-01-12", "-C", decided, "--today", TODAY).code == 0
    ran = scr("plan", "presentation-meeting", "--date", "2027-01-19", "-C", decided, "--today", "2026-12-01")
    assert ran.code == 0 and "moved from 2027-01-12" in ran.out
    text = plan.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.scr/schemas/plan.schema.json")  # comments kept
    entries = yaml.safe_load(text)["plan"]
    assert entries == [{"event": "presentation-meeting", "date": date(2027, 1, 19),
                        "history": [{"date": date(2027, 1, 12), "changed_on": date(2026, 12, 1)}]}]
    again = scr("plan", "presentation-meeting", "--date", "2027-01-19", "-C", decided, "--today", "2026-12-01")
    assert again.code == 0 and "moved" not in again.out
    assert len(yaml.safe_load(plan.read_text(encoding="utf-8"))["plan"][0]["history"]) == 1


def test_each_agency_has_its_own_imr_date(decided: Path, scr: Any) -> None:
    (decided / "agencies.yaml").write_text(
        "agencies:\n  - {id: police, name: Testshire Police, sector: police}\n"
        "  - {id: school, name: Quill Lane Primary, sector: education}\n", encoding="utf-8")
    for agency, day in (("police", "2027-01-08"), ("school", "2027-01-15")):
        ran = scr("plan", "imr-received", "--agency", agency, "--date", day, "-C", decided, "--today", TODAY)
        assert ran.code == 0, ran.err
    assert scr("log", "imr-received", "--date", "2026-11-30", "agency=police", "--review", decided).code == 0
    data = status(scr, decided)
    assert milestone(data, "imr-received:police")["actual"] == "2026-11-30"
    assert milestone(data, "imr-received:school")["actual"] is None


def test_a_review_made_before_plans_existed_gets_its_plan_file(decided: Path, scr: Any) -> None:
    (decided / "plan.yaml").unlink()
    assert status(scr, decided)["milestones"] is not None
    assert scr("plan", "adopted", "--date", "2027-04-01", "-C", decided, "--today", TODAY).code == 0
    assert yaml.safe_load((decided / "plan.yaml").read_text(encoding="utf-8"))["plan"][0]["event"] == "adopted"


def test_scr_plan_alone_shows_the_milestones_and_changes_nothing(decided: Path, scr: Any) -> None:
    assert scr("plan", "adopted", "--date", "2027-04-01", "-C", decided, "--today", TODAY).code == 0
    before = {k: v for k, v in snapshot(decided).items() if ".git/scr/" not in k}
    ran = scr("plan", "-C", decided, "--today", TODAY)
    assert ran.code == 0 and "Milestones" in ran.out and "2027-04-01" in ran.out
    assert {k: v for k, v in snapshot(decided).items() if ".git/scr/" not in k} == before


def test_a_passed_plan_with_nothing_logged_is_a_warning(decided: Path, scr: Any) -> None:
    assert scr("plan", "presentation-meeting", "--date", "2026-12-10", "-C", decided, "--today", TODAY).code == 0
    check = scr("check", decided, "--today", "2026-12-15")
    line = next(ln for ln in check.out.splitlines() if "was planned for 2026-12-10" in ln)
    assert line.startswith("plan.yaml:10:5: warning:")  # the entry, under the comments and `plan:`


# --- deadlines on days off: shown, and rolled only as the regime says ---

WEEK = """\
# yaml-language-server: $schema=schemas/regime-variant.schema.json
extends: scr-2015
clocks:
  - id: panel-convened
    due: {weeks: 1}
    roll: ROLL
    source: "Testshire procedure 1.5 (a deadline on a weekend moves)"
"""


@pytest.mark.parametrize(("roll", "due", "falls_on"), [(None, "2026-11-14", "Saturday"),
                                                      ("forward", "2026-11-16", ""), ("back", "2026-11-13", "")])
def test_a_week_deadline_on_a_saturday_is_shown_or_rolled(tmp_path: Path, scr: Any, roll: str | None, due: str,
                                                          falls_on: str) -> None:
    root = tmp_path / "rev"
    assert scr("new", root, "--ref", "SCR-T-09", "--board", "Testshire", "--child", "Child Q",
               "--referral-received", "2026-11-07").code == 0  # a Saturday: one week on is a Saturday too
    if roll:
        (root / ".scr/regime.yaml").write_text(WEEK.replace("ROLL", roll), encoding="utf-8")
    found = clock(status(scr, root, "2026-11-09"), "panel-convened")
    assert (found["due"], found["falls_on"], found["roll"]) == (due, falls_on, roll or "none")
    if not roll:
        assert "2026-11-14 (a Saturday)" in scr("status", root, "--today", "2026-11-09").out
