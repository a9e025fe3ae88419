"""A document returned from Word made into its next draft: the author's words where they changed, ours elsewhere.

Word (through pandoc) gives back every paragraph on one line, with curly quotes, numbered headings and the
cover scr put in front. Comparing the sent body with the returned one block by block, on a key that ignores
those differences, finds what the person really changed: an unchanged block keeps its bytes as they were in
the Markdown (its line breaks, its spelling of a dash), a changed or new block takes the returned text, and a
heading that matches a standard heading of the document type is written as the standard has it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})[ \t]+(?:\d+(?:\.\d+)*\.?[ \t]+)?(.*?)[ \t]*(?:\{[^}]*\})?[ \t]*$")
_ANCHOR = re.compile(r"\[\]\{#[^}]*\}")
_IMAGE = re.compile(r"!\[[^\]]*\]\(<?([^)\s>]+)>?[^)]*\)(?:\{[^}]*\})?")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_TYPOGRAPHY = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " ",
                             "\u00ad": ""})


@dataclass(frozen=True)
class Block:
    """One block of Markdown (a paragraph, heading, list or table) and the blank lines after it."""

    text: str
    after: str = "\n\n"


@dataclass(frozen=True)
class Change:
    """One block the returned document changed, added or removed, and the section it is in."""

    kind: str  # changed, added, removed
    section: str


@dataclass(frozen=True)
class Redraft:
    """The next draft's body and what changed in it, block by block."""

    body: str
    changes: tuple[Change, ...]


def blocks(text: str) -> list[Block]:
    """The blocks of a Markdown body, each with the blank lines that follow it (so they join back exactly)."""
    parts = re.split(r"(\n[ \t]*\n(?:[ \t]*\n)*)", text)
    out: list[Block] = []
    for i in range(0, len(parts), 2):
        body = parts[i]
        gap = parts[i + 1] if i + 1 < len(parts) else ""
        if body.strip():
            stripped = body.rstrip("\n")
            out.append(Block(stripped, body[len(stripped):] + gap))
        elif out:
            out[-1] = Block(out[-1].text, out[-1].after + body + gap)
    return out


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def heading_of(text: str, standard: Sequence[str]) -> tuple[int, str] | None:
    """(level, heading) of a heading block, its number dropped and matched to the standard spelling."""
    m = _HEADING.match(text.strip()) if "\n" not in text.strip() else None
    if m is None:
        return None
    name = _ESCAPE.sub(r"\1", m.group(2).translate(_TYPOGRAPHY))
    wanted = _norm(name)
    for known in standard:
        if _norm(known.translate(_TYPOGRAPHY)) == wanted:
            return len(m.group(1)), known
    return len(m.group(1)), name


def key(text: str, standard: Sequence[str], images: Mapping[str, str]) -> str:
    """What a block says, whatever Word did to its typography (the comparison key)."""
    text = _ANCHOR.sub("", text)
    head = heading_of(text, standard)
    if head is not None:
        return "#" * head[0] + " " + _norm(head[1])
    text = _IMAGE.sub(lambda m: f" image:{images.get(m.group(1), m.group(1))} ", text)
    text = text.translate(_TYPOGRAPHY).replace("\u2014", "---").replace("\u2013", "--").replace("\u2026", "...")
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def cut_cover(returned: list[Block], first: str, standard: Sequence[str], images: Mapping[str, str]) -> list[Block]:
    """The returned blocks from where the document's own body starts (scr's cover and title go before it)."""
    keys = [key(b.text, standard, images) for b in returned]
    if first in keys:
        return returned[keys.index(first):]
    start = next((i for i, b in enumerate(returned) if heading_of(b.text, standard)), 0)
    return returned[start:]


def _clean(block: Block, standard: Sequence[str]) -> Block:
    """A returned block as Markdown for the draft: Word's empty bookmarks gone, headings written as standard."""
    text = _ANCHOR.sub("", block.text).strip()
    head = heading_of(text, standard)
    if head is not None:
        text = "#" * head[0] + " " + head[1]
    return Block(text, "\n\n")


def redraft(sent: str, returned: str, standard: Sequence[str], images: Mapping[str, str]) -> Redraft:
    """The next draft's body: `sent` where the returned document (pandoc Markdown) did not change it."""
    lead = sent[: len(sent) - len(sent.lstrip())]
    old = blocks(sent[len(lead):])
    old_keys = [key(b.text, standard, images) for b in old]
    new = cut_cover(blocks(returned), old_keys[0] if old_keys else "", standard, images)
    new_keys = [key(b.text, standard, images) for b in new]
    out: list[Block] = []
    changes: list[Change] = []
    section = ""
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        taken = old[i1:i2] if op == "equal" else [_clean(b, standard) for b in new[j1:j2]]
        for n, b in enumerate(taken):
            head = heading_of(b.text, standard)
            section = head[1] if head else section
            if op == "replace":
                changes.append(Change("changed" if n < i2 - i1 else "added", section))
            elif op == "insert":
                changes.append(Change("added", section))
        if op in ("replace", "delete") and i2 - i1 > j2 - j1:
            changes += [Change("removed", section)] * (i2 - i1 - (j2 - j1))
        out += taken
    out = [b if b.after.count("\n") >= 2 else Block(b.text, "\n\n") for b in out]
    if out:
        out[-1] = Block(out[-1].text, old[-1].after if old else "\n")
    body = lead + "".join(b.text + b.after for b in out)
    return Redraft(body, tuple(changes))
