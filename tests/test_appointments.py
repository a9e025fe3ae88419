"""Appointment records (indemnity, supervision, data protection, contract) of the regime's roles: scr check
warns on a missing or expired one at its line; the schema refuses a malformed one."""

from __future__ import annotations

from pathlib import Path

from scr_cli.review.appointments import appointment_issues
from scr_cli.review.model import Person, Pos, Review, ReviewInfo
from scr_cli.store import loader

REGIME = loader.load_regime("scr-2015")
CHAIR = """  - id: panel-chair
    name: Quentin Example
    roles: [panel-chair]
    organisation: Independent
    appointment:
      indemnity: {expires: 2027-03-31, reference: PI-1}
      supervision: {expires: 2026-10-31}
      contract: {expires: 2027-06-30}
"""


def _review(*people: Person) -> Review:
    return Review("", ReviewInfo("R", "B", "scr-2015", "Child Q", Pos("review.yaml")), people, (), (), (), (), ())


def test_pure_rule_missing_and_expired() -> None:
    from datetime import date

    chair = Person("chair", "Q", ("panel-chair",), Pos("people.yaml", 5, 5),
                   appointment=(("indemnity", date(2027, 1, 1), Pos("people.yaml", 9, 7)),
                                ("supervision", date(2026, 1, 1), Pos("people.yaml", 10, 7)),
                                ("data_protection", date(2027, 1, 1), Pos("people.yaml", 11, 7))))
    member = Person("m", "M", ("panel-member",), Pos("people.yaml", 20, 5))  # no records needed
    found = appointment_issues(_review(chair, member), REGIME, date(2026, 11, 20))
    assert [(i.code, i.line, i.severity) for i in found] == [("appointment-expired", 10, "warning"),
                                                             ("appointment-missing", 5, "warning")]
    assert "contract" in found[1].message
    assert appointment_issues(_review(chair), REGIME, date(2026, 1, 1))[0].code == "appointment-missing"


def test_check_reports_each_at_its_line(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    people = new_review / "people.yaml"
    people.write_text(people.read_text() + CHAIR)
    lines = people.read_text().split("\n")
    chair_line = lines.index("  - id: panel-chair") + 1
    supervision_line = next(i for i, ln in enumerate(lines, 1) if "supervision: {expires: 2026-10-31}" in ln)
    out = scr("check", "--today", "2026-11-20", "-C", new_review).out
    assert (f"people.yaml:{chair_line}:5: warning: panel-chair (panel-chair) has no data protection record"
            in out), out
    assert f"people.yaml:{supervision_line}:" in out and "supervision record expired on 2026-10-31" in out
    assert "indemnity" not in out and "has no contract" not in out
    later = scr("check", "--today", "2027-04-02", "-C", new_review).out
    assert "indemnity record expired on 2027-03-31" in later and "contract record expired" not in later


def test_a_malformed_record_is_a_schema_error(new_review: Path, scr) -> None:  # type: ignore[no-untyped-def]
    people = new_review / "people.yaml"
    people.write_text(people.read_text() + CHAIR.replace("contract: {expires: 2027-06-30}",
                                                         "contract: {expires: soon}"))
    ran = scr("check", "--today", "2026-11-20", "-C", new_review)
    assert ran.code == 1
    line = next(i for i, ln in enumerate(people.read_text().split("\n"), 1) if "expires: soon" in ln)
    assert f"people.yaml:{line}:" in ran.out
