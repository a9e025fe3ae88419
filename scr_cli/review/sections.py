"""A document's standard headings, empty sections and template placeholders, judged at file:line. Pure.

The headings a document must have are the regime's (`documents[].headings`); the placeholders are the
regime's too (`placeholders`). A section is empty when nothing but HTML comments, whitespace or the
template's own guidance for that heading is left under it. A draft's missing headings and placeholders are
warnings and its empty sections are work still to do; a document that is final, or being made final, may
have none of the three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scr_cli.review.model import Document, Issue, Severity
from scr_cli.review.references import fenced_lines

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Section:
    """One heading of a document: its level and title, the file line it stands on, and the text under it."""

    level: int
    title: str
    line: int
    text: str


def key(title: str) -> str:
    """A heading as compared: case, spacing and trailing punctuation aside."""
    return _SPACE.sub(" ", title).strip().rstrip(":.").casefold()


def plain(text: str) -> str:
    """Text as compared for emptiness: comments out, spacing collapsed."""
    return _SPACE.sub(" ", _COMMENT.sub("", text)).strip()


def sections(body: str, body_line: int = 1) -> list[Section]:
    """The ATX headings of a Markdown body outside code fences, each with the text up to the next heading."""
    lines = body.split("\n")
    fenced = fenced_lines(lines)
    marks = [(i, m) for i, line in enumerate(lines) if i not in fenced and (m := _HEADING.match(line))]
    out = []
    for n, (i, match) in enumerate(marks):
        end = marks[n + 1][0] if n + 1 < len(marks) else len(lines)
        out.append(Section(len(match.group(1)), match.group(2), body_line + i, "\n".join(lines[i + 1:end])))
    return out


def guidance_of(template_body: str) -> dict[str, str]:
    """What a template says under each heading (by `key`): text that only guides, not content."""
    return {key(s.title): plain(s.text) for s in sections(template_body)}


def _missing(doc: Document, found: list[Section], wanted: tuple[str, ...], severity: Severity) -> list[Issue]:
    have = {key(s.title) for s in found}
    top = [s for s in found if s.level == 1] or found
    out = []
    for index, title in enumerate(wanted):
        if key(title) in have:
            continue
        # the heading standing where this one should: a renamed heading, or the place to add it
        stand_in = top[index] if index < len(top) and key(top[index].title) not in {key(w) for w in wanted} else None
        if stand_in is not None:
            out.append(Issue(severity, "heading-renamed", doc.path, stand_in.line, 1,
                             f"heading '{stand_in.title}' stands where the standard heading '{title}' belongs",
                             f"call it '# {title}' (the standard headings of this document are the regime's)"))
        else:
            line = next((s.line for s in found if key(s.title) in {key(w) for w in wanted[index + 1:]}),
                        doc.body_line + doc.body.rstrip("\n").count("\n"))
            out.append(Issue(severity, "heading-missing", doc.path, line, 1,
                             f"the standard heading '{title}' is missing", f"add '# {title}' with its section"))
    return out


def _empty(doc: Document, found: list[Section], wanted: tuple[str, ...], guidance: dict[str, str],
           severity: Severity) -> list[Issue]:
    wanted_keys = {key(w) for w in wanted}
    out = []
    for n, section in enumerate(found):
        if key(section.title) not in wanted_keys:
            continue
        text = plain(section.text)
        deeper = n + 1 < len(found) and found[n + 1].level > section.level
        if deeper or (text and text != guidance.get(key(section.title))):
            continue
        what = "only the template's guidance is left" if text else "nothing is written"
        out.append(Issue(severity, "section-empty", doc.path, section.line, 1,
                         f"section '{section.title}' is empty: {what}",
                         "write the section (replace the guidance), or say why it does not apply"))
    return out


def _placeholders(doc: Document, front_text: str, placeholders: tuple[str, ...], severity: Severity) -> list[Issue]:
    if not placeholders:
        return []
    token = re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in placeholders) + r")(?![\w-])")
    out = []
    for i, line in enumerate(front_text.split("\n")):
        match = token.search(line)
        if match:
            out.append(Issue(severity, "placeholder", doc.path, 2 + i, match.start() + 1,
                             f"the template's placeholder '{match.group(1)}' is still in the front matter",
                             "fill it in (scr imr commission fills an IMR's from people.yaml and agencies.yaml)"))
    body = doc.body.split("\n")
    fenced = fenced_lines(body)
    visible = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), doc.body).split("\n")
    for i, line in enumerate(visible):
        match = token.search(line) if i not in fenced else None
        if match:
            out.append(Issue(severity, "placeholder", doc.path, doc.body_line + i, match.start() + 1,
                             f"the template's placeholder '{match.group(1)}' is still in the text",
                             "replace it with the real value"))
    return out


def section_issues(doc: Document, front_text: str, wanted: tuple[str, ...], guidance: dict[str, str],
                   placeholders: tuple[str, ...], final: bool | None = None) -> list[Issue]:
    """Missing or renamed standard headings, empty sections and placeholders left, in line order."""
    if doc.locked:
        return []
    is_final = doc.status == "final" if final is None else final
    severity: Severity = "error" if is_final else "warning"
    found = sections(doc.body, doc.body_line)
    issues = [*_missing(doc, found, wanted, severity), *_placeholders(doc, front_text, placeholders, severity)]
    if is_final:  # a draft's empty sections are work still to do
        issues += _empty(doc, found, wanted, guidance, severity)
    return sorted(issues, key=lambda i: (i.line, i.column, i.code))
