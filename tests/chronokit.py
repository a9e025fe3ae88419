"""The chronology's conflict search as it was (every pair in the date window), to hold the faster one to it.

Also synthetic entries for the tests and for benchmarks/chronology.py: agencies recording the same kinds of
contact in varied words, with some repeated by another agency a few days apart (apparent conflicts).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from scr_cli.review.chronology import Conflict, MergedEntry, _key, similarity

VERBS = ["visited", "phoned", "wrote to", "met", "assessed", "referred", "reviewed", "discussed", "escalated",
         "closed", "opened", "checked on", "emailed", "saw", "recorded"]
WHO = ["mother", "father", "the child", "the school nurse", "the GP", "a neighbour", "the social worker",
       "the health visitor", "the housing officer", "the police officer", "grandmother", "the teacher"]
WHERE = ["at home", "at school", "at the clinic", "by phone", "at the office", "at the hospital", "in court",
         "at the nursery", "at a strategy meeting", "at the family centre"]
ABOUT = ["attendance", "injuries", "housing", "a missed appointment", "the care plan", "a bruise", "sleep",
         "feeding", "school work", "a referral", "contact", "the move", "arrears", "a disclosure", "medication"]


def every_pair(entries: Sequence[MergedEntry], max_gap_days: int = 31, threshold: float = 0.72) -> list[Conflict]:
    """The search as it was: every pair in date order within the window (quadratic in a busy window)."""
    ordered = sorted(entries, key=lambda e: (e.date, e.agency, e.index))
    words = [_key(e.event).split() for e in ordered]
    bags = [Counter(w) for w in words]
    found: list[Conflict] = []
    for i, first in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            second = ordered[j]
            if (second.date - first.date).days > max_gap_days:
                break
            if second.agency == first.agency or second.date == first.date or not words[i] or not words[j]:
                continue
            shared = sum((bags[i] & bags[j]).values())
            if 2 * shared / (len(words[i]) + len(words[j])) < threshold:
                continue
            score = similarity(first.event, second.event)
            if score >= threshold:
                found.append(Conflict(first, second, round(score, 2)))
    return found


def entries(count: int, agencies: int = 12, first: date = date(2020, 1, 6), seed: int = 7) -> list[MergedEntry]:
    """`count` entries over about count/4 days (at least a year); one in forty repeats an earlier one.

    Numbered words ("(17)") are left out, so unrelated entries share most of their words, as real ones do.
    """
    rng = random.Random(seed)
    span = max(365, count // 4)
    made: list[MergedEntry] = []
    for i in range(count):
        agency = f"agency-{i % agencies:02d}"
        if made and i % 40 == 39:
            earlier = made[rng.randrange(len(made))]
            when, text = earlier.date + timedelta(days=rng.randint(1, 9)), earlier.event
        else:
            when = first + timedelta(days=rng.randrange(span))
            text = f"{rng.choice(WHO).capitalize()} {rng.choice(VERBS)} {rng.choice(WHO)} {rng.choice(WHERE)} " \
                   f"about {rng.choice(ABOUT)}"
        made.append(MergedEntry(agency, i // agencies, when, None, f"Record {i}", text, f"Action {i}",
                                f"Outcome {i}", False, ""))
    return made
