"""The integrated chronology (pure): order, grouping, retrospective marks, apparent conflicts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scr_cli.review.chronology import merge, similarity


@dataclass
class E:
    date: date
    event: str
    time: str | None = None
    source: str = ""
    action: str = ""
    outcome: str = ""
    recording: str = "contemporaneous"
    comment: str = ""


def test_merge_sorts_by_date_then_time_and_keeps_the_source() -> None:
    merged = merge({
        "police": [E(date(2025, 3, 2), "Call to the address", "22:10", "log 55"), E(date(2025, 3, 1), "Check")],
        "health": [E(date(2025, 3, 2), "Clinic visit", "09:00", recording="retrospective")],
    })
    assert [(e.agency, e.event) for e in merged.entries] == [
        ("police", "Check"), ("health", "Clinic visit"), ("police", "Call to the address")]
    assert merged.entries[1].retrospective and not merged.entries[2].retrospective
    assert merged.entries[2].source == "log 55" and merged.entries[2].index == 0
    assert [len(d.entries) for d in merged.days] == [1, 2]
    assert merged.days[1].multi_agency and not merged.days[0].multi_agency


def test_untimed_entries_come_first_on_their_day() -> None:
    merged = merge({"a": [E(date(2025, 1, 1), "Later", "08:00")], "b": [E(date(2025, 1, 1), "Untimed")]})
    assert [e.event for e in merged.entries] == ["Untimed", "Later"]


def test_same_event_dated_differently_by_two_agencies_is_a_conflict() -> None:
    merged = merge({
        "police": [E(date(2025, 5, 3), "Strategy meeting held about Child Q")],
        "social-care": [E(date(2025, 5, 5), "Strategy meeting held regarding Child Q"),
                        E(date(2025, 5, 6), "Home visit, nobody in")],
        "health": [E(date(2025, 5, 3), "Strategy meeting held about Child Q")],  # same day: agreement
    })
    pairs = {(c.first.agency, c.second.agency) for c in merged.conflicts}
    assert pairs == {("health", "social-care"), ("police", "social-care")}
    assert all(c.similarity >= 0.72 for c in merged.conflicts)


def test_different_events_or_far_apart_dates_are_not_conflicts() -> None:
    merged = merge({
        "police": [E(date(2025, 1, 1), "Domestic incident reported by neighbour")],
        "health": [E(date(2025, 1, 2), "Routine weight check at clinic"),
                   E(date(2025, 6, 1), "Domestic incident reported by neighbour")],
    })
    assert merged.conflicts == ()
    assert similarity("Home visit by health visitor", "Police called to the house") < 0.3
    assert similarity("", "anything") == 0.0


def test_three_hundred_entries_merge_quickly() -> None:
    import time

    data = {a: [E(date(2025, 1, 1 + i % 28), f"{a} event number {i} with words {i * 7}") for i in range(100)]
            for a in ("x", "y", "z")}
    start = time.perf_counter()
    merged = merge(data)
    assert len(merged.entries) == 300
    assert time.perf_counter() - start < 2.0
