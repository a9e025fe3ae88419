"""A file an agency sends back, checked before anything reads it: its size, its kind, and the zip inside.

`scr receive` takes back only what scr sent: a Word document (DOCX) or an Excel chronology (XLSX), either as
it is or inside the package `scr send` made (a ZIP, or that ZIP encrypted with OpenPGP). Everything else is
refused with the reason (a Word or Excel file protected with the package's password opens with it): a PDF,
an old .doc, a macro-enabled file, a zip whose declared sizes would inflate
past the limits (a zip bomb, found from its directory before a byte is inflated), a file over the size limit.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.crypto import office
from scr_cli.errors import DataError
from scr_cli.publish.docx_props import read_custom

MAX_FILE = 25 * 1024 * 1024  # a returned file (an IMR with photographs stays far below)
MAX_INFLATED = 200 * 1024 * 1024  # everything a zip declares, uncompressed
MAX_RATIO = 200  # one entry's declared size over its compressed size (text compresses ~10x)
MAX_ENTRIES = 2000
DOCX, XLSX = "docx", "xlsx"
_MACRO_PARTS = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX/|macrosheets/)", re.I)
_UNSAFE_XML = re.compile(rb"<!(DOCTYPE|ENTITY)", re.I)
Decrypt = Callable[[bytes], bytes]
_OLE = b"\xd0\xcf\x11\xe0"  # a compound file: an old .doc/.xls, or a DOCX/XLSX encrypted with a password


@dataclass(frozen=True)
class Returned:
    """A checked return: its kind (docx or xlsx), its bytes, the scr properties it carries, and what came."""

    kind: str
    name: str  # the received file's name, for messages
    data: bytes  # the DOCX or XLSX itself
    received: bytes  # the file as it came (the package, when it came in one): kept encrypted
    properties: dict[str, str] = field(default_factory=dict)

    def part(self, name: str) -> bytes | None:
        """One entry of the document (XML), refused when it declares a DOCTYPE or entities."""
        with zipfile.ZipFile(io.BytesIO(self.data)) as z:
            if name not in z.namelist():
                return None
            data = z.read(name)
        if _UNSAFE_XML.search(data[:4096]):
            raise DataError(f"{self.name}: {name} declares a DOCTYPE or entities, which Word never writes",
                            hint="open the file in Word, save it again as .docx, and receive that file")
        return data


def _refuse(name: str, what: str, hint: str) -> DataError:
    return DataError(f"{name}: {what}", hint=hint)


_ASK = "ask the agency for the Word (.docx) file scr sent them, edited and saved"


def _not_a_zip(name: str, data: bytes) -> DataError:
    if data.startswith(b"%PDF"):
        return _refuse(name, "is a PDF, which cannot become a draft (its text and headings cannot be read back "
                             "reliably)", _ASK)
    if data.startswith(_OLE):
        return _refuse(name, "is an old-format (.doc/.xls) or password-protected Office file",
                       "save it in Word as .docx without a password, and receive that file")
    if data.startswith(b"{\\rtf"):
        return _refuse(name, "is an RTF file, not a Word document", "save it in Word as .docx")
    return _refuse(name, "is not a DOCX or XLSX (it is not a zip file)", _ASK)


def _check_directory(name: str, z: zipfile.ZipFile) -> None:
    """Sizes, names and encryption from the zip's directory alone: nothing is inflated yet."""
    infos = z.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(name, f"holds {len(infos)} entries (the limit is {MAX_ENTRIES})", _ASK)
    declared = sum(i.file_size for i in infos)
    if declared > MAX_INFLATED:
        raise _refuse(name, f"declares {declared // (1024 * 1024)} MB uncompressed (the limit is "
                            f"{MAX_INFLATED // (1024 * 1024)} MB): it may be a zip bomb", _ASK)
    for info in infos:
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse(name, f"entry {info.filename[:60]} would inflate {ratio} times its size: it may be a zip "
                                "bomb", _ASK)
        if info.flag_bits & 0x1:
            raise _refuse(name, "is a password-protected zip", "extract it with its password, and receive the "
                                                                "document inside")
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise _refuse(name, "holds an entry with an unsafe path", _ASK)


