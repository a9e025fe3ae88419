"""Passages of a text that identify it: the units a pasted copy shares with its source, however re-wrapped.

`passages(text)` gives each line, each paragraph (its lines joined) and each sentence that is long enough to
be distinctive (at least 40 letters and digits and six words), in a normal form: NFKC, case folded, markup
and punctuation dropped, leading list markers and YAML keys removed, spaces collapsed. A member's lock cache
keeps keyed hashes of the passages of every sensitive file (crypto/state.py), so the pre-commit hook can
find one pasted into a public file without decrypting anything. Pure.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

MIN_CHARS = 40
MIN_WORDS = 6
# a YAML key is taken to be at most 64 characters: an unbounded one makes a long line without a colon (a
# base64 blob) cost a scan and a backtrack over the whole line
_PREFIX = re.compile(r"^\s*(?:[-*+>#|]+\s*|\d+[.)]\s+|[A-Za-z_][\w-]{0,63}:\s+)*")
_NOT_WORD = re.compile(r"[\W_]+")
_SENTENCE_END = re.compile(r"[.!?]\s+")  # a sentence ends at its mark; the spaces after it are dropped
# ASCII text (most of it) is normalised by one byte translation: letters lowered, digits kept, the rest spaces
_ASCII = bytes(c + 32 if 65 <= c <= 90 else c if chr(c).isalnum() and c < 128 else 32 for c in range(256))


def normal(text: str) -> str:
    """The matching form of a passage: words only, case folded, single spaces."""
    if text.isascii():  # NFKC leaves ASCII as it is and case folding lowers it: the same result, ~10x sooner
        return " ".join(text.encode("ascii").translate(_ASCII).decode("ascii").split())
    return _NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def _sentences(text: str) -> list[str]:
    """The text split after each `.`, `!` or `?` that whitespace follows (a search that starts at the mark)."""
    found, start = [], 0
    for end in _SENTENCE_END.finditer(text):
        found.append(text[start:end.start() + 1])
        start = end.end()
    found.append(text[start:])
    return found


def _keep(unit: str) -> bool:
    spaces = unit.count(" ")
    return len(unit) - spaces >= MIN_CHARS and spaces + 1 >= MIN_WORDS


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line number, stripped lines) of each run of non-blank lines."""
    start, block = 0, list[str]()
    for number, raw in enumerate(lines, 1):
        prefix = _PREFIX.match(raw)  # a match, not a sub: the pattern is anchored, so nothing is searched after it
        line = (raw[prefix.end():] if prefix else raw).strip()
        if line:
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []
    if block:
        yield start, block


def passages(text: str) -> list[tuple[int, str]]:
    """(line number, normalised passage) of every distinctive line, paragraph and sentence, each once."""
    found: dict[str, int] = {}
    normalised: dict[str, str] = {}  # a one-line paragraph of one sentence is normalised once, not three times

    def norm(raw: str) -> str:
        if raw not in normalised:
            normalised[raw] = normal(raw)
        return normalised[raw]

    for start, block in _paragraphs(text.splitlines()):
        units = [(start + i, norm(line)) for i, line in enumerate(block)]
        joined = " ".join(block)
        units.append((start, norm(joined)))
        units += [(start, norm(s)) for s in _sentences(joined)]
        for number, unit in units:
            if unit not in found and _keep(unit):
                found[unit] = number
    return [(number, unit) for unit, number in found.items()]
