"""DOCX details: the per-document reference file (footer text, DRAFT watermark) and the finishing pass.

The finishing pass lays out the pages and strips the metadata.

templates/reference.docx (made by templates/make_reference_docx.py) carries the house styles, a footer
with a placeholder and a header with the DRAFT watermark. For each build we copy it with the footer
filled in and, for an approved document, the watermark taken out. After pandoc has written the DOCX, its
page layout is finished (`docx_layout.lay_out`: cover, breaks, landscape sections, contents, table widths)
and its document properties are cut down to an allow-list: the title, and as custom properties only scr's own
(the review reference, the document's path and version: publish/docx_props.py) — pandoc would otherwise copy
front-matter strings into them.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from scr_cli.publish.docx_layout import lay_out
from scr_cli.publish.docx_props import custom_xml

FOOTER_PLACEHOLDER = "SCR-FOOTER-TEXT"
_WATERMARK = re.compile(r"<!--scr-watermark-->.*?<!--/scr-watermark-->", re.S)
CUSTOM_EMPTY = custom_xml({})
CORE_KEEP = ("dc:title", "dc:language", "dcterms:created", "dcterms:modified")


def _rewrite(src: Path, dst: Path, change: dict[str, str | None]) -> None:
    """Copy a zip, replacing (str) or dropping (None) named entries; entry order and dates are kept."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in change:
                new = change[info.filename]
                if new is None:
                    continue
                data = new.encode("utf-8")
            else:
                data = zin.read(info)
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.external_attr = info.external_attr
            zout.writestr(entry, data, zipfile.ZIP_DEFLATED)


def reference_docx(template: Path, scratch: Path, footer: str, draft: bool) -> Path:
    with zipfile.ZipFile(template) as z:
        footer_xml = z.read("word/footer1.xml").decode("utf-8")
        header_xml = z.read("word/header1.xml").decode("utf-8")
    footer_xml = footer_xml.replace(FOOTER_PLACEHOLDER, escape(footer))
    if not draft:
        header_xml = _WATERMARK.sub("", header_xml)
    out = scratch / "reference.docx"
    _rewrite(template, out, {"word/footer1.xml": footer_xml, "word/header1.xml": header_xml})
    return out


def _core(xml: str, title: str) -> str:
    head, sep, rest = xml.partition("?>")
    kept = [
        m.group(0) for m in re.finditer(r"<(dc:language|dcterms:created|dcterms:modified)\b.*?</\1>", xml, re.S)
    ]
    root = re.search(r"<cp:coreProperties\b[^>]*>", xml)
    if root is None:
        return xml
    ns = "" if "xmlns:dc=" in root.group(0) else ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    opening = root.group(0)[:-1] + ns + ">"
    title_xml = f"<dc:title>{escape(title)}</dc:title>"
    return head + sep + "\n" + opening + title_xml + "".join(kept) + "</cp:coreProperties>"


_PICTURE_PATH = re.compile(r'(<pic:cNvPr\b[^>]*?\sdescr=")[^"]*(")')


def finish_docx(path: Path, title: str, properties: Mapping[str, str] | None = None) -> None:
    """Lay out the pages, set the title, and strip the DOCX's properties and the pictures' file paths.

    The properties are cut to the allow-list (title, language, dates); the image file paths are those pandoc
    leaves in each picture's description (the alt text stays, on the drawing itself). `properties` are the
    only custom properties kept (scr's own: publish/docx_props.py).
    """
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        core = z.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in names else None
        document = z.read("word/document.xml").decode("utf-8") if "word/document.xml" in names else None
    change: dict[str, str | None] = {}
    if document is not None:
        change["word/document.xml"] = lay_out(_PICTURE_PATH.sub(r"\1\2", document))
    if core is not None:
        change["docProps/core.xml"] = _core(core, title)
    if "docProps/custom.xml" in names:
        change["docProps/custom.xml"] = custom_xml(properties or {})
    tmp = path.with_name(path.name + ".strip")
    _rewrite(path, tmp, change)
    tmp.replace(path)