def _kind(name: str, z: zipfile.ZipFile) -> str:
    names = set(z.namelist())
    macro = next((n for n in names if _MACRO_PARTS.search(n)), None)
    types = z.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    if macro or b"macroEnabled" in types or b"vbaProject" in types:
        raise _refuse(name, "holds macros (a .docm/.xlsm or a VBA project), which scr never accepts",
                      "save it in Word as a plain .docx (Word Document), and receive that file")
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return ""


def _check_xml(name: str, z: zipfile.ZipFile) -> None:
    """No part may declare a DOCTYPE or entities (Word never does; an entity can expand without bound)."""
    for info in z.infolist():
        if info.filename.endswith((".xml", ".rels")):
            with z.open(info) as fh:
                if _UNSAFE_XML.search(fh.read(4096)):
                    raise _refuse(name, f"{info.filename[:60]} declares a DOCTYPE or entities, which Word never "
                                        "writes", "open the file in Word, save it again as .docx, and receive that")


def _properties(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "docProps/custom.xml" not in z.namelist():
            return {}
        raw = z.read("docProps/custom.xml")
    if _UNSAFE_XML.search(raw[:4096]):
        return {}
    return read_custom(raw.decode("utf-8", "replace"))


def _open_zip(name: str, data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise _not_a_zip(name, data)
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise _refuse(name, "is a damaged zip (it cannot be opened as a DOCX or XLSX)", _ASK) from None
    _check_directory(name, z)
    return z


def _document(name: str, data: bytes, received: bytes, depth: int = 0) -> Returned:
    with _open_zip(name, data) as z:
        try:
            kind = _kind(name, z)
            if kind:
                z.testzip()  # every entry's checksum, now the sizes are known to be sane
                _check_xml(name, z)
                return Returned(kind, name, data, received, _properties(data))
            inner = [i for i in z.infolist() if i.filename.lower().endswith((".docx", ".xlsx"))]
            if depth or len(inner) != 1:
                found = f"{len(inner)} documents" if inner else "no Word or Excel document"
                raise _refuse(name, f"is a zip holding {found}", "receive one .docx or .xlsx at a time "
                                                                 "(extract it from the package first)")
            return _document(f"{name}:{inner[0].filename[-60:]}", z.read(inner[0]), received, depth + 1)
        except (zipfile.BadZipFile, EOFError, KeyError, ValueError, NotImplementedError):
            raise _refuse(name, "is a damaged zip (an entry cannot be read)", _ASK) from None


def _is_openpgp(data: bytes) -> bool:
    if data.startswith(b"-----BEGIN PGP MESSAGE-----"):
        return True
    tag = data[0] if data else 0
    # a binary OpenPGP message starts with a public-key or symmetric-key encrypted session key packet
    if not tag & 0x80:
        return False
    packet = tag & 0x3F if tag & 0x40 else (tag >> 2) & 0xF
    return packet in (1, 3)


def _office(name: str, data: bytes, password: str | None) -> bytes:
    """A Word or Excel file protected with a password (the package's, from `scr send`), opened with it."""
    if password is None:
        raise _refuse(name, "is an old-format (.doc/.xls) or password-protected Office file",
                      "give the package's password with --password, or save it as .docx without a password")
    opened = office.decrypt(data, password)
    if opened is None:
        raise _refuse(name, "does not open with that password (or it is an old-format .doc/.xls)",
                      "check the password the package was sent with")
    return opened


def check(path: Path, data: bytes, decrypt: Decrypt, password: str | None = None) -> Returned:
    """The returned file, checked: a DOCX or XLSX (from its package, decrypted with `decrypt` if encrypted).

    A Word or Excel file protected with the package's password is opened with `password`.
    """
    name = path.name[-80:]
    if len(data) > MAX_FILE:
        raise _refuse(name, f"is {len(data) // (1024 * 1024)} MB, over the {MAX_FILE // (1024 * 1024)} MB limit "
                            "for a returned document", "ask for the document without embedded videos or scans")
    if not data:
        raise _refuse(name, "is empty", _ASK)
    inner = data
    if _is_openpgp(data):
        inner = decrypt(data)
        if len(inner) > MAX_FILE:
            raise _refuse(name, f"decrypts to over the {MAX_FILE // (1024 * 1024)} MB limit", _ASK)
    if inner.startswith(_OLE):
        inner = _office(name, inner, password)
    return _document(name, inner, data)
