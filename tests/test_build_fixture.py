"""A small fictional review for the build tests (every name is invented), and a check that it loads clean."""

from __future__ import annotations

import random
import textwrap
from datetime import date, timedelta
from pathlib import Path

import yaml

from scr_cli.store.loader import load

FAMILY = {
    "members": [
        {"pseudonym": "Child Q", "relationship": "subject child", "subject": True,
         "real_names": ["Zinnia Marchbanks", "Zinnia"]},
        {"pseudonym": "Mother", "relationship": "mother",
         "real_names": ["Hyacinth Marchbanks-Oyelaran", "Hyacinth Oyelaran"]},
        {"pseudonym": "Mr Y", "relationship": "mother's partner", "real_names": ["Leopold Ashdown", "Leo Ashdown"]},
    ]
}
PEOPLE = {
    "people": [
        {"id": "board-chair", "name": "Ottoline Brackenbury", "roles": ["board-chair"], "job_title": "Board chair"},
        {"id": "panel-chair", "name": "Dr Cassius Merriweather", "roles": ["panel-chair"]},
        {"id": "overview-author", "name": "Perpetua Lindqvist", "roles": ["overview-author"]},
        {"id": "imr-health", "name": "Barnaby Fotheringay", "roles": ["imr-author"], "agency": "community-health",
         "job_title": "Health visitor"},
        {"id": "sw-one", "name": "Imelda Gorringe-Pike", "roles": ["interviewee"], "agency": "childrens-services",
         "job_title": "Social worker"},
        {"id": "so-police", "name": "Ambrose Kettlewell", "roles": ["senior-officer"], "agency": "police"},
    ]
}
AGENCIES = {
    "agencies": [
        {"id": "community-health", "name": "Northfold Community Health", "sector": "health"},
        {"id": "police", "name": "Northfold Police", "sector": "police"},
        {"id": "childrens-services", "name": "Northfold Children's Services", "sector": "social-care"},
    ]
}


def front(title: str, version: int = 2, status: str = "draft", when: str = "2026-10-20", **extra: str) -> str:
    lines = ["---", f'title: "{title}"', f"version: {version}", f"date: {when}", f"status: {status}"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    return "\n".join(lines) + "\n---\n"


WORDS = ("visit", "phone", "clinic", "school", "attendance", "referral", "strategy", "discussion", "letter",
         "bruise", "report", "weight", "review", "missed", "appointment", "nursery", "housing", "arrears", "GP",
         "neighbour", "concern", "welfare", "check", "assessment", "plan", "meeting", "health", "dental", "A&E")


def event_text(agency: str, i: int) -> str:
    rng = random.Random(f"{agency}-{i}")
    return " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" ({agency} item {i})"


def chronology(agency: str, n: int, start: date = date(2025, 1, 6)) -> dict[str, object]:
    return {
        "agency": agency,
        "entries": [
            {"date": (start + timedelta(days=i)).isoformat(), "time": f"{9 + i % 8:02d}:{(i * 7) % 60:02d}",
             "source": f"{agency} record {1000 + i}", "event": event_text(agency, i),
             "action": "Visit booked", "outcome": "Seen", "recording": "retrospective" if i % 5 == 0 else
             "contemporaneous", "comment": ""}
            for i in range(n)
        ],
    }


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def dump(root: Path, rel: str, data: object) -> None:
    write(root, rel, yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def make_review(root: Path, chronology_size: int = 6) -> Path:
    """A review folder with every document the build targets use (no git needed to build)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / ".scr").mkdir(exist_ok=True)
    dump(root, "review.yaml", {"reference": "SCR-2026-07", "board": "Northfold Safeguarding Children Board",
                               "child": "Child Q", "regime": "scr-2015"})
    dump(root, "people.yaml", PEOPLE)
    dump(root, "agencies.yaml", AGENCIES)
    dump(root, "family.yaml", FAMILY)
    dump(root, "log.yaml", {"events": [{"event": "referral-received", "date": "2026-03-02"}]})
    dump(root, "signoffs.yaml", {"signoffs": []})
    write(root, "04-terms-of-reference/terms-of-reference.md", front("Terms of reference") + textwrap.dedent("""
        # Purpose

        The review will look at how agencies worked with Child Q and the family.

        # Scope

        From 1 January 2025 to 30 September 2026.
        """))
    for agency in ("community-health", "police", "childrens-services"):
        write(root, f"05-imr/{agency}/imr.md", front(f"IMR {agency}", agency=agency) + textwrap.dedent(f"""
            # Introduction

            This review of {agency} looks at its work with Child Q.

            # Analysis

            | Date | Finding |
            |------|---------|
            | 2025-01-06 | Visits were kept |
            """))
        dump(root, f"05-imr/{agency}/chronology.yaml", chronology(agency, chronology_size))
    write(root, "06-overview/overview-report.md", front("Overview report") + textwrap.dedent("""
        # Introduction

        Child Q lived with Mother and Mr Y.

        # Findings

        Agencies did not share what they knew.
        """))
    write(root, "06-overview/executive-summary.md", front("Executive summary") + textwrap.dedent("""
        # Summary

        This summary is written for publication. It uses pseudonyms only: Child Q, Mother and Mr Y.
        """))
    dump(root, "07-action-plan/action-plan.yaml", {
        "title": "Action plan", "version": 1, "date": "2026-10-21", "status": "draft",
        "actions": [{"id": f"A{i}", "recommendation": f"Recommendation {i}", "action": f"Do thing {i}",
                     "owner_agency": "police", "due": "2027-03-31", "measure": "Audit"} for i in range(1, 4)],
    })
    return root


def test_fixture_loads_clean(tmp_path: Path) -> None:
    loaded = load(make_review(tmp_path / "r"))
    assert loaded.errors() == []
    assert len(loaded.chronologies) == 3
