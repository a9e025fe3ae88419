"""What `scr anonymise` proposes: each name found, replaced by its pseudonym only when that is safe.

Pure. A name is never replaced — it is listed for the author to rewrite — when the text cannot say whose it
is (two members share it), when it is also an ordinary word ("May", "Poppy", "Crane"), when it is written
in lower case, as initials or as the family in the plural, or when replacing it would change more than the
name: across the end of a sentence ("with Mr X. Poppy was ..."), through formatting, a table's line break
or a link's address, or inside right-to-left controls.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scr_cli.review.pseudonyms import Hit, Name

_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s")
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_LINK_TARGET = re.compile(r"\]\((<[^>\n]*>|[^)\s]*)|<(?:https?|mailto|ftp):[^>\s]*>|\b(?:https?|ftp)://[^\s)>\]]+")
_IMAGE_TARGET = re.compile(r"!\[(?:[^\]\\]|\\.)*\]\((<[^>\n]*>|[^)\s]*)")  # alt text may span lines
_BLOCK_START = re.compile(r"^\s*(?:\||#|>|[-*+]\s|\d+[.)]\s)")
_SINGLE_WORD = ("single", "given", "surname", "part")


@dataclass(frozen=True)
class Proposal:
    """One name found in a file: its replacement, or why the author must rewrite it."""

    line: int
    column: int
    start: int
    end: int
    found: str  # as written (shown to the author, who can read the file anyway; never logged)
    members: tuple[Name, ...]
    replacement: str | None  # None: listed for the author to rewrite
    reason: str = ""

    @property
    def replaced(self) -> bool:
        return self.replacement is not None


def image_targets(text: str) -> list[tuple[int, int]]:
    """Spans of image file paths: they name a file in the review and never reach the built document."""
    return [m.span(1) for m in _IMAGE_TARGET.finditer(text)]


def link_targets(text: str) -> list[tuple[int, int]]:
    """Spans of link addresses (Markdown links and bare or bracketed web addresses)."""
    return [m.span(1) if m.group(1) is not None else m.span() for m in _LINK_TARGET.finditer(text)]


def _inside(hit: Hit, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= hit.start and hit.end <= e for s, e in spans)


def _why_not(text: str, hit: Hit, is_word: Callable[[str], bool], links: Sequence[tuple[int, int]]) -> str:
    """Why this name must be rewritten by hand, or "" when replacing it by its pseudonym is safe."""
    found = text[hit.start : hit.end]
    if hit.ambiguous:
        return "could be " + " or ".join(m.label for m in hit.members) + ": say which"
    if hit.kind == "initials":
        return "initials: they could stand for someone or something else"
    if hit.kind == "plural":
        return "the family named in the plural: say who"
    one_word = hit.kind in _SINGLE_WORD and len(hit.tokens) == 1
    if one_word and _is_word(text[hit.core : hit.end], is_word):
        return "also an ordinary word: rewrite it if it means the person"
    if one_word and not any(c.isupper() for c in text[hit.core : hit.end]):
        return "written in lower case: a name or an ordinary word?"
    if _inside(hit, links):
        return "in a link's address: change the link"
    return _why_not_in_place(text, hit, found)


def _is_word(written: str, is_word: Callable[[str], bool]) -> bool:
    """Whether the name as written is an ordinary word (looked up as written, and without its accents)."""
    word = "".join(c for c in written if c.isalpha()).casefold()
    bare = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return is_word(word) or is_word(bare)


def _why_not_in_place(text: str, hit: Hit, found: str) -> str:
    if _SENTENCE_END.search(found):
        return "a full stop inside: an initial, or the end of a sentence whose words a replacement would drop?"
    around = text[max(0, hit.start - 40) : hit.end + 40]
    if _BIDI.search(around):
        return "written with right-to-left controls: retype it"
    if any(c in found for c in "*_`\\<>&|[]"):
        return "split by formatting: retype it"
    if "\n" in found:
        start = text.rfind("\n", 0, hit.start) + 1
        end = text.find("\n", hit.end)
        lines = text[start : end if end >= 0 else len(text)].split("\n")
        if any(_BLOCK_START.match(line) for line in lines):
            return "split across lines of a table, list or heading: retype it"
    return ""


def _pseudonym(text: str, hit: Hit, member: Name) -> str:
    before = text[: hit.start].rstrip(" *_")
    starts = not before or before[-1] in ".!?:\n#|>"
    pseudonym = member.pseudonym
    return pseudonym[:1].upper() + pseudonym[1:] if starts else pseudonym


def plan(text: str, hits: Sequence[Hit], is_word: Callable[[str], bool]) -> list[Proposal]:
    """A proposal for every hit outside image paths, in the order of the text."""
    skip = image_targets(text)
    links = link_targets(text)
    out: list[Proposal] = []
    taken = -1
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if _inside(hit, skip):
            continue
        reason = _why_not(text, hit, is_word, links)
        if hit.start < taken:
            reason = reason or "overlaps another name: retype it"
        replacement = None if reason else _pseudonym(text, hit, hit.name)
        line = text.count("\n", 0, hit.start) + 1
        column = hit.start - (text.rfind("\n", 0, hit.start) + 1) + 1
        found = text[hit.start : hit.end]
        out.append(Proposal(line, column, hit.start, hit.end, found, hit.members, replacement, reason))
        taken = max(taken, hit.end)
    return out


def apply(text: str, proposals: Sequence[Proposal]) -> str:
    """`text` with every safe replacement made; listed names are left as they are."""
    out: list[str] = []
    last = 0
    for p in sorted(proposals, key=lambda p: p.start):
        if p.replacement is None or p.start < last:
            continue
        out += [text[last : p.start], p.replacement]
        last = p.end
    out.append(text[last:])
    return "".join(out)
