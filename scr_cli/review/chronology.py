"""The integrated chronology: every agency's entries merged, in order, with apparent conflicts listed.

Pure: takes plain entries, returns values. Rendering to Markdown lives with the build command.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from typing import Protocol


class EntryLike(Protocol):
    """One agency chronology entry (read-only view; the schema's ChronologyEntry fits)."""

    @property
    def date(self) -> date: ...
    @property
    def time(self) -> str | None: ...
    @property
    def source(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def recording(self) -> str: ...
    @property
    def comment(self) -> str: ...


@dataclass(frozen=True)
class MergedEntry:
    """One agency's chronology entry in the integrated chronology, with the agency and its place there."""

    agency: str  # agency id
    index: int  # position in that agency's chronology.yaml (0-based)
    date: date
    time: str | None
    source: str
    event: str
    action: str
    outcome: str
    retrospective: bool
    comment: str


@dataclass(frozen=True)
class DayGroup:
    """Entries of one day; `multi_agency` when more than one agency recorded something that day."""

    date: date
    entries: tuple[MergedEntry, ...]

    @property
    def multi_agency(self) -> bool:
        return len({e.agency for e in self.entries}) > 1


@dataclass(frozen=True)
class Conflict:
    """The same event apparently recorded on different dates by two agencies."""

    first: MergedEntry
    second: MergedEntry
    similarity: float


@dataclass(frozen=True)
class Integrated:
    """The integrated chronology: every entry in order, grouped by day, with apparent conflicts."""

    entries: tuple[MergedEntry, ...]
    days: tuple[DayGroup, ...]
    conflicts: tuple[Conflict, ...]


def merge(
    chronologies: Mapping[str, Sequence[EntryLike]], *, max_gap_days: int = 31, threshold: float = 0.72
) -> Integrated:
    """Merge agencies' entries by date, then time (untimed first), then agency and position."""
    merged = [
        MergedEntry(
            agency, i, e.date, e.time, e.source, e.event, e.action, e.outcome, e.recording == "retrospective", e.comment
        )
        for agency, entries in chronologies.items()
        for i, e in enumerate(entries)
    ]
    merged.sort(key=lambda e: (e.date, e.time or "", e.agency, e.index))
    days: list[DayGroup] = []
    for entry in merged:
        if days and days[-1].date == entry.date:
            days[-1] = DayGroup(entry.date, (*days[-1].entries, entry))
        else:
            days.append(DayGroup(entry.date, (entry,)))
    return Integrated(tuple(merged), tuple(days), tuple(conflicts(merged, max_gap_days, threshold)))


_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "to",
        "and",
        "or",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "was",
        "were",
        "is",
        "be",
        "from",
        "as",
        "that",
        "this",
    }
)


def _key(text: str) -> str:
    return " ".join(w for w in _WORD.findall(text.casefold()) if w not in _STOP)


def similarity(a: str, b: str) -> float:
    """0..1: how alike two event descriptions are: shared words, or the same words in the same order."""
    wa, wb = _key(a).split(), _key(b).split()
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    jaccard = len(sa & sb) / len(sa | sb)
    return max(jaccard, SequenceMatcher(None, wa, wb, autojunk=False).ratio())


def conflicts(entries: Iterable[MergedEntry], max_gap_days: int = 31, threshold: float = 0.72) -> list[Conflict]:
    """Pairs of entries from different agencies, dated differently but describing the same event."""
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
            if 2 * shared / (len(words[i]) + len(words[j])) < threshold:  # neither measure can reach it
                continue
            score = similarity(first.event, second.event)
            if score >= threshold:
                found.append(Conflict(first, second, round(score, 2)))
    return found
