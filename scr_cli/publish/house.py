"""The house style's rules that every output format shares.

One way to write a date, and when a document is long enough to need a contents list. A contents list
costs a page. A document gets one when it has at least `CONTENTS_MIN_HEADINGS` headings (levels 1 and 2),
or at least `CONTENTS_MIN_HEADINGS_LONG` headings and `CONTENTS_MIN_WORDS` words (about five pages); the
pack always has one, listing its documents. HTML always carries its contents as a list at the top: on a
screen it costs no page.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from scr_cli.review.references import fenced_lines

CONTENTS_MIN_HEADINGS = 10
CONTENTS_MIN_HEADINGS_LONG = 4
CONTENTS_MIN_WORDS = 2500
CONTENTS_DEPTH = 2  # sections and subsections; the PDF's bookmarks hold every level
PACK_CONTENTS_DEPTH = 1  # the documents of the pack

# A page break in both writers: each ignores the raw block meant for the other.
PAGE_BREAK = '\n```{=typst}\n#pagebreak()\n```\n\n```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```\n\n'
_HEADING = re.compile(r"^#{1,2}\s+\S")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def long_date(when: date | None, missing: str = "undated") -> str:
    """`2 January 2027`: the one date style of every document scr builds."""
    return f"{when.day} {when:%B %Y}" if when else missing


def version_label(version: int | None, draft: bool) -> str:
    """`Draft v2` until a document is approved, then `Version 2` (`Final` when it has no version number)."""
    if draft:
        return f"Draft v{version}" if version else "Draft"
    return f"Version {version}" if version else "Final"


def contents_depth(lines: Sequence[str]) -> int:
    """How deep a document's contents list goes (0: none), by the rule in this module's docstring."""
    fenced = fenced_lines(list(lines))
    headings = sum(1 for i, line in enumerate(lines) if i not in fenced and _HEADING.match(line))
    if headings >= CONTENTS_MIN_HEADINGS:
        return CONTENTS_DEPTH
    if headings >= CONTENTS_MIN_HEADINGS_LONG and sum(len(_WORD.findall(ln)) for ln in lines) >= CONTENTS_MIN_WORDS:
        return CONTENTS_DEPTH
    return 0
