"""scr log: appends one dated event to log.yaml, keeping the user's comments, order and layout; never commits."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from tests.conftest import git, snapshot

HAND_WRITTEN = """\
# yaml-language-server: $schema=.scr/schemas/log.schema.json
# My own notes at the top.
events:
  - event: referral-received   # came by email
    date: 2026-11-02
    note: "Referral: from the designated doctor"
  # the panel met quickly
  - {event: panel-convened, date: 2026-11-05}
  - event: decision
    date: 2026-11-20
    outcome: review
    reasons: >-
      Criteria met; agencies worked together poorly
"""


def events(root: Path) -> list[dict[str, object]]:
    return yaml.safe_load((root / "log.yaml").read_text(encoding="utf-8"))["events"]


def test_appends_after_the_users_entries_byte_for_byte(new_review: Path, scr) -> None:
    (new_review / "log.yaml").write_text(HAND_WRITTEN, encoding="utf-8")
    ran = scr("log", "extension-agreed", "--date", "2026-11-25", "new_date=2027-06-30", "reason=Trial: in spring",
              "--note", "Agreed at board: see minutes", "--review", new_review)
    assert ran.code == 0, ran.err
    assert "Logged extension-agreed on 2026-11-25" in ran.out and "not committed" in ran.out
    text = (new_review / "log.yaml").read_text(encoding="utf-8")
    assert text.startswith(HAND_WRITTEN)  # comments, flow style, block scalar and order untouched
    for comment in ("# My own notes at the top.", "# came by email", "# the panel met quickly"):
        assert comment in text
    last = events(new_review)[-1]
    assert last == {"event": "extension-agreed", "date": date(2026, 11, 25), "note": "Agreed at board: see minutes",
                    "new_date": date(2027, 6, 30), "reason": "Trial: in spring"}
    assert [e["event"] for e in events(new_review)] == ["referral-received", "panel-convened", "decision",
                                                         "extension-agreed"]


def test_second_append_keeps_the_first(new_review: Path, scr) -> None:
    assert scr("log", "agencies-notified", "--date", "2026-11-03", "--review", new_review).code == 0
    after_first = (new_review / "log.yaml").read_text(encoding="utf-8")
    assert scr("log", "panel-convened", "--date", "2026-11-05", "--review", new_review).code == 0
    assert (new_review / "log.yaml").read_text(encoding="utf-8").startswith(after_first)
    assert [e["event"] for e in events(new_review)] == ["referral-received", "agencies-notified", "panel-convened"]


def test_template_log_becomes_block_style_and_keeps_its_header(new_review: Path, scr) -> None:
    header = (new_review / "log.yaml").read_text(encoding="utf-8").split("events:")[0]
    assert scr("log", "ofsted-notified", "--date", "2026-11-04", "--review", new_review).code == 0
    text = (new_review / "log.yaml").read_text(encoding="utf-8")
    assert text.startswith(header)
    assert "  - event: ofsted-notified\n    date: 2026-11-04\n" in text


def test_does_not_commit_and_leaves_no_temp_files(new_review: Path, scr) -> None:
    head = git(new_review, "rev-parse", "HEAD")
    assert scr("log", "agencies-notified", "--date", "2026-11-03", "--review", new_review).code == 0
    assert git(new_review, "rev-parse", "HEAD") == head
    assert git(new_review, "status", "--porcelain").strip() == "M log.yaml"
    assert not [p for p in new_review.iterdir() if p.name.endswith(".tmp")]


def test_works_from_a_subfolder_of_the_review(new_review: Path, scr, monkeypatch) -> None:
    monkeypatch.chdir(new_review / "03-scoping")
    assert scr("log", "panel-convened", "--date", "2026-11-05").code == 0
    assert events(new_review)[-1]["event"] == "panel-convened"


def test_decision_fields_are_recorded(new_review: Path, scr) -> None:
    ran = scr("log", "decision", "--date", "2026-11-20", "outcome=review", "reasons=Criteria met",
              "--review", new_review)
    assert ran.code == 0, ran.err
    assert events(new_review)[-1] == {"event": "decision", "date": date(2026, 11, 20), "outcome": "review",
                                      "reasons": "Criteria met"}
    assert scr("check", new_review).code == 0


@pytest.mark.parametrize(
    ("args", "says", "fix"),
    [
        (["pannel-convened", "--date", "2026-11-05"], "unknown event 'pannel-convened'",
         "did you mean 'panel-convened'?"),
        (["panel-convened", "--date", "2026-11-05", "colour=red"], "'panel-convened' has no field 'colour'",
         "fields it takes"),
        (["chair-appointed", "--date", "2026-11-05", "person=nobody"], "no person 'nobody'", "correct the id"),
        (["imr-received", "--date", "2026-11-05", "agency=nowhere"], "no agency 'nowhere'", "correct the id"),
        (["extension-agreed", "--date", "2026-11-05", "new_date=30/06/2027", "reason=r"],
         "'30/06/2027' is not an ISO date", "2027-06-30"),
        (["panel-convened", "--date", "2026-02-30"], "is not a real date", "check the day"),
        (["panel-convened", "--date", "2999-01-04"], "in the future", "when they have happened"),
        (["panel-convened", "--date", "2026-11-05", "date=2026-11-06"], "'date' is set by the command itself",
         "--date"),
        (["panel-convened"], "--date is required", "--date 20"),
        ([], "which event?", "scr log --list"),
    ],
)
def test_refused_before_anything_is_written(new_review: Path, scr, args: list[str], says: str,
                                           fix: str) -> None:
    before = snapshot(new_review)
    ran = scr("log", *args, "--review", new_review)
    assert ran.code == 1
    assert ran.err.startswith("scr: error: ") and says in ran.err and fix in ran.err.split(" — ", 1)[1], ran.err
    assert "Traceback" not in ran.err
    assert snapshot(new_review) == before


def test_an_event_out_of_the_expected_order_is_recorded_with_a_warning(new_review: Path, scr) -> None:
    """A log is a record of facts: what happened is recorded, and the rule it departs from is named."""
    ran = scr("log", "decision", "--date", "2026-10-01", "outcome=review", "reasons=r", "--review", new_review)
    assert ran.code == 0, ran.err
    assert "Logged decision on 2026-10-01" in ran.out
    assert ran.err.startswith("scr: warning: 'decision' (2026-10-01) is dated before 'referral-received' (2026-11-02)")
    assert "procedure 1.5" in ran.err and "error" not in ran.err
    assert events(new_review)[-1]["event"] == "decision"
    checked = scr("check", new_review, "--today", "2026-11-29")
    assert checked.code == 0, checked.out
    assert "log.yaml:7:5: warning: 'decision' (2026-10-01) is dated before 'referral-received'" in checked.out


def test_show_lists_what_is_logged_in_date_order(new_review: Path, scr) -> None:
    assert scr("log", "panel-convened", "--date", "2026-11-05", "-C", new_review).code == 0
    assert scr("log", "agencies-notified", "--date", "2026-11-03", "--note", "Letter sent", "-C", new_review).code == 0
    assert scr("log", "decision", "--date", "2026-11-20", "outcome=review", "reasons=Criteria met",
               "-C", new_review).code == 0
    ran = scr("log", "--show", "-C", new_review)
    assert ran.code == 0, ran.err
    rows = [ln.split()[:2] for ln in ran.out.splitlines()[2:] if ln.strip()]
    assert rows == [["2026-11-02", "referral-received"], ["2026-11-03", "agencies-notified"],
                    ["2026-11-05", "panel-convened"], ["2026-11-20", "decision"]]
    assert "note=Letter sent" in ran.out and "outcome=review; reasons=Criteria met" in ran.out
    assert "log.yaml:" in ran.out and "\x1b[" not in ran.out
    only = scr("log", "--show", "decision", "-C", new_review)
    assert only.code == 0 and [ln.split()[1] for ln in only.out.splitlines()[2:] if ln.strip()] == ["decision"]
    typo = scr("log", "--show", "decison", "-C", new_review)
    assert typo.code == 1 and "did you mean 'decision'?" in typo.err


def test_list_shows_every_event_with_its_fields(scr, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)  # outside any review: the default regime
    ran = scr("log", "--list")
    assert ran.code == 0
    assert "Events of Serious Case Review" in ran.out
    lines = {line.split()[0]: line for line in ran.out.splitlines()[1:] if line.strip()}
    for event in ("incident-known", "referral-received", "decision", "extension-agreed", "monthly-update",
                  "adopted", "papers-destroyed"):
        assert event in lines, event
    assert "outcome=review|no-review" in lines["decision"] and "reasons=text" in lines["decision"]
    assert "new_date=date" in lines["extension-agreed"]
    assert "\x1b[" not in ran.out


def test_list_inside_a_review(new_review: Path, scr) -> None:
    ran = scr("log", "--list", "--review", new_review)
    assert ran.code == 0 and "decision" in ran.out


def test_windows_line_endings_and_bom_are_kept(new_review: Path, scr) -> None:
    original = b"\xef\xbb\xbf" + HAND_WRITTEN.replace("\n", "\r\n").encode("utf-8")
    (new_review / "log.yaml").write_bytes(original)
    assert scr("log", "decision-notified", "--date", "2026-11-24", "--review", new_review).code == 0
    after = (new_review / "log.yaml").read_bytes()
    assert after.startswith(original)
    assert after[len(original):] == b"  - event: decision-notified\r\n    date: 2026-11-24\r\n"
