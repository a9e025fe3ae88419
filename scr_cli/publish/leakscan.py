"""Read back every piece of text a built file holds, so a public edition can be checked for names.

Not `strings | grep`: names inside a PDF are glyph runs in compressed streams. We use a PDF parser for the
page text and walk every object for strings (metadata, outline, link targets, alt text, tags), read the
XMP stream, unzip every XML part of a DOCX (joining text split across runs), and strip HTML tags while
keeping attribute values (alt, title, href).
"""

from __future__ import annotations

import base64
import html
import re
import urllib.parse
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scr_cli.review.pseudonyms import NameMatcher


@dataclass(frozen=True)
class Chunk:
    """A piece of a built file's readable text, and where in the file it was found."""

    where: str  # "page 3", "PDF metadata", "word/document.xml", ...
    text: str


@dataclass(frozen=True)
class Leak:
    """A protected name found in a public edition: where, and whose (a label, never the name itself)."""

    where: str
    label: str  # "family member 'Mother'": never the name itself


_SKIP_KEYS = frozenset(("/Parent", "/P", "/Contents", "/Font", "/FontFile", "/FontFile2", "/FontFile3"))


def _utf8_reading(text: str) -> str:
    """A string pypdf read as Latin-1 that is really UTF-8 (link addresses are bytes): its UTF-8 reading."""
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


class _PdfStrings:
    """Every string in a PDF's object tree (metadata, outline, links, tags), XMP streams included."""

    def __init__(self) -> None:
        from pypdf import generic  # here: pypdf costs most of a second to import, and only PDFs need it

        self.g = generic
        self.strings: list[str] = []
        self.seen: set[int] = set()

    def walk(self, obj: Any, depth: int = 0) -> None:
        if depth > 60:
            return
        if isinstance(obj, self.g.IndirectObject):
            if obj.idnum in self.seen:
                return
            self.seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, self.g.StreamObject) and not self._stream(obj):
            return
        if isinstance(obj, self.g.DictionaryObject):
            for key, value in obj.items():
                if key not in _SKIP_KEYS:
                    self.walk(value, depth + 1)
        elif isinstance(obj, self.g.ArrayObject):
            for value in obj:
                self.walk(value, depth + 1)
        elif isinstance(obj, str | bytes):
            text = obj.decode("latin-1") if isinstance(obj, bytes) else str(obj)
            self.strings.append(text)
            if not text.isascii():
                self.strings.append(_utf8_reading(text))

    def _stream(self, obj: Any) -> bool:
        """Read an XML metadata stream; False for streams not to walk into (images, fonts)."""
        kind = obj.get("/Type")
        if kind == "/Metadata" or obj.get("/Subtype") == "/XML":
            try:
                self.strings.append(obj.get_data().decode("utf-8", "replace"))
            except Exception:  # noqa: BLE001 - an undecodable stream cannot hide readable text
                self.strings.append("")
        return not (kind == "/XObject" or "/FontFile" in str(kind))


def pdf_chunks(path: Path) -> list[Chunk]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    chunks = [Chunk(f"page {i}", page.extract_text() or "") for i, page in enumerate(reader.pages, 1)]
    strings = _PdfStrings()
    strings.walk(reader.trailer)
    chunks.append(Chunk("PDF objects (metadata, outline, links, tags)", "\n".join(strings.strings)))
    return chunks


_TAG = re.compile(r"<[^>]*>")
_ATTR = re.compile(r"""\s[\w:.-]+\s*=\s*("([^"]*)"|'([^']*)')""")
_BREAK = re.compile(
    r"</w:p>|</a:p>|<w:br\b[^>]*>|<w:tab\b[^>]*>|</p>|<br\b[^>]*>|</(?:h\d|li|td|th|div|tr)>", re.IGNORECASE
)


def markup_text(xml: str) -> str:
    """Text of an XML/HTML part: runs joined within a paragraph, plus every attribute value."""
    attrs = []
    for m in _ATTR.finditer(xml):
        value = m.group(2) if m.group(2) is not None else m.group(3) or ""
        if not value.startswith("data:"):
            attrs.append(html.unescape(value))
    body = _TAG.sub("", _BREAK.sub("\n", xml))
    return html.unescape(body) + "\n" + "\n".join(attrs)


def image_text(name: str, data: bytes) -> str:
    """The readable text of an image: an SVG's text and attributes (a genogram!), else the strings in its bytes.

    EXIF, XMP and PNG text fields are stored uncompressed, so the strings find them.
    """
    if name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<?xml", b"<svg ", b"<svg>"):
        svg = data.decode("utf-8", "replace")
        return re.sub(r"<[^>]*>", " ", svg) + "\n" + markup_text(svg)
    return data.decode("latin-1")


def docx_chunks(path: Path) -> list[Chunk]:
    chunks = []
    with zipfile.ZipFile(path) as z:
        for info in z.infolist():
            if info.filename.endswith((".xml", ".rels")):
                chunks.append(Chunk(info.filename, markup_text(z.read(info).decode("utf-8", "replace"))))
            elif info.filename.startswith("word/media/"):
                chunks.append(Chunk(info.filename, image_text(info.filename, z.read(info))))
    return chunks


_DATA_URI = re.compile(r"""data:([\w.+-]+/[\w.+-]+)?((?:;[\w=.+-]+)*?)(;base64)?,([^"')\s]*)""")


def html_chunks(path: Path) -> list[Chunk]:
    text = path.read_text(encoding="utf-8", errors="replace")
    chunks = []
    for n, m in enumerate(_DATA_URI.finditer(text), 1):  # embedded images (and fonts, css)
        payload = html.unescape(m.group(4))
        try:
            data = base64.b64decode(payload) if m.group(3) else urllib.parse.unquote_to_bytes(payload)
        except ValueError:
            continue
        if (m.group(1) or "").startswith("image/"):
            chunks.append(Chunk(f"HTML embedded image {n}", image_text(m.group(1) or "", data)))
    text = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.IGNORECASE | re.DOTALL)
    return [Chunk("HTML", markup_text(text)), *chunks]


def svg_chunks(path: Path) -> list[Chunk]:
    """An SVG's text and every attribute (a name may hide in a title, an id or a label)."""
    return [Chunk("SVG", image_text(path.name, path.read_bytes()))]


def chunks_of(path: Path) -> list[Chunk]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return pdf_chunks(path)
    if suffix == ".docx":
        return docx_chunks(path)
    if suffix in (".html", ".htm"):
        return html_chunks(path)
    if suffix == ".svg":
        return svg_chunks(path)
    return [Chunk(path.name, path.read_text(encoding="utf-8", errors="replace"))]


def scan(path: Path, matcher: NameMatcher) -> list[Leak]:
    """Every protected name found in the built file, with where it was found."""
    leaks: list[Leak] = []
    for chunk in chunks_of(path):
        text = chunk.text
        if "%" in text:  # addresses keep names percent-encoded ("v%C3%B6..."): read them decoded as well
            text += "\n" + urllib.parse.unquote(text)
        for hit in matcher.hits(text):  # any case, any member it may be: the scan errs towards refusing
            leaks += [Leak(chunk.where, member.label) for member in hit.members]
    return leaks
