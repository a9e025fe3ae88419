"""The page layout of a built DOCX: its cover, page and section breaks, the contents list and table widths.

Pandoc writes the body; the cover and the markers come from scr (raw OpenXML, every value escaped) and the
house filter (templates/house.lua). After pandoc has run, `lay_out` turns the markers into Word's own
structures:

- `<!--scr:page-->` becomes a page break, unless the page has only just begun (no blank pages);
- `<!--scr:section portrait|landscape-->` ends a section of that orientation (A4 turned for the
  chronology and the action plan), with the reference document's margins, header and footer;
- `<!--scr:contents N-->` becomes a Word contents field (headings 1..N) already filled in with the
  document's headings as links, so it reads correctly in any program; Word adds the page numbers when it
  updates the field on opening;
- every table's columns are scaled to the text width of the section it stands in (pandoc assumes a
  narrower page, which made LibreOffice break words such as "Recommen dation"); on landscape pages no
  table row splits across pages.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape

_SECTPR = re.compile(r"<w:sectPr\b.*?</w:sectPr>", re.S)
_MARKER = re.compile(r"<!--scr:(page|section portrait|section landscape|contents \d)-->")
_CONTENTS_AT = re.compile(r"<!--scr:contents-at (\d)-->")
_BREAK = '<w:p><w:pPr><w:spacing w:before="0" w:after="0" /></w:pPr><w:r><w:br w:type="page" /></w:r></w:p>'
_QUIET = re.compile(r"(?:\s|<w:bookmark(?:Start|End)\b[^>]*/>)*")  # nothing a reader sees
_GRID = re.compile(r"<w:tblGrid>(.*?)</w:tblGrid>", re.S)
_GRIDCOL = re.compile(r'<w:gridCol w:w="(\d+)"\s*/>')
_HEADING = re.compile(
    r'(?:<w:bookmarkStart w:id="\d+" w:name="([^"]+)" />\s*)?<w:p><w:pPr><w:pStyle w:val="Heading([1-9])" />'
    r".*?</w:p>",
    re.S,
)


def _run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b /><w:bCs /></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(" ".join(text.split()))}</w:t></w:r>'


def _para(style: str, runs: str) -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}" /></w:pPr>{runs}</w:p>'


def cover_xml(meta: Mapping[str, str]) -> str:
    """The cover page: classification, board, title, subtitle and the document's details, then a page break."""
    rows = [("Reference", meta["reference"]), ("Version", meta["version-label"]), ("Date", meta["date"]),
            ("Status", meta["status-label"])]
    if meta.get("signed"):
        rows.append(("Signed off", meta["signed"]))
    details = "".join(
        _para("CoverDetail", _run(label, bold=True) + "<w:r><w:tab /></w:r>" + _run(value)) for label, value in rows
    )
    parts = [
        _para("CoverClassification", _run(meta["classification"], bold=True)),
        _para("CoverBoard", _run(meta["board"])),
        _para("CoverTitle", _run(meta["title"])),
        _para("CoverSubtitle", _run(meta["subtitle"])) if meta.get("subtitle") else "",
        details,
        _para("CoverFoot", _run(meta["classification"], bold=True)),
    ]
    return "".join(parts) + "<!--scr:page-->"


def _attr(tag: str, name: str, default: int) -> int:
    m = re.search(rf'\bw:{name}="(\d+)"', tag)
    return int(m.group(1)) if m else default


def _tag(xml: str, name: str) -> str:
    m = re.search(rf"<w:{name}\b[^>]*/>", xml)
    return m.group(0) if m else ""


def _sections(final: str) -> dict[str, str]:
    """The reference document's section properties as a portrait and as a landscape section."""
    size = _tag(final, "pgSz")
    if not size:
        return {"portrait": final, "landscape": final}
    w, h = _attr(size, "w", 11906), _attr(size, "h", 16838)
    short, long = min(w, h), max(w, h)
    return {
        "portrait": final.replace(size, f'<w:pgSz w:w="{short}" w:h="{long}" />'),
        "landscape": final.replace(size, f'<w:pgSz w:w="{long}" w:h="{short}" w:orient="landscape" />'),
    }


def text_width(section: str) -> int:
    """The width between the margins of a section, in twips."""
    margins = _tag(section, "pgMar")
    return _attr(_tag(section, "pgSz"), "w", 11906) - _attr(margins, "left", 1304) - _attr(margins, "right", 1304)


def _keep_rows(xml: str) -> str:
    """Every table row kept on one page (Word's "allow row to break across pages" off)."""
    xml = re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit /></w:trPr>", xml)
    return xml.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit />").replace(
        "<w:cantSplit /><w:cantSplit />", "<w:cantSplit />"
    )


