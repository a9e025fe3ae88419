"""The Markdown scr hands to pandoc: document bodies, and the tables scr writes itself.

The bodies have their includes expanded and images checked; the tables are the integrated chronology and the
action plan.

A line holding only `!include path/to/file.md` is replaced by that file's body (front matter dropped);
paths are relative to the including document. Image paths are checked here, so a missing image is an
error naming the document and line rather than a silent gap in a DOCX.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from scr_cli.errors import DataError
from scr_cli.review.chronology import Integrated
from scr_cli.review.model import Action
from scr_cli.review.references import IMAGE, INCLUDE, SCHEME, clean, fenced_lines
from scr_cli.store.frontmatter import split
from scr_cli.store.yamlfile import decode


@dataclass(frozen=True)
class SourceLine:
    """The file and line a line of assembled Markdown came from, for error messages."""

    path: str  # review-relative
    line: int


@dataclass
class Assembled:
    """Markdown text and, for each of its lines, where it came from (for error messages)."""

    lines: list[str]
    origin: list[SourceLine]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def add(self, text: str, where: SourceLine) -> None:
        for i, ln in enumerate(text.split("\n")):
            self.lines.append(ln)
            self.origin.append(SourceLine(where.path, where.line + i if where.line else 0))

    def extend(self, other: Assembled) -> None:
        self.lines += other.lines
        self.origin += other.origin


def _inside(rel: PurePosixPath, root: Path) -> str | None:
    """`rel` with `.` and `..` resolved, or None when it leaves the review (also through a symlink)."""
    path = clean(rel)
    if path is None:
        return None
    real, top = (root / path).resolve(), root.resolve()
    if real != top and top not in real.parents:
        return None
    return path


def _rewrite_image(m: re.Match[str], base: PurePosixPath, root: Path, where: SourceLine) -> str:
    target = m.group(2).strip("<>")
    if SCHEME.match(target):
        raise DataError(
            "images must be files in the review, not web addresses",
            path=where.path,
            line=where.line,
            hint="save the image beside the document and link to it",
        )
    rel = PurePosixPath(target.lstrip("/")) if target.startswith("/") else base / target
    clean = _inside(rel, root)
    if clean is None:
        raise DataError(
            "the image path leaves the review folder",
            path=where.path,
            line=where.line,
            hint="keep images inside the review",
        )
    if not (root / clean).is_file():
        raise DataError(
            f"image '{target}' not found",
            path=where.path,
            line=where.line,
            hint="check the file name, or add the image to the review",
        )
    return f"{m.group(1)}<{clean}>{m.group(3)}"


def body_lines(root: Path, rel: str, *, shift: int = 0, _stack: tuple[str, ...] = ()) -> Assembled:
    """The body of a Markdown document, includes expanded, images checked and made review-relative."""
    file = root / rel
    if not file.is_file():
        locked = (root / (rel + ".gpg")).is_file()
        raise DataError(
            f"{rel} is {'locked (only its encrypted copy is present)' if locked else 'missing'}",
            path=rel,
            hint=f"run `scr unlock {rel}`" if locked else "create it or fix the include",
        )
    text, _ = decode(file.read_bytes(), rel)  # not UTF-8 (an !include of an image): an error at its line
    first = 1
    if text.startswith("---"):
        _, text, first = split(text, rel)
    base = PurePosixPath(rel).parent
    fenced = fenced_lines(text.split("\n"))

    def image(m: re.Match[str]) -> str:
        index = text.count("\n", 0, m.start())
        if index in fenced:
            return m.group(0)
        return _rewrite_image(m, base, root, SourceLine(rel, first + index))

    lines = IMAGE.sub(image, text).split("\n")  # an image's alt text may span lines
    out = Assembled([], [])
    for i, line in enumerate(lines):
        where = SourceLine(rel, first + i)
        inc = None if i in fenced else INCLUDE.match(line)
        if inc:
            found = _inside(base / inc.group(1), root) if not inc.group(1).startswith("/") else None
            if found is None:
                raise DataError(
                    f"the included path '{inc.group(1)}' leaves the review folder",
                    path=rel,
                    line=where.line,
                    hint="include only documents inside the review, by a path relative to this document",
                )
            target = found
            if target in _stack or target == rel:
                raise DataError(
                    f"'{inc.group(1)}' includes itself", path=rel, line=where.line, hint="remove the circular !include"
                )
            if not (root / target).is_file() and not (root / (target + ".gpg")).is_file():
                raise DataError(
                    f"included file '{inc.group(1)}' not found",
                    path=rel,
                    line=where.line,
                    hint="check the path; it is relative to this document",
                )
            out.extend(body_lines(root, target, shift=shift, _stack=(*_stack, rel)))
            continue
        if shift and i not in fenced and line.startswith("#"):
            line = "#" * shift + line
        out.lines.append(line)
        out.origin.append(where)
    return out


class RawCell(str):
    """A cell already made safe (it holds our own emphasis marks)."""


_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|!$@~^&])")  # not - . or ' (they are in names)


def cell(text: str) -> str:
    """Text shown literally in one pipe-table cell: the YAML's values are data, not Markdown.

    Raw HTML such as `<script>`, links and emphasis were passed through, and pandoc dropped the rest of the
    cell.
    """
    if isinstance(text, RawCell):
        return str(text)
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split())) or " "


def table(headers: Sequence[str], widths: Sequence[int], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; the dashes set pandoc's relative column widths."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("-" * (w * 3) for w in widths) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


APPENDIX = '```{=typst}\n#counter(heading).update(0)\n#set heading(numbering: "A.1", supplement: [Appendix])\n```\n\n'


def chronology_markdown(
    merged: Integrated, agency_names: Mapping[str, str], heading: str = "#", title: str = "Integrated chronology"
) -> str:
    """The integrated chronology: a numbered table (one row per entry) and the list of apparent conflicts."""
    rows: list[list[str]] = []
    number = {(e.agency, e.index): n for n, e in enumerate(merged.entries, 1)}
    for day in merged.days:
        agencies = len({e.agency for e in day.entries})
        for k, e in enumerate(day.entries):
            when = e.date.strftime("%d %b %Y") if k == 0 else "–"
            if k == 0 and agencies > 1:
                when += f" ({agencies} agencies)"
            if e.time:
                when += f" {e.time}"
            source = agency_names.get(e.agency, e.agency) + (f", {e.source}" if e.source else "")
            what = cell(e.event) + (f" *Action:* {cell(e.action)}" if e.action else "")
            what += f" *Outcome:* {cell(e.outcome)}" if e.outcome else ""
            note = ("Retrospective record. " if e.retrospective else "") + e.comment
            rows.append([str(number[(e.agency, e.index)]), when, source, RawCell(what), note])
    parts = [
        f"{heading} {title}",
        "",
        f"{len(merged.entries)} entries from {len({e.agency for e in merged.entries})} agencies, in date order. "
        "Entries recorded after the event are marked *Retrospective record*; – means the same day as the row above.",
        "",
        table(["No.", "Date", "Source", "Event", "Notes"], [6, 13, 15, 40, 18], rows) if rows else "No entries.",
        "",
        f"{heading}# Apparent conflicts",
        "",
    ]
    if not merged.conflicts:
        parts.append("No entries from different agencies appear to describe the same event on different dates.")
    for c in merged.conflicts:
        a, b = c.first, c.second
        parts.append(
            f"- Entry {number[(a.agency, a.index)]} ({agency_names.get(a.agency, a.agency)}, {a.date:%d %b %Y}) and "
            f"entry {number[(b.agency, b.index)]} ({agency_names.get(b.agency, b.agency)}, {b.date:%d %b %Y}) "
            f"may describe the same event (similarity {c.similarity:.2f})."
        )
    return "\n".join(parts) + "\n"


def action_plan_markdown(actions: Sequence[Action], agency_names: Mapping[str, str], heading: str = "#") -> str:
    rows = [
        [
            a.id,
            a.recommendation,
            a.action,
            agency_names.get(a.owner_agency, a.owner_agency) + (f" ({a.owner_officer})" if a.owner_officer else ""),
            a.due.strftime("%d %b %Y") if a.due else "",
            a.measure,
            a.status.replace("-", " "),
        ]
        for a in actions
    ]
    body = (
        table(
            ["ID", "Recommendation", "Action", "Owner", "Due", "Measure", "Status"], [6, 14, 22, 14, 11, 16, 11], rows
        )
        if rows
        else "The action plan has no actions yet."
    )
    return f"{heading} Action plan\n\n{body}\n"
