"""A review entered after the fact, as it happened: the published 2006–2008 timeline of a real case.

Referral 20 July 2006, decision 15 August 2006, the full review sent to Ofsted 22 November 2007, the
executive summary published (and sent to Ofsted) 7 July 2008, the evaluation letter received 4 September 2008.
The summary went to Ofsted before the letter came: the procedure expects the other order, so the log warns,
naming its section, and records it all the same. Names and the board are fictional; only the dates are real.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml

from scr_cli.review.clocks import add_months

REFERRAL = "2006-07-20"
TODAY = "2009-02-27"
# What a board would have logged, in the order it happened (and the dates the issue gives).
TIMELINE: list[tuple[str, str, tuple[str, ...]]] = [
    ("case-to-chair", "2006-07-20", ()),
    ("agencies-notified", "2006-07-21", ()),
    ("ofsted-notified", "2006-07-26", ()),
    ("panel-convened", "2006-07-27", ()),
    ("decision", "2006-08-15", ("outcome=review", "reasons=Serious injury; agencies did not share concerns")),
    ("decision-notified", "2006-08-22", ()),
    ("chair-appointed", "2006-09-04", ()),
    ("author-appointed", "2006-09-04", ()),
    ("scoping-meeting", "2006-09-07", ()),
    ("terms-of-reference-sent", "2006-09-14", ()),
    ("imr-authors-briefed", "2006-09-28", ()),
    *[("monthly-update", f"{year}-{month:02d}-12", ()) for year, month in
      [(2006, m) for m in range(9, 13)] + [(2007, m) for m in range(1, 11)]],
    ("imr-circulated", "2007-04-02", ()),
    ("presentation-meeting", "2007-04-19", ()),
    ("overview-draft-circulated", "2007-08-20", ()),
    ("board-presentation", "2007-10-11", ()),
    ("adopted", "2007-10-25", ()),
    ("sent-to-ofsted", "2007-11-22", ()),
    ("summary-published", "2008-07-07", ()),
    ("summary-sent-to-ofsted", "2008-07-07", ()),
    ("evaluation-letter-received", "2008-09-04", ()),
]


def test_the_2006_timeline_is_recorded_as_it_happened(tmp_path: Path, scr) -> None:
    root = tmp_path / "scr-2006"
    made = scr("new", root, "--ref", "SCR-2006-01", "--board", "Fictional Safeguarding Children Board",
               "--child", "Child T", "--referral-received", REFERRAL)
    assert made.code == 0, made.err
    warned: dict[str, str] = {}
    for event, day, fields in TIMELINE:
        ran = scr("log", event, "--date", day, *fields, "-C", root)
        assert ran.code == 0, (event, ran.err)  # every event is accepted
        assert "error" not in ran.err
        if ran.err:
            warned[event] = ran.err
    logged = yaml.safe_load((root / "log.yaml").read_text(encoding="utf-8"))["events"]
    assert len(logged) == len(TIMELINE) + 1  # and the referral `scr new` logged

    # logging the letter makes the summary's earlier dates out of order: warnings naming the procedure's section
    assert set(warned) == {"evaluation-letter-received"}
    said = warned["evaluation-letter-received"].splitlines()
    assert len(said) == 2 and all(ln.startswith("scr: warning: ") for ln in said)
    assert "'summary-sent-to-ofsted' (2008-07-07) is dated before 'evaluation-letter-received' (2008-09-04)" \
        in said[1] and "procedure 13.2 expects" in said[1]

    checked = scr("check", "-C", root, "--today", TODAY)
    assert checked.code == 0, checked.out  # warnings only
    lines = checked.out.strip().splitlines()
    assert lines[-1].startswith("check passed: 0 error(s)")
    assert not [ln for ln in lines if ": error: " in ln]
    order = [ln for ln in lines if "is dated before" in ln]
    assert len(order) == 2 and all(": warning: " in ln and "procedure " in ln for ln in order)

    status = scr("status", "-C", root, "--today", TODAY, "--json")
    assert status.code == 0, status.err
    clocks = {c["id"]: c for c in json.loads(status.out)["clocks"]}
    completion = clocks["completion"]
    assert completion["due"] == "2007-02-15"  # six months from the decision
    assert completion["met_on"] == "2007-10-25"
    assert date.fromisoformat(completion["met_on"]) > add_months(date.fromisoformat(completion["due"]), 8)
    assert completion["late_by_days"] == 252
    # the summary reached Ofsted before the letter: Ofsted already held it, so that clock is met, not missed
    assert clocks["summary-to-ofsted"]["state"] == "met"
    shown = scr("status", "-C", root, "--today", TODAY)
    assert "met 2007-10-25, 252 days late" in shown.out


def test_a_future_date_is_still_refused(tmp_path: Path, scr) -> None:
    root = tmp_path / "scr-2006"
    assert scr("new", root, "--ref", "SCR-2006-01", "--board", "B", "--child", "Child T",
               "--referral-received", REFERRAL).code == 0
    ran = scr("log", "adopted", "--date", "2999-01-01", "-C", root)
    assert ran.code == 1 and "in the future" in ran.err
    nonexistent = scr("log", "adopted", "--date", "2007-02-29", "-C", root)
    assert nonexistent.code == 1 and "not a real date" in nonexistent.err
