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

from scr_cli import fileio
from scr_cli.errors import DataError
from scr_cli.publish.house import long_date
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
    real, top = fileio.resolve(root / path), fileio.resolve(root)
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
    text, _ = decode(fileio.read_bytes(file, rel), rel)  # not UTF-8 (an !include of an image): an error at its line
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


_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|!$@~^&])")  # not - . or ' (they are in names)


def cell(text: str) -> str:
    """Text shown literally in one pipe-table cell: the YAML's values are data, not Markdown.

    Raw HTML such as `<script>`, links and emphasis were passed through, and pandoc dropped the rest of the
    cell.
    """
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split())) or " "


def table(headers: Sequence[str], widths: Sequence[int], rows: Sequence[Sequence[str]]) -> str:
    """A pipe table; the dashes set pandoc's relative column widths."""
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("-" * (w * 3) for w in widths) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


APPENDIX = '```{=typst}\n#counter(heading).update(0)\n#set heading(numbering: "A.1", supplement: [Appendix])\n```\n\n'

_AREA_WORDS = re.compile(r"^Council\s+|\s+NHS(?:\s+Foundation)?\s+Trust$")


def short_names(agency_names: Mapping[str, str]) -> dict[str, str]:
    """Agency names short enough for a table column.

    The place name several agencies share and words such as "Council" and "NHS Trust" are left out
    ("Eastmere Council Children's Services" -> "Children's Services"). A name is kept whole when shortening
    would leave it empty or the same as another's.
    """
    firsts = [name.split()[0] for name in agency_names.values() if name.split()]
    shared = {w for w in firsts if firsts.count(w) > 1}
    short: dict[str, str] = {}
    for agency, name in agency_names.items():
        words = name.split()
        if len(words) > 1 and words[0] in shared:
            words = words[1:]
        short[agency] = _AREA_WORDS.sub("", " ".join(words)).strip() or name
    if len(set(short.values())) < len(short):
        return dict(agency_names)
    return short


SHY = "\u00ad"  # a soft hyphen: a long word in a narrow header breaks there, not anywhere (in Word too)
CHRONOLOGY_COLUMNS = ("No.", "Date and time", "Agency", "Source record", "Event", "Action", "Outcome",
                      f"Retro{SHY}spective", "Notes")
_CHRONOLOGY_WIDTHS = (4, 9, 9, 9, 27, 13, 12, 8, 9)


def _chronology_rows(merged: Integrated, short: Mapping[str, str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for n, e in enumerate(merged.entries, 1):
        when = long_date(e.date) + (f", {e.time}" if e.time else "")
        rows.append([str(n), when, short.get(e.agency, e.agency), e.source, e.event, e.action, e.outcome,
                     "Yes" if e.retrospective else "", e.comment])
    row_of = {id(e): i for i, e in enumerate(merged.entries)}  # by identity: a search by equality is quadratic
    for day in merged.days:  # the first entry of a day several agencies recorded says so
        agencies = len({e.agency for e in day.entries})
        if agencies > 1:
            first = rows[row_of[id(day.entries[0])]]
            first[-1] = f"{agencies} agencies this day." + (f" {first[-1]}" if first[-1] else "")
    return rows


def chronology_markdown(
    merged: Integrated, agency_names: Mapping[str, str], heading: str = "#", title: str = "Integrated chronology",
    details: str = "",
) -> str:
    """The integrated chronology: a numbered table (one row per entry) and the list of apparent conflicts."""
    number = {(e.agency, e.index): n for n, e in enumerate(merged.entries, 1)}
    short = short_names(agency_names)
    rows = _chronology_rows(merged, short)
    shown = sorted({e.agency for e in merged.entries})
    key = "; ".join(f"{short[a]} ({agency_names[a]})" for a in shown if a in short and short[a] != agency_names[a])
    parts = [
        f"{heading} {title}",
        "",
        details,
        f"{len(merged.entries)} entries from {len(shown)} agenc{'y' if len(shown) == 1 else 'ies'}, in date and "
        "time order. *Retrospective* marks an "
        "entry recorded after the event; the notes say when several agencies recorded something on the same day."
        + (f" Short names in the table: {cell(key)}." if key else ""),
        "",
        table(CHRONOLOGY_COLUMNS, _CHRONOLOGY_WIDTHS, rows) if rows else "No entries.",
        "",
        f"{heading}# Apparent conflicts",
        "",
    ]
    if not merged.conflicts:
        parts.append("No entries from different agencies appear to describe the same event on different dates.")
    for c in merged.conflicts:
        a, b = (f"entry {number[(e.agency, e.index)]} ({cell(agency_names.get(e.agency, e.agency))}, "
                f"{long_date(e.date)})" for e in (c.first, c.second))
        parts.append(f"- E{a[1:]} and {b} may describe the same event (similarity {c.similarity:.2f}).")
    return "\n".join(parts) + "\n"


ACTION_PLAN_COLUMNS = ("ID", f"Recom{SHY}mendation", "Action", "Owner", "Due",
                       "Intended outcome and measure of success", "Evidence required", "Audit", "Status",
                       f"Com{SHY}pleted")
_ACTION_PLAN_WIDTHS = (4, 11, 16, 13, 8, 13, 10, 10, 7, 8)


def action_plan_markdown(
    actions: Sequence[Action],
    agency_names: Mapping[str, str],
    heading: str = "#",
    details: str = "",
    title: str = "Action plan",
) -> str:
    """The action plan as one table holding every field of the procedure's template (Appendix 13)."""
    rows = [
        [
            a.id,
            a.recommendation,
            a.action,
            (f"{a.owner_officer}, " if a.owner_officer else "") + agency_names.get(a.owner_agency, a.owner_agency),
            long_date(a.due, ""),
            a.measure,
            a.evidence,
            a.audit,
            a.status.replace("-", " ").capitalize(),
            long_date(a.completed_on, ""),
        ]
        for a in actions
    ]
    body = table(ACTION_PLAN_COLUMNS, _ACTION_PLAN_WIDTHS, rows) if rows else "The action plan has no actions yet."
    return f"{heading} {title}\n\n{details}{body}\n"
