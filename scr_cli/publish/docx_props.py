"""The custom properties scr writes into every DOCX it builds, and reads back from a returned one.

A DOCX carries `scr-reference` (the review), `scr-path` (the document in the review), `scr-version` (the
version that was sent) and `scr-sha256` (the source file's bytes as built) in docProps/custom.xml, so
`scr receive` knows what came back and which version to compare it with. Word and LibreOffice keep custom
properties when a document is edited and saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from xml.sax.saxutils import escape, unescape

PREFIX = "scr-"
# The standard identifier of a user-defined custom property (ECMA-376 part 1, 22.3.2.2).
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
    'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
    '2006/docPropsVTypes">'
)
_PROPERTY = re.compile(
    r'<(?:\w+:)?property\b[^>]*?\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>\s*</(?:\w+:)?property>', re.S
)


def custom_xml(values: Mapping[str, str]) -> str:
    """docProps/custom.xml holding exactly `values` as text properties (pid counts from 2, as Word's do)."""
    body = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(values.items()), 2)
    )
    return _HEAD + body + "</Properties>"


def read_custom(xml: str) -> dict[str, str]:
    """The scr properties of a custom.xml (others, a user's own, are left out)."""
    out: dict[str, str] = {}
    for m in _PROPERTY.finditer(xml):
        name = unescape(m.group(1), {"&quot;": '"'})
        if name.startswith(PREFIX):
            out[name] = unescape(m.group(2), {"&quot;": '"', "&apos;": "'"})
    return out
