"""The cspr-2018 regime through the real CLI: a rapid review made by `scr new`, its clocks, and the LCSPR after it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import git


@pytest.fixture
def rapid(tmp_path: Path, scr: Any) -> Path:
    """A rapid review: the incident known on Wed 2025-12-17, the national panel notified on Fri 2025-12-19."""
    root = tmp_path / "rr"
    ran = scr("new", root, "--ref", "RR-T-01", "--board", "Testshire Safeguarding Partnership", "--child",
              "Child Q", "--opened", "2025-12-17", "--regime", "cspr-2018")
    assert ran.code == 0, ran.err
    ran = scr("log", "national-panel-notified", "--date", "2025-12-19", "--review", root)
    assert ran.code == 0, ran.err
    return root


def status(scr: Any, root: Path, today: str) -> dict[str, Any]:
    ran = scr("status", root, "--json", "--today", today)
    assert ran.code == 0, ran.err
    data: dict[str, Any] = json.loads(ran.out)
    return data


def clocks(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in data["clocks"]}


def test_the_rapid_review_is_due_on_wednesday_14_january(rapid: Path, scr: Any) -> None:
    """15 working days from Fri 19 December 2025: 25 and 26 December and 1 January are bank holidays."""
    data = status(scr, rapid, "2025-12-22")
    assert data["regime"] == "cspr-2018"
    rr = clocks(data)["rapid-review"]
    assert (rr["start"], rr["due"], rr["state"]) == ("2025-12-19", "2026-01-14", "running")
    assert rr["working_days_left"] == 14 and rr["statutory"] is True
    notify = clocks(data)["national-panel-notification"]
    assert (notify["start"], notify["due"], notify["state"], notify["met_on"]) == (
        "2025-12-17", "2025-12-24", "met", "2025-12-19")
    assert data["stage"]["id"] == "notification"


def test_scr_new_lays_the_rapid_review_papers_and_logs_the_incident(rapid: Path) -> None:
    review = yaml.safe_load((rapid / "review.yaml").read_text(encoding="utf-8"))
    assert review["regime"] == "cspr-2018"
    log = yaml.safe_load((rapid / "log.yaml").read_text(encoding="utf-8"))
    assert log["events"][0] == {"event": "incident-known", "date": date(2025, 12, 17)}
    report = (rapid / "02-decision/rapid-review.md").read_text(encoding="utf-8")
    assert "title: Rapid review report" in report and "date: 2025-12-17" in report
    assert "title: Agency summary" in (rapid / ".scr/templates/agency-summary.md").read_text(encoding="utf-8")
    assert "Serious incident notification" in (rapid / "01-referral/referral.md").read_text(encoding="utf-8")
    tracked = set(git(rapid, "ls-files").split())
    for plain in ("01-referral/referral.md", "02-decision/rapid-review.md", "02-decision/decision.md", "family.yaml"):
        assert plain not in tracked and (rapid / plain).is_file(), f"{plain}: sensitive, never committed in plaintext"
    assert {"plan.yaml", ".scr/templates/agency-summary.md", "review.yaml"} <= tracked


def test_the_new_rapid_review_passes_check(rapid: Path, scr: Any) -> None:
    ran = scr("check", rapid, "--today", "2025-12-22")
    assert ran.code == 0, ran.out
    assert " 0 error(s)" in ran.out


def test_a_decision_for_a_local_review_starts_its_clocks(rapid: Path, scr: Any) -> None:
    for args in (["rapid-review-sent", "--date", "2026-01-09"],
                 ["lcspr-decision", "--date", "2026-01-16", "outcome=lcspr", "reasons=learning on neglect"]):
        ran = scr("log", *args, "--review", rapid)
        assert ran.code == 0, ran.err
    found = clocks(status(scr, rapid, "2026-01-19"))
    assert found["rapid-review"]["state"] == "met" and found["rapid-review"]["early_by_days"] == 5
    assert found["reviewer-appointment"]["due"] == "2026-02-13"
    completion = found["lcspr-completion"]
    assert completion["due"] == "2026-07-16" and completion["statutory"] is False and completion["roll"] == "back"
    assert found["report-to-national-panel"]["state"] == "not-started"


def test_a_decision_against_a_local_review_stops_every_later_clock(rapid: Path, scr: Any) -> None:
    ran = scr("log", "lcspr-decision", "--date", "2026-01-16", "outcome=no-lcspr", "reasons=learning shared",
              "--review", rapid)
    assert ran.code == 0, ran.err
    data = status(scr, rapid, "2026-09-01")
    found = clocks(data)
    for clock_id in ("reviewer-appointment", "lcspr-completion", "report-to-national-panel"):
        assert (found[clock_id]["state"], found[clock_id]["rag"]) == ("not-applicable", "grey"), clock_id
    assert data["stage"]["id"] == "no-lcspr"


def test_log_lists_the_events_of_the_review_s_regime(rapid: Path, scr: Any) -> None:
    ran = scr("log", "--list", "--review", rapid)
    assert ran.code == 0
    assert "rapid-review-sent" in ran.out and "lcspr-decision" in ran.out and "referral-received" not in ran.out


def test_regime_show_lists_each_clock_with_its_source(rapid: Path, scr: Any) -> None:
    ran = scr("regime", "show", "-C", rapid)
    assert ran.code == 0, ran.err
    assert "cspr-2018" in ran.out and "15 working days" in ran.out and "local target" in ran.out
    shipped = scr("regime", "show", "scr-2015", "-C", rapid)
    assert shipped.code == 0 and "IMRs" in shipped.out
