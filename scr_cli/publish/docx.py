"""DOCX details: the per-document reference file (footer text, DRAFT watermark) and metadata stripping.

templates/reference.docx (made by templates/make_reference_docx.py) carries the house styles, a footer
with a placeholder and a header with the DRAFT watermark. For each build we copy it with the footer
filled in and, for an approved document, the watermark taken out. After pandoc has written the DOCX,
its document properties are cut down to an allow-list: the title only (pandoc would otherwise copy
front-matter strings into custom properties).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

FOOTER_PLACEHOLDER = "SCR-FOOTER-TEXT"
_WATERMARK = re.compile(r"<!--scr-watermark-->.*?<!--/scr-watermark-->", re.S)
CUSTOM_EMPTY = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
    'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
    '2006/docPropsVTypes"></Properties>'
)
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


def _core(xml: str) -> str:
    head, sep, rest = xml.partition("?>")
    kept = [
        m.group(0)
        for m in re.finditer(r"<(dc:title|dc:language|dcterms:created|dcterms:modified)\b.*?</\1>", xml, re.S)
    ]
    root = re.search(r"<cp:coreProperties\b[^>]*>", xml)
    if root is None:
        return xml
    return head + sep + "\n" + root.group(0) + "".join(kept) + "</cp:coreProperties>"


_PICTURE_PATH = re.compile(r'(<pic:cNvPr\b[^>]*?\sdescr=")[^"]*(")')


def finish_docx(path: Path, title: str) -> None:
    """Strip the DOCX's properties to the allow-list (title, language, dates), and the pictures' file paths.

    The image file paths are those pandoc leaves in each picture's description; the alt text stays, on the
    drawing itself.
    """
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        core = z.read("docProps/core.xml").decode("utf-8") if "docProps/core.xml" in names else None
        document = z.read("word/document.xml").decode("utf-8") if "word/document.xml" in names else None
    change: dict[str, str | None] = {}
    if document is not None and _PICTURE_PATH.search(document):
        change["word/document.xml"] = _PICTURE_PATH.sub(r"\1\2", document)
    if core is not None:
        change["docProps/core.xml"] = _core(core)
    if "docProps/custom.xml" in names:
        change["docProps/custom.xml"] = CUSTOM_EMPTY
    tmp = path.with_name(path.name + ".strip")
    _rewrite(path, tmp, change)
    tmp.replace(path)
