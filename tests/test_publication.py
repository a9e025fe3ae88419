"""FOI requests and their 20-working-day clock, Ofsted's evaluation, and the retention of papers (issue 13).

Fixed dates in the past throughout (--today for the commands that take it; `scr log` refuses only dates after
the real day, which these never are), so nothing depends on the day the tests run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Ran, snapshot

TODAY = "2020-06-24"
LOG = """\
events:
  - {event: referral-received, date: 2019-11-01}
  - event: decision
    date: 2019-11-20
    outcome: review
    reasons: Serious injury; agencies did not share what they knew
  - {event: adopted, date: 2020-05-29}
"""


@pytest.fixture
def review(new_review: Path) -> Path:
    (new_review / "log.yaml").write_text(LOG)
    return new_review


def run(scr, *args: str | Path) -> Ran:  # type: ignore[no-untyped-def]
    return scr(*args, "--today", TODAY)


def test_foi_request_clock_runs_20_working_days(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    # received Friday 2020-05-22; Monday 25 May is a bank holiday: the 20th working day is 2020-06-22
    assert run(scr, "foi", "add", "--received", "2020-05-22", "--from", "A journalist", "--request", "The report",
               "-C", review).code == 0
    ran = run(scr, "status", review, "--json")
    clocks = {c["id"]: c for c in json.loads(ran.out)["clocks"]}
    foi = clocks["foi:FOI-1"]
    assert foi["due"] == "2020-06-22" and foi["state"] == "missed" and foi["days_overdue"] == 2
    assert run(scr, "foi", "update", "FOI-1", "--chair-consulted", "2020-05-26", "--consider", "personal-data",
               "--apply", "court-records", "--responded", "2020-06-19", "--outcome", "partly-withheld",
               "-C", review).code == 0
    clocks = {c["id"]: c for c in json.loads(run(scr, "status", review, "--json").out)["clocks"]}
    assert clocks["foi:FOI-1"]["state"] == "met" and clocks["foi:FOI-1"]["met_on"] == "2020-06-19"
    text = (review / "08-publication/foi.yaml").read_text()
    assert "- exemption: personal-data\n        applied: false" in text and "applied: true" in text
    listed = run(scr, "foi", "list", "-C", review)
    assert "FOI-1" in listed.out and "partly-withheld" in listed.out and "s40" in listed.out
    assert "A journalist" not in listed.out  # the requester is personal data: not printed


def test_foi_file_is_sensitive(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    from scr_cli.review.layout import FOI, SENSITIVE, is_sensitive

    assert is_sensitive(FOI, SENSITIVE)
    assert f"/{FOI}" in (review / ".gitignore").read_text().splitlines()
    (review / f"{FOI}.gpg").parent.mkdir(exist_ok=True)
    (review / f"{FOI}.gpg").write_bytes(b"\x85\x01")
    before = snapshot(review)
    ran = run(scr, "foi", "add", "--received", "2020-06-01", "--from", "Someone", "-C", review)
    assert ran.code == 1 and f"{FOI} is locked" in ran.err and "scr unlock" in ran.err
    assert snapshot(review) == before


def test_evaluation_records_grades_and_starts_the_summary_clock(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    ran = run(scr, "evaluation", "record", "--received", "2020-06-10", "--inspector", "HMI Ada Lovegrove",
              "--overall", "good", "--grade", "depth-of-learning=good", "--grade", "review-process=adequate",
              "--issues", "Name every agency consistently", "-C", review)
    assert ran.code == 0, ran.err
    assert "- event: evaluation-letter-received\n    date: 2020-06-10" in (review / "log.yaml").read_text()
    data = json.loads(run(scr, "status", review, "--json").out)
    clocks = {c["id"]: c for c in data["clocks"]}
    assert clocks["summary-to-ofsted"]["due"] == "2020-07-10"
    assert [w["reason"] for w in data["waiting_on"]] == ["evaluation issues"]
    held = scr("log", "summary-published", "--date", "2020-06-20", "--review", review)
    assert held.code == 1 and "08-publication/evaluation.yaml:" in held.err and "waits on the issues" in held.err
    assert run(scr, "evaluation", "addressed", "--date", "2020-06-15", "-C", review).code == 0
    assert scr("log", "summary-published", "--date", "2020-06-20", "--review", review).code == 0


def test_evaluation_refuses_an_unknown_grade(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(review)
    ran = run(scr, "evaluation", "record", "--received", "2020-06-10", "--inspector", "HMI X", "--overall", "superb",
              "-C", review)
    assert ran.code == 1 and "unknown grade 'superb'" in ran.err and "outstanding, good, adequate" in ran.err
    ran = run(scr, "evaluation", "record", "--received", "2020-06-10", "--inspector", "HMI X", "--overall", "good",
              "--grade", "tone=good", "-C", review)
    assert ran.code == 1 and "--grade tone=good is not ELEMENT=GRADE" in ran.err
    assert snapshot(review) == before


def test_retention_dates_and_papers_destroyed_refused_before_them(review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    people = (review / "people.yaml").read_text().replace(
        "people:\n", "people:\n  - {id: business-manager, name: Ravi Oakhollow, roles: [business-manager]}\n", 1)
    (review / "people.yaml").write_text(people)
    data = json.loads(run(scr, "retention", "--json", "-C", review).out)
    items = {i["id"]: i for i in data["items"]}
    assert items["drafts"]["earliest"] == "2020-05-29" and items["drafts"]["state"] == "may be destroyed"
    assert items["papers"]["earliest"] == "2027-05-29" and items["papers"]["state"] == "kept"
    before = snapshot(review)
    early = scr("log", "papers-destroyed", "--date", "2026-05-01", "what=All papers", "by=business-manager",
                "--review", review)
    assert early.code == 1 and early.err.count("\n") == 1
    assert "too early" in early.err and "until 2027-05-29" in early.err
    assert snapshot(review) == before
    ran = scr("log", "drafts-destroyed", "--date", "2020-06-01", "what=Draft overview reports",
              "by=business-manager", "--review", review)
    assert ran.code == 0, ran.err
    data = json.loads(run(scr, "retention", "--json", "-C", review).out)
    assert {i["id"]: i["state"] for i in data["items"]} == {"drafts": "destroyed", "papers": "kept"}


def test_papers_destroyed_before_adoption_is_refused(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    people = (new_review / "people.yaml").read_text().replace(
        "people:\n", "people:\n  - {id: business-manager, name: Ravi Oakhollow, roles: [business-manager]}\n", 1)
    (new_review / "people.yaml").write_text(people)
    ran = scr("log", "drafts-destroyed", "--date", "2026-11-10", "what=Drafts", "by=business-manager",
              "--review", new_review)
    assert ran.code == 1 and "before 'adopted'" in ran.err
