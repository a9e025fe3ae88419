"""A word-level diff of two Markdown bodies that keeps headings, lists and tables readable.

Lines are matched first; lines that changed are compared word by word. The structural start of a line
(heading hashes, list markers, quote marks, indentation) stays outside the changes, and table pipes are
never part of a change, so the result can be rendered back to Markdown with every change as a span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Kind = Literal["same", "ins", "del"]
_PREFIX = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)*)")
_TOKEN = re.compile(r"\s+|\w+(?:['’]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Piece:
    """A run of text in a compared line: the same in both versions, inserted or deleted."""

    kind: Kind
    text: str


@dataclass(frozen=True)
class Line:
    """One line of a word diff: its structural start (heading, list marker) and the pieces after it."""

    prefix: str
    pieces: tuple[Piece, ...]

    @property
    def changed(self) -> bool:
        return any(p.kind != "same" for p in self.pieces)


def _split(line: str) -> tuple[str, str]:
    m = _PREFIX.match(line)
    prefix = m.group(1) if m else ""
    return prefix, line[len(prefix):]


def _merge(pieces: list[Piece]) -> tuple[Piece, ...]:
    # whitespace kept between two changes joins them, so "the quick" -> "a slow" reads as one change
    out: list[Piece] = []
    for i, p in enumerate(pieces):
        between = 0 < i < len(pieces) - 1 and p.kind == "same" and not p.text.strip()
        if between and pieces[i - 1].kind != "same" and pieces[i + 1].kind != "same":
            out += [Piece("del", p.text), Piece("ins", p.text)]
            continue
        out.append(p)
    merged: list[Piece] = []
    for p in out:
        if not p.text:
            continue
        if merged and merged[-1].kind == p.kind:
            merged[-1] = Piece(p.kind, merged[-1].text + p.text)
        else:
            merged.append(p)
    # within a run of changes, show every deletion before the insertion
    ordered: list[Piece] = []
    run: list[Piece] = []
    for p in [*merged, Piece("same", "")]:
        if p.kind == "same":
            dels = "".join(x.text for x in run if x.kind == "del")
            ins = "".join(x.text for x in run if x.kind == "ins")
            ordered += [Piece("del", dels)] if dels else []
            ordered += [Piece("ins", ins)] if ins else []
            run = []
            if p.text:
                ordered.append(p)
        else:
            run.append(p)
    return tuple(ordered)


def diff_words(old: str, new: str) -> tuple[Piece, ...]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    pieces: list[Piece] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(Piece("same", "".join(a[i1:i2])))
        else:
            pieces.append(Piece("del", "".join(a[i1:i2])))
            pieces.append(Piece("ins", "".join(b[j1:j2])))
    return _merge(pieces)


def _changed_line(old: str, new: str) -> Line:
    (po, ro), (pn, rn) = _split(old), _split(new)
    if po == pn:
        return Line(pn, diff_words(ro, rn))
    return Line("", diff_words(old, new))


def _whole(line: str, kind: Kind) -> Line:
    prefix, rest = _split(line)
    return Line(prefix, (Piece(kind, rest),) if rest else ())


def diff_lines(old: str, new: str) -> list[Line]:
    """The new text, line by line, with the words deleted from and inserted into each line."""
    a = [ln.rstrip() for ln in old.replace("\r\n", "\n").split("\n")]
    b = [ln.rstrip() for ln in new.replace("\r\n", "\n").split("\n")]
    lines: list[Line] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            lines += [Line(*_split(ln)[:1], (Piece("same", _split(ln)[1]),)) for ln in b[j1:j2]]
            continue
        olds, news = a[i1:i2], b[j1:j2]
        for k in range(max(len(olds), len(news))):
            if k < len(olds) and k < len(news):
                lines.append(_changed_line(olds[k], news[k]))
            elif k < len(olds):
                lines.append(_whole(olds[k], "del"))
            else:
                lines.append(_whole(news[k], "ins"))
    return lines


def plain(lines: Sequence[Line]) -> str:
    """`[-deleted-]{+inserted+}` text, for tests and plain terminals."""
    marks = {"same": ("", ""), "del": ("[-", "-]"), "ins": ("{+", "+}")}
    return "\n".join(ln.prefix + "".join(marks[p.kind][0] + p.text + marks[p.kind][1] for p in ln.pieces)
                     for ln in lines)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def markdown(lines: Sequence[Line], author: str, when: str) -> str:
    """Markdown in which every change is a span with class insertion or deletion (author and date set).

    Pandoc's DOCX writer turns these into Word tracked changes. Table pipes stay outside the spans.
    """
    attrs = f'author="{author.replace(chr(34), "")}" date="{when}"'

    def one(kind: str, part: str) -> str:
        # pandoc trims spaces at the edges of a span, so they stay outside it
        core = part.strip()
        if not core:
            return part
        lead, trail = part[: len(part) - len(part.lstrip())], part[len(part.rstrip()):]
        return f"{lead}[{_escape(core)}]{{.{kind} {attrs}}}{trail}"

    def span(kind: str, text: str) -> str:
        if kind == "deletion" and not text.strip():
            return ""  # a deleted space: the inserted text carries the spacing
        return "|".join(one(kind, part) for part in text.split("|"))

    out = []
    for ln in lines:
        text = "".join(p.text if p.kind == "same" else span("insertion" if p.kind == "ins" else "deletion", p.text)
                       for p in ln.pieces)
        out.append(ln.prefix + text)
    return "\n".join(out) + "\n"
