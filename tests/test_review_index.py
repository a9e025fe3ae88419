"""A review's lookups (events by id, people, agencies, documents) come from an index built once per review.

The index must answer exactly as a search from the top did: events in the log's order, the first of a
repeated id, None for an unknown one; a review made anew (dataclasses.replace, as `scr log` does to judge
a new event) has its own index; and a review read back from the cache answers the same.
"""

from __future__ import annotations

import pickle
import random
from dataclasses import replace
from datetime import date, timedelta

from scr_cli.review.model import Agency, Document, Event, Person, Pos, Review, ReviewInfo

IDS = ["referral-received", "decision", "imr-received", "panel-meeting", "monthly-update"]


def _review(seed: int, events: int = 300) -> Review:
    rng = random.Random(seed)
    start = date(2026, 1, 5)
    log = tuple(Event(rng.choice(IDS), start + timedelta(days=rng.randrange(90)), Pos("log.yaml", i + 3), index=i)
                for i in range(events))
    people = tuple(Person(f"p{rng.randrange(8)}", f"Tester {i}", ("panel-member",), Pos("people.yaml", i))
                   for i in range(12))  # some ids twice: the first one counts
    agencies = tuple(Agency(f"a{rng.randrange(5)}", f"Agency {i}", "health", Pos("agencies.yaml", i))
                     for i in range(8))
    documents = tuple(Document(f"0{rng.randrange(4)}-stage/doc.md", Pos("x"), f"Doc {i}") for i in range(6))
    info = ReviewInfo("SCR-T", "Testshire", "scr-2015", "Child T", Pos("review.yaml"))
    return Review("/nowhere", info, people, agencies, log, documents, (), ())


def _answers(review: Review) -> dict[str, object]:
    return {
        **{f"events {i}": review.events_of(i) for i in [*IDS, "never-logged"]},
        **{f"person {i}": review.person(f"p{i}") for i in range(9)},
        **{f"agency {i}": review.agency(f"a{i}") for i in range(6)},
        **{f"doc {i}": review.document(f"0{i}-stage/doc.md") for i in range(5)},
    }


def _searched(review: Review) -> dict[str, object]:
    """The answers of a search from the top, as the lookups were written before the index."""
    return {
        **{f"events {i}": [e for e in review.events if e.event == i] for i in [*IDS, "never-logged"]},
        **{f"person {i}": next((p for p in review.people if p.id == f"p{i}"), None) for i in range(9)},
        **{f"agency {i}": next((a for a in review.agencies if a.id == f"a{i}"), None) for i in range(6)},
        **{f"doc {i}": next((d for d in review.documents if d.path == f"0{i}-stage/doc.md"), None) for i in range(5)},
    }


def test_the_index_answers_as_a_search_from_the_top() -> None:
    for seed in range(20):
        review = _review(seed)
        assert _answers(review) == _searched(review)
        first = review.events_of("decision")
        first.clear()  # a caller's list is its own: the index is not changed through it
        assert review.events_of("decision") == _searched(review)["events decision"]


def test_a_review_made_anew_has_its_own_index() -> None:
    review = _review(1)
    before = review.events_of("panel-meeting")
    added = Event("panel-meeting", date(2026, 6, 1), Pos("command line"), index=len(review.events))
    after = replace(review, events=(*review.events, added))
    assert after.events_of("panel-meeting") == [*before, added]
    assert review.events_of("panel-meeting") == before


def test_a_review_read_back_from_the_cache_answers_the_same() -> None:
    review = _review(2)
    expected = _answers(review)
    for warm in (False, True):  # pickled before and after its index was built
        again = pickle.loads(pickle.dumps(review))
        assert _answers(again) == expected
        if not warm:
            _answers(review)
