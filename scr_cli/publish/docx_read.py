"""What a returned Word document holds besides its text: comments, tracked changes and tables.

Read from the document's own XML (word/document.xml, word/comments.xml) with the standard library; the
parts reach here only through `Returned.part`, which refuses XML declaring a DOCTYPE or entities.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from scr_cli.errors import DataError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SHY = "\u00ad"
EXCERPT = 80  # characters of the paragraph a note is about


@dataclass(frozen=True)
class Note:
    """A Word comment or tracked change: its kind, who and when (as Word recorded them), its text and place."""

    kind: str  # comment, insertion, deletion
    author: str
    when: str
    text: str
    on: str  # the start of the paragraph it is attached to


def _parse(data: bytes, name: str, part: str) -> ET.Element:
    try:
        return ET.fromstring(data)
    except ET.ParseError:
        raise DataError(f"{name}: {part} is not well-formed XML", hint="open the file in Word, save it again as "
                                                                       ".docx, and receive that file") from None


def text_of(el: ET.Element, changes: str = "accept") -> str:
    """An element's text as Word shows it: insertions kept and deletions dropped (accept), or the reverse."""
    out: list[str] = []

    def walk(node: ET.Element, inserted: bool, deleted: bool) -> None:
        tag = node.tag
        if tag == W + "p" and out:
            out.append(" ")
        if tag == W + "ins":
            inserted = True
        elif tag == W + "del":
            deleted = True
        shown = (not deleted) if changes == "accept" else (not inserted)
        if tag == W + "t" and shown or tag == W + "delText" and shown:
            out.append(node.text or "")
        elif tag in (W + "tab", W + "br") and shown:
            out.append(" ")
        for child in node:
            walk(child, inserted, deleted)

    walk(el, False, False)
    return "".join(out).replace(SHY, "")


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def changes(document: bytes, name: str) -> list[Note]:
    """Every tracked insertion and deletion, in document order, with the paragraph it is in."""
    root = _parse(document, name, "word/document.xml")
    found: list[Note] = []
    for para in root.iter(W + "p"):
        for el in para.iter():
            if el.tag in (W + "ins", W + "del"):
                words = "".join((t.text or "") for t in el.iter() if t.tag in (W + "t", W + "delText"))
                if words.strip():
                    kind = "insertion" if el.tag == W + "ins" else "deletion"
                    found.append(Note(kind, el.get(W + "author", ""), el.get(W + "date", ""), words,
                                      _excerpt(text_of(para, "reject"))))
    return found


def _anchors(document: bytes, name: str) -> dict[str, str]:
    root = _parse(document, name, "word/document.xml")
    out: dict[str, str] = {}
    for para in root.iter(W + "p"):
        for el in para.iter():
            if el.tag in (W + "commentRangeStart", W + "commentReference"):
                out.setdefault(el.get(W + "id", ""), _excerpt(text_of(para)))
    return out


def comments(document: bytes, comments_xml: bytes | None, name: str) -> list[Note]:
    """Every Word comment with its author, date and the paragraph it is on."""
    if comments_xml is None:
        return []
    anchors = _anchors(document, name)
    root = _parse(comments_xml, name, "word/comments.xml")
    found = []
    for c in root.iter(W + "comment"):
        paragraphs = [text_of(p) for p in c.iter(W + "p")]
        text = "\n".join(p for p in paragraphs if p.strip())
        if text.strip():
            found.append(Note("comment", c.get(W + "author", ""), c.get(W + "date", ""), text,
                              anchors.get(c.get(W + "id", ""), "")))
    return found


def tables(document: bytes, name: str, changes: str = "accept") -> list[list[list[str]]]:
    """Every top-level table as rows of cell texts (a row Word marks deleted is left out when accepting)."""
    root = _parse(document, name, "word/document.xml")
    body = root.find(W + "body")
    out: list[list[list[str]]] = []
    for tbl in (body.iter(W + "tbl") if body is not None else ()):
        rows = []
        for tr in tbl.findall(W + "tr"):
            props = tr.find(W + "trPr")
            gone = props is not None and props.find(W + ("del" if changes == "accept" else "ins")) is not None
            if not gone:
                rows.append([" ".join(text_of(tc, changes).split()) for tc in tr.findall(W + "tc")])
        out.append(rows)
    return out