def _fit_tables(xml: str, width: int) -> str:
    def fit(m: re.Match[str]) -> str:
        cols = [int(w) for w in _GRIDCOL.findall(m.group(1))]
        if not cols or sum(cols) <= 0:
            return m.group(0)
        scaled = [c * width // sum(cols) for c in cols]
        scaled[-1] += width - sum(scaled)
        return "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{c}" />' for c in scaled) + "</w:tblGrid>"

    return _GRID.sub(fit, xml)


def _contents(depth: int, rest: str, width: int) -> str:
    """A filled-in contents field listing the headings (levels 1..depth) found in `rest`."""
    entries = []
    for m in _HEADING.finditer(rest):
        level = int(m.group(2))
        if level > depth:
            continue
        texts = re.findall(r"<w:t[^>]*>([^<]*)</w:t>|<w:tab\s*/>", m.group(0))
        label = " ".join(" ".join(t or " " for t in texts).split())  # already escaped: it is the XML's text
        link = f'<w:r><w:t xml:space="preserve">{label}</w:t></w:r>'
        if m.group(1):
            link = f'<w:hyperlink w:anchor="{m.group(1)}" w:history="1">{link}</w:hyperlink>'
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{width}" /></w:tabs>'
        entries.append(f'<w:p><w:pPr><w:pStyle w:val="TOC{level}" />{tabs}</w:pPr>{link}</w:p>')
    begin = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r><w:r><w:instrText xml:space="preserve">'
        f' TOC \\o "1-{depth}" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate" /></w:r></w:p>'
    )
    end = '<w:p><w:r><w:fldChar w:fldCharType="end" /></w:r></w:p>'
    return (
        '<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents" /><w:docPartUnique />'
        f'</w:docPartObj></w:sdtPr><w:sdtContent>{_para("TOCHeading", _run("Contents"))}{begin}'
        f"{''.join(entries)}{end}</w:sdtContent></w:sdt>"
    )


def _fit(xml: str, kind: str, sections: dict[str, str]) -> str:
    """Tables sized to their section; on landscape pages (the chronology, the action plan) rows never split."""
    xml = _fit_tables(xml, text_width(sections[kind]))
    return _keep_rows(xml) if kind == "landscape" else xml


class _Layout:
    """The body read in order: XML between markers goes into the section being built."""

    def __init__(self, sections: dict[str, str]) -> None:
        self.sections = sections
        self.done: list[str] = []
        self.chunk: list[str] = []
        self.fresh = True  # the page has only just begun: a page break here would leave it blank
        self.last_kind = "portrait"

    def text(self, xml: str) -> None:
        if not _QUIET.fullmatch(xml):
            self.fresh = False
        self.chunk.append(xml)

    def page(self) -> None:
        if not self.fresh:
            self.chunk.append(_BREAK)
            self.fresh = True

    def section(self, kind: str) -> None:
        seen = [i for i, xml in enumerate(self.chunk) if not _QUIET.fullmatch(xml)]
        if seen and self.chunk[seen[-1]] == _BREAK:  # a section break breaks the page itself
            del self.chunk[seen[-1]]
        xml = "".join(self.chunk)
        if _QUIET.fullmatch(xml):
            return  # nothing in this section: no section (and no blank page) for it
        self.done.append(_fit(xml, kind, self.sections))
        self.done.append(f"<w:p><w:pPr>{self.sections[kind]}</w:pPr></w:p>")
        self.last_kind = kind
        self.chunk = []
        self.fresh = True

    def finish(self) -> tuple[str, str]:
        """The laid-out body and the kind of its last section."""
        kind = "portrait"
        if _QUIET.fullmatch("".join(self.chunk)) and self.done and self.done[-1].startswith("<w:p><w:pPr><w:sectPr"):
            self.done.pop()  # nothing after the last section break: that section ends the document instead
            kind = self.last_kind
        self.done.append(_fit("".join(self.chunk), kind, self.sections))
        return "".join(self.done), kind


def lay_out(document: str) -> str:
    """document.xml with scr's markers turned into breaks, sections and contents, and its tables fitted."""
    found = _SECTPR.findall(document)
    if not found:
        return document
    final = found[-1]
    sections = _sections(final)
    at = document.rindex(final)
    head, sep, body = document[:at].partition("<w:body>")
    layout = _Layout(sections)
    for i, piece in enumerate(_MARKER.split(body)):
        if i % 2 == 0:
            layout.text(piece)
        elif piece == "page":
            layout.page()
        elif piece.startswith("contents"):
            layout.text(f"<!--scr:contents-at {piece.split()[1]}-->")
        else:
            layout.section(piece.split()[1])
    laid, kind = layout.finish()
    width = text_width(sections["portrait"])
    laid = _CONTENTS_AT.sub(lambda m: _contents(int(m.group(1)), laid[m.end():], width), laid)
    return head + sep + laid + sections[kind] + document[at + len(final):]
