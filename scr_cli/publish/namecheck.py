"""A public edition's check before anything is rendered: every name left in its text, values and images.

Nothing is replaced here (a sentence is changed only by its author, through `scr anonymise`): a public
edition with any name left is refused at the file and line of the first, naming the member by label and
never the name itself. The scan of the built file (leakscan.py) then catches whatever the source cannot
show, with the same matcher.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from scr_cli.errors import DataError
from scr_cli.publish.genogram_part import STAGE
from scr_cli.publish.jobs import Job
from scr_cli.publish.leakscan import image_text
from scr_cli.publish.markdown import Assembled
from scr_cli.review.anonymise import image_targets
from scr_cli.review.pseudonyms import NameMatcher, labels

_BUILT_IMAGE = re.compile(r"(?<=\]\()<[^>\n]+>")  # body_lines writes every image path as ](<path>
# where each value the house template shows comes from: (file, key), None for the document itself
_VALUE_SOURCE = {"title": None, "subtitle": ("agencies.yaml", "name"), "board": ("review.yaml", "board"),
                 "reference": ("review.yaml", "reference"), "footer": ("review.yaml", "reference")}


@dataclass(frozen=True)
class Remaining:
    """A name left in a public edition: where it is and whose it may be (a label, never the name)."""

    path: str | None
    line: int | None
    label: str
    what: str = "text"  # text, title, image


def _in_generated(root: Path, pattern: str, matcher: NameMatcher) -> tuple[str | None, int | None]:
    """The first file and line holding a name among the files a generated part was made from."""
    for file in sorted(root.glob(pattern)):
        text = file.read_text(encoding="utf-8", errors="replace")
        found = matcher.hits(text)
        if found:
            return file.relative_to(root).as_posix(), text.count("\n", 0, found[0].start) + 1
    return pattern, None


def in_text(md: Assembled, matcher: NameMatcher, root: Path | None = None) -> list[Remaining]:
    """Names in the edition's Markdown, at the source file and line each came from."""
    text = md.text
    starts = [0]
    for text_line in md.lines:
        starts.append(starts[-1] + len(text_line) + 1)
    skip = image_targets(text)  # an image's file name never reaches the built file (its content is checked)
    out = []
    for hit in matcher.hits(text, source=True):
        if any(s <= hit.start and hit.end <= e for s, e in skip):
            continue
        origin = md.origin[bisect.bisect_right(starts, hit.start) - 1]
        path: str | None = origin.path or None
        line: int | None = origin.line or None
        if path and "*" in path and root is not None:  # the chronology, merged from every agency's file
            path, line = _in_generated(root, path, matcher)
        out.append(Remaining(path, line, " or ".join(labels([hit]))))
    return out


def _key_line(file: Path, key: str) -> int | None:
    try:
        head = file.read_text(encoding="utf-8", errors="replace").split("\n")[:200]
    except OSError:
        return None
    return next((n for n, text in enumerate(head, 1) if text.lstrip(" -").startswith(f"{key}:")), None)


def in_values(root: Path, job: Job, values: dict[str, str], matcher: NameMatcher) -> list[Remaining]:
    """Names in what the cover, footer and file properties show (title, subtitle, board, reference)."""
    out = []
    for field, source in _VALUE_SOURCE.items():
        found = matcher.hits(values.get(field, ""))
        if not found:
            continue
        path = source[0] if source else (job.parts[0] if job.parts else None)
        key = source[1] if source else "title"
        line = _key_line(root / path, key) if path else None
        out.append(Remaining(path, line, " or ".join(labels(found)), "title" if field == "title" else field))
    return out


def in_images(root: Path, md: Assembled, matcher: NameMatcher) -> list[Remaining]:
    """Names inside the images the edition shows (an SVG genogram's text, text fields of any image)."""
    out = []
    for i, line in enumerate(md.lines):
        for m in _BUILT_IMAGE.finditer(line):
            rel = m.group(0)[1:-1]
            try:
                data = (root / rel).read_bytes()
            except OSError:
                continue
            found = matcher.hits(image_text(rel, data))
            if found:
                shown = "an image" if matcher.hits(rel) else f"the image '{rel}'"
                if rel.startswith(STAGE):  # the staged drawing's path means nothing to the reader
                    shown = "the image of the genogram"
                origin = md.origin[i]
                out.append(Remaining(origin.path or None, origin.line or None, " or ".join(labels(found)), shown))
    return out


def refusal(found: list[Remaining], output: str) -> DataError:
    """The one-line error for a public edition with names left (the first shown, the rest counted)."""
    first = found[0]
    more = f" ({len(found) - 1} more after this one)" if len(found) > 1 else ""
    if first.what.startswith(("the image", "an image")):
        message = f"{first.what} holds the name of a {first.label}; the public edition was not built{more}"
        hint = ("a pseudonym or household label in family.yaml names someone: rewrite it"
                if first.what.endswith("genogram")
                else "use pseudonyms in the image (and its metadata), or leave it out of the public edition")
    else:
        place = "" if first.what == "text" else f" in its {first.what}"
        message = f"the public edition of {output} still names a {first.label}{place}; nothing was built{more}"
        hint = (f"run `scr anonymise {first.path}` to see the changes it proposes, then rewrite what it lists"
                if first.path and "*" not in first.path else "use pseudonyms here")
    return DataError(message, path=first.path, line=first.line, hint=hint)
