"""The chronology's conflict search finds exactly the pairs a search of every pair finds, in the same order.

The search compares only pairs whose shared words can reach the threshold (prefix filtering); this holds it to
the plain search over every pair within the date window (tests/chronokit.py), on generated chronologies with
many near-repeats, and on 10,000 rows. How long each takes is measured by benchmarks/chronology.py.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scr_cli.review.chronology import MergedEntry, conflicts, merge
from tests.chronokit import entries, every_pair

WORDS = ["home", "visit", "school", "nurse", "the", "mother", "called", "gp", "child", "seen", "bruise", "a", "of"]


entry = st.tuples(st.sampled_from(["a", "b", "c"]), st.integers(0, 60),
                  st.lists(st.sampled_from(WORDS), min_size=0, max_size=9))


def _entries(raw: list[tuple[str, int, list[str]]]) -> list[MergedEntry]:
    start = date(2026, 1, 5)
    return [MergedEntry(agency, i, start + timedelta(days=day), None, "", " ".join(ws).capitalize(), "", "", False, "")
            for i, (agency, day, ws) in enumerate(raw)]


@settings(max_examples=300, deadline=None)
@given(st.lists(entry, max_size=40), st.sampled_from([0.5, 0.72, 0.9, 1.0]), st.sampled_from([0, 3, 31]))
def test_the_conflicts_are_those_of_a_search_of_every_pair(raw: list[tuple[str, int, list[str]]], threshold: float,
                                                           gap: int) -> None:
    made = _entries(raw)
    assert conflicts(made, gap, threshold) == every_pair(made, gap, threshold)


@settings(max_examples=100, deadline=None)
@given(st.lists(entry, max_size=40))
def test_days_group_every_entry_of_a_day_in_order(raw: list[tuple[str, int, list[str]]]) -> None:
    made = _entries(raw)
    by_agency: dict[str, list[MergedEntry]] = {}
    for e in made:
        by_agency.setdefault(e.agency, []).append(e)
    merged = merge({k: [_Row(e) for e in v] for k, v in by_agency.items()})
    assert [e for day in merged.days for e in day.entries] == list(merged.entries)
    assert all(len({e.date for e in day.entries}) == 1 for day in merged.days)
    assert len({day.date for day in merged.days}) == len(merged.days)


class _Row:
    def __init__(self, e: MergedEntry) -> None:
        self.date, self.time, self.source, self.event = e.date, e.time, e.source, e.event
        self.action, self.outcome, self.recording, self.comment = e.action, e.outcome, "contemporaneous", e.comment


def test_a_repeated_event_is_found_among_thousands() -> None:
    start = date(2026, 1, 5)
    rows = [MergedEntry("a" if i % 2 else "b", i, start + timedelta(days=i % 400), None, "",
                        f"Entry number {i} about topic {i * 7919 % 1000}", "", "", False, "") for i in range(3000)]
    rows.append(MergedEntry("c", 0, start + timedelta(days=3), None, "", rows[0].event, "", "", False, ""))
    found = conflicts(rows)
    assert (rows[0], rows[-1]) in [(c.first, c.second) for c in found]


def test_ten_thousand_rows_give_the_conflicts_the_search_of_every_pair_gives() -> None:
    """The conflicts among 10,000 rows, kept to those within a sample, are the old search's in the sample.

    Whether two entries conflict depends on those two alone, so this holds for every sample.
    """
    rows = entries(10_000)
    found = conflicts(rows)
    assert len(found) > 500  # the generated rows repeat one another often enough to test anything
    sample = random.Random(3).sample(rows, 1_500)
    kept = set(sample)
    expected = every_pair(sample)
    assert expected  # the sample holds conflicts too
    assert [c for c in found if c.first in kept and c.second in kept] == expected
