"""The integrated chronology: every agency's entries merged, in order, with apparent conflicts listed.

Pure: takes plain entries, returns values. Rendering to Markdown lives with the build command.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher
from itertools import groupby
from operator import itemgetter
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
    days = tuple(DayGroup(day, tuple(group)) for day, group in groupby(merged, key=lambda e: e.date))
    return Integrated(tuple(merged), days, tuple(conflicts(merged, max_gap_days, threshold)))


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
    """Pairs of entries from different agencies, dated differently but describing the same event.

    In the order of a search of every pair by date (first entry, then second), and the same pairs: only those
    whose shared words can reach the threshold are compared (_candidates), so the cost grows with the entries
    and the conflicts, not with every pair of a busy month.
    """
    ordered = sorted(entries, key=lambda e: (e.date, e.agency, e.index))
    words = [_key(e.event).split() for e in ordered]
    tokens = _ranked_tokens(words)
    sets = [frozenset(ts) for ts in tokens]
    found: list[Conflict] = []
    for i, j in _candidates(ordered, tokens, max_gap_days, threshold):
        shared = len(sets[i] & sets[j])
        if 2 * shared / (len(words[i]) + len(words[j])) < threshold:  # neither measure can reach it
            continue
        first, second = ordered[i], ordered[j]
        score = similarity(first.event, second.event)
        if score >= threshold:
            found.append(Conflict(first, second, round(score, 2)))
    return found


def _ranked_tokens(words: Sequence[list[str]]) -> list[list[int]]:
    """Each entry's words as whole numbers, rarest first (one fixed order for every entry).

    The k-th use of a word in an entry is its own token (the word, then the word with a NUL and k), so shared
    tokens count shared words (a multiset); a word holds no NUL, so a token never stands for two things.
    """
    bags = [ws if len(set(ws)) == len(ws) else _numbered(ws) for ws in words]
    frequency = Counter(t for bag in bags for t in bag)
    rank = {t: r for r, (t, _) in enumerate(sorted(frequency.items(), key=itemgetter(1)))}  # stable: a fixed order
    return [sorted([rank[t] for t in bag]) for bag in bags]


def _numbered(ws: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for w in ws:
        out.append(f"{w}\0{seen[w]}" if seen[w] else w)
        seen[w] += 1
    return out


def _prefixes(size: int, threshold: float) -> tuple[int, int]:
    """How many of an entry's rarest tokens a match must share one of: as the smaller entry, as the larger.

    Two entries of a >= b tokens sharing o need 2*o >= threshold*(a+b) (the Dice test above), so o >= t*b
    and, as o <= b, o >= t*a/(2-t). The rarest shared token is then among the smaller's first b - o + 1
    tokens and the larger's first a - o + 1 (prefix filtering; the margin keeps a float at the edge in).
    """
    smaller = size - math.ceil(threshold * size - 1e-9) + 1
    larger = size - math.ceil(threshold * size / (2 - threshold) - 1e-9) + 1
    return max(1, min(size, smaller)), max(1, min(size, larger))


def _candidates(ordered: Sequence[MergedEntry], tokens: Sequence[list[int]], max_gap_days: int,
                threshold: float) -> list[tuple[int, int]]:
    """Every pair (i < j) that may be a conflict, sorted: other agencies, other days, close enough, alike enough.

    Close enough: at most max_gap_days apart. Alike enough: the two share a token that is in both entries'
    long prefixes and in one's short prefix (_prefixes), and the tokens after it in both could still make up
    the words they must share (the positional filter: were this not the rarest shared token, the rarest one
    finds the pair). Pairs failing that cannot reach the threshold and are never compared.
    """
    near = _Near([e.date.toordinal() for e in ordered], [e.agency for e in ordered], [len(t) for t in tokens],
                 max_gap_days, threshold)
    postings: dict[int, list[tuple[int, int, bool]]] = {}
    for i, ts in enumerate(tokens):
        short, long = _prefixes(len(ts), threshold) if ts else (0, 0)
        for n, token in enumerate(ts[:long]):
            postings.setdefault(token, []).append((i, n, n < short))  # in date order, since i is
    pairs: set[tuple[int, int]] = set()
    for found in postings.values():
        for k, (_, _, in_short) in enumerate(found):
            if in_short:  # pairs with every later entry, and with earlier ones not in their short prefix
                pairs.update(near.pairs(found, k))
    return sorted(pairs)


@dataclass(frozen=True)
class _Near:
    """The entries' days, agencies and sizes, to pair one entry of a posting list with its neighbours."""

    days: list[int]
    agencies: list[str]
    sizes: list[int]
    gap: int
    threshold: float

    def pairs(self, found: list[tuple[int, int, bool]], k: int) -> list[tuple[int, int]]:
        """The k-th entry with its neighbours: other day, other agency, enough tokens left after p and q."""
        i, p, _ = found[k]
        days, agencies, sizes, gap = self.days, self.agencies, self.sizes, self.gap
        day, agency, a = days[i], agencies[i], sizes[i]
        need = self.threshold - 1e-9  # of 2*shared/(a+b), as conflicts() judges it
        out = []
        mine = a - p  # the tokens from p on: what this entry can still share
        for j, q, _ in found[k + 1:]:
            other = days[j]
            if other - day > gap:
                break
            if other != day and agencies[j] != agency:  # cheap tests first; then enough tokens left after p and q
                left = mine if mine < sizes[j] - q else sizes[j] - q
                if 2 * left >= need * (a + sizes[j]):
                    out.append((i, j))
        for m in range(k - 1, -1, -1):
            j, q, in_short = found[m]
            other = days[j]
            if day - other > gap:
                break
            if not in_short and other != day and agencies[j] != agency:
                left = mine if mine < sizes[j] - q else sizes[j] - q
                if 2 * left >= need * (a + sizes[j]):
                    out.append((j, i))
        return out
