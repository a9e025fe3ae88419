"""scr calendar: an RFC 5545 file two independent parsers read, with stable UIDs, a SEQUENCE that rises when a date
moves (remembered in the review, so it survives a clone), reminders before statutory deadlines and no real name."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import ics
import pytest
import yaml

from scr_cli import paths
from scr_cli.app import main
from tests.conftest import git

DEMO_TODAY = "2026-11-29"
RR_TODAY = "2025-12-22"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("caldemo") / "demo-review"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", str(root), "--today", DEMO_TODAY]) == 0
    return root


@pytest.fixture
def rapid(tmp_path: Path, scr: Any) -> Path:
    root = tmp_path / "rr"
    assert scr("new", root, "--ref", "RR-T-04", "--board", "Testshire", "--child", "Child Q", "--opened",
               "2025-12-17", "--regime", "cspr-2018").code == 0
    assert scr("log", "national-panel-notified", "--date", "2025-12-19", "--review", root).code == 0
    assert scr("plan", "rapid-review-meeting", "--date", "2026-01-08", "-C", root, "--today", RR_TODAY).code == 0
    return root


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def write(scr: Any, root: Path, today: str, out: Path | None = None) -> bytes:
    args = ["calendar", root, "--today", today, *(["-o", out] if out else [])]
    ran = scr(*args)
    assert ran.code == 0, ran.err
    return (out or root / "build" / f"{yaml.safe_load((root / 'review.yaml').read_text())['reference']}.ics"
            ).read_bytes()


def test_the_file_parses_with_icalendar_and_with_the_ics_package(rapid: Path, scr: Any) -> None:
    data = write(scr, rapid, RR_TODAY)
    found = events(data)
    assert set(found) == {"RR-T-04-rapid-review@scr", "RR-T-04-partners-notification@scr",
                          "RR-T-04-plan-rapid-review-meeting@scr"}  # the national panel was told: met, not shown
    rr = found["RR-T-04-rapid-review@scr"]
    assert rr.decoded("dtstart") == date(2026, 1, 14) and rr.decoded("dtend") == date(2026, 1, 15)
    assert int(rr["sequence"]) == 0 and "RR-T-04" in str(rr["summary"])
    other = ics.Calendar(data.decode("utf-8"))  # a second parser, written independently of icalendar
    by_uid = {e.uid: e for e in other.events}
    assert set(by_uid) == set(found)
    assert by_uid["RR-T-04-rapid-review@scr"].all_day
    assert by_uid["RR-T-04-rapid-review@scr"].begin.date() == date(2026, 1, 14)
    assert by_uid["RR-T-04-plan-rapid-review-meeting@scr"].begin.date() == date(2026, 1, 8)


def test_a_reminder_fires_the_set_number_of_working_days_before_a_statutory_deadline(rapid: Path, scr: Any) -> None:
    rr = events(write(scr, rapid, RR_TODAY))["RR-T-04-rapid-review@scr"]
    (alarm,) = rr.walk("VALARM")
    start = datetime(2026, 1, 14)
    assert start + alarm.decoded("trigger") == datetime(2026, 1, 12, 9, 0)  # two working days before, 09:00
    config = rapid / ".scr/config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("alarm_working_days: 2", "alarm_working_days: 5"),
                      encoding="utf-8")
    (alarm,) = events(write(scr, rapid, RR_TODAY))["RR-T-04-rapid-review@scr"].walk("VALARM")
    assert start + alarm.decoded("trigger") == datetime(2026, 1, 7, 9, 0)  # Wed 7, Tue 6, Mon 5, Fri 2, Wed 31 ...
    config.write_text(config.read_text(encoding="utf-8").replace("alarm_working_days: 5", "alarm_working_days: 0"),
                      encoding="utf-8")
    assert not list(events(write(scr, rapid, RR_TODAY))["RR-T-04-rapid-review@scr"].walk("VALARM"))


def test_planned_dates_have_no_reminder(rapid: Path, scr: Any) -> None:
    planned = events(write(scr, rapid, RR_TODAY))["RR-T-04-plan-rapid-review-meeting@scr"]
    assert not list(planned.walk("VALARM"))


def test_two_runs_give_the_same_uids_and_the_same_bytes(rapid: Path, scr: Any, tmp_path: Path) -> None:
    first = write(scr, rapid, RR_TODAY, tmp_path / "a.ics")
    second = write(scr, rapid, "2025-12-23", tmp_path / "b.ics")  # another day, nothing moved
    assert set(events(first)) == set(events(second))
    assert first == second


def test_moving_a_planned_date_moves_dtstart_and_raises_sequence_even_in_a_clone(rapid: Path, scr: Any,
                                                                               tmp_path: Path) -> None:
    before = events(write(scr, rapid, RR_TODAY))["RR-T-04-plan-rapid-review-meeting@scr"]
    assert (before.decoded("dtstart"), int(before["sequence"])) == (date(2026, 1, 8), 0)
    git(rapid, "add", "-A")
    git(rapid, "commit", "-q", "-m", "Plan the rapid review meeting; calendar state")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(rapid), str(clone))
    assert scr("plan", "rapid-review-meeting", "--date", "2026-01-12", "-C", clone, "--today", "2025-12-23").code == 0
    moved = events(write(scr, clone, "2025-12-23"))["RR-T-04-plan-rapid-review-meeting@scr"]
    assert (moved.decoded("dtstart"), int(moved["sequence"])) == (date(2026, 1, 12), 1)
    assert moved.decoded("dtstamp").date() == date(2025, 12, 23)
    state = yaml.safe_load((clone / ".scr/calendar.yaml").read_text(encoding="utf-8"))["entries"]
    assert state["RR-T-04-plan-rapid-review-meeting@scr"] == {"date": date(2026, 1, 12), "sequence": 1,
                                                              "stamped": date(2025, 12, 23)}
    unmoved = events(write(scr, clone, "2025-12-23"))["RR-T-04-rapid-review@scr"]
    assert int(unmoved["sequence"]) == 0


def test_an_extension_moves_a_deadline_and_raises_its_sequence(tmp_path: Path, scr: Any) -> None:
    root = tmp_path / "rr"
    assert scr("new", root, "--ref", "RR-T-05", "--board", "T", "--child", "Child Q", "--opened", "2026-01-05",
               "--regime", "cspr-2018").code == 0
    assert scr("log", "lcspr-decision", "--date", "2026-02-02", "outcome=lcspr", "reasons=r", "--review",
               root).code == 0
    first = events(write(scr, root, "2026-03-02"))["RR-T-05-lcspr-completion@scr"]
    assert (first.decoded("dtstart"), int(first["sequence"])) == (date(2026, 7, 31), 0)  # roll back: Sun 2 Aug
    assert not list(first.walk("VALARM")), "a local target has no reminder"
    assert scr("log", "extension-agreed", "--date", "2026-03-02", "new_date=2026-10-30", "reason=trial",
               "--review", root).code == 0
    later = events(write(scr, root, "2026-03-02"))["RR-T-05-lcspr-completion@scr"]
    assert (later.decoded("dtstart"), int(later["sequence"])) == (date(2026, 10, 30), 1)


def test_no_real_name_from_family_yaml_appears_in_the_demo_s_calendar(demo: Path, scr: Any) -> None:
    data = write(scr, demo, DEMO_TODAY)
    found = events(data)
    assert "SCR-DEMO-01-completion@scr" in found and "SCR-DEMO-01-plan-board-presentation@scr" in found
    family = yaml.safe_load((paths.DATA_DIR / "demo" / "family.yaml").read_text(encoding="utf-8"))
    people = yaml.safe_load((paths.DATA_DIR / "demo" / "people.yaml").read_text(encoding="utf-8"))
    names = [n for m in family["members"] for n in m["real_names"]] + [p["name"] for p in people["people"]]
    assert len(names) > 5
    text = icalendar.Calendar.from_ical(data).to_ical().decode("utf-8").replace("\r\n ", "")  # unfolded
    for name in names:
        for part in [name, *name.split()]:
            if len(part) > 3:
                assert part.lower() not in text.lower(), "a real name reached the calendar"
    assert "Child M" not in text  # not even the pseudonym: the reference identifies the review


def test_the_calendar_refuses_a_reference_holding_a_family_name(rapid: Path, scr: Any) -> None:
    (rapid / "family.yaml").write_text(
        "members:\n  - {pseudonym: Child Q, subject: true, real_names: [Poppy Thistlewood]}\n", encoding="utf-8")
    review = rapid / "review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace("reference: RR-T-04", "reference: Thistlewood-01"),
                      encoding="utf-8")
    ran = scr("calendar", rapid, "--today", RR_TODAY)
    assert ran.code == 1 and "the calendar would name family member 'Child Q'" in ran.err
    assert "Poppy" not in ran.err and "Thistlewood" not in ran.err.split("—")[0]
    assert not (rapid / "build").exists() and not (rapid / ".scr/calendar.yaml").exists()


def test_scr_status_does_not_load_icalendar(rapid: Path) -> None:
    code = ("import sys\nfrom scr_cli.app import main\n"
            f"main(['status', {str(rapid)!r}, '--today', {RR_TODAY!r}])\n"
            "print('icalendar' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "False", done.stderr


def test_a_broken_calendar_state_is_one_line_and_changes_nothing(rapid: Path, scr: Any) -> None:
    state = rapid / ".scr/calendar.yaml"
    state.write_text("entries:\n  x@scr: {date: soon, sequence: 0, stamped: 2025-12-22}\n", encoding="utf-8")
    ran = scr("calendar", rapid, "--today", RR_TODAY)
    assert ran.code == 1 and ran.err.startswith("scr: error: .scr/calendar.yaml:2:")
    assert not (rapid / "build" / "RR-T-04.ics").exists()
