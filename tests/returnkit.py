"""Test kit for `scr receive`: Word documents edited in their XML the way Word saves an author's edits.

Each helper takes the bytes of a DOCX scr built and returns new bytes: a paragraph's words changed, a tracked
insertion (w:ins) or deletion (w:del) with its author and date, a comment (word/comments.xml and its range
in the document), a row added to a table, a part replaced or added. Nothing here is scr's own code.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

AUTHOR = "A. Reviewer"  # a fictional reviewer
WHEN = "2026-11-30T10:00:00Z"


def parts(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def rezip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return out.getvalue()


def edit_part(docx: bytes, name: str, change: Callable[[str], str]) -> bytes:
    entries = parts(docx)
    before = entries[name].decode("utf-8")
    after = change(before)
    assert after != before, f"the edit did not apply to {name}"
    entries[name] = after.encode("utf-8")
    return rezip(entries)


def replace_text(docx: bytes, old: str, new: str) -> bytes:
    """A paragraph's words changed in place (as typing over them with tracking off)."""
    return edit_part(docx, "word/document.xml", lambda x: x.replace(old, new, 1))


def track_insertion(docx: bytes, before: str, inserted: str, after: str) -> bytes:
    """Split the run holding `before + after` and put `inserted` between them as a tracked insertion."""

    def change(xml: str) -> str:
        run = re.compile(r"<w:r><w:t xml:space=\"preserve\">" + re.escape(before + after) + r"</w:t></w:r>")
        return run.sub(
            f'<w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
            f'<w:ins w:id="901" w:author="{AUTHOR}" w:date="{WHEN}"><w:r><w:t xml:space="preserve">{inserted}'
            f'</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">{after}</w:t></w:r>', xml, count=1)

    return edit_part(docx, "word/document.xml", change)


def track_deletion(docx: bytes, before: str, deleted: str, after: str) -> bytes:
    """Split the run holding `before + deleted + after` and mark `deleted` as a tracked deletion."""

    def change(xml: str) -> str:
        run = re.compile(r"<w:r><w:t xml:space=\"preserve\">" + re.escape(before + deleted + after) + r"</w:t></w:r>")
        return run.sub(
            f'<w:r><w:t xml:space="preserve">{before}</w:t></w:r>'
            f'<w:del w:id="902" w:author="{AUTHOR}" w:date="{WHEN}"><w:r><w:delText xml:space="preserve">'
            f'{deleted}</w:delText></w:r></w:del><w:r><w:t xml:space="preserve">{after}</w:t></w:r>', xml, count=1)

    return edit_part(docx, "word/document.xml", change)


def add_comment(docx: bytes, on: str, text: str) -> bytes:
    """A Word comment on the run holding `on`: its range and reference in the document, its text in comments.xml."""

    def in_document(xml: str) -> str:
        run = f'<w:r><w:t xml:space="preserve">{on}</w:t></w:r>'
        assert run in xml
        return xml.replace(run, f'<w:commentRangeStart w:id="0" />{run}<w:commentRangeEnd w:id="0" />'
                                '<w:r><w:commentReference w:id="0" /></w:r>', 1)

    def in_comments(xml: str) -> str:
        comment = (f'<w:comment w:id="0" w:author="{AUTHOR}" w:date="{WHEN}" w:initials="AR"><w:p><w:r>'
                   f'<w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:comment>')
        if xml.rstrip().endswith("/>"):  # <w:comments ... /> when pandoc wrote none
            return re.sub(r"\s*/>\s*$", ">" + comment + "</w:comments>", xml)
        return xml.replace("</w:comments>", comment + "</w:comments>")

    return edit_part(edit_part(docx, "word/document.xml", in_document), "word/comments.xml", in_comments)


def add_row(docx: bytes, cells: list[str]) -> bytes:
    """A row added at the end of the first table, shaped as its last row, with these cell texts."""

    def change(xml: str) -> str:
        rows = list(re.finditer(r"<w:tr[ >].*?</w:tr>", xml, re.S))
        last = rows[-1].group(0)
        cell_xml = re.findall(r"<w:tc>.*?</w:tc>", last, re.S)
        assert len(cell_xml) == len(cells)
        made = [re.sub(r"<w:p>.*</w:p>", f'<w:p><w:r><w:t xml:space="preserve">{c}</w:t></w:r></w:p>', x, flags=re.S)
                for x, c in zip(cell_xml, cells, strict=True)]
        row = "<w:tr>" + "".join(made) + "</w:tr>"
        end = rows[-1].end()
        return xml[:end] + row + xml[end:]

    return edit_part(docx, "word/document.xml", change)


def drop_column(docx: bytes, heading: str) -> bytes:
    """A column's heading cell emptied (as when a column is deleted and the table retyped)."""
    return replace_text(docx, f">{heading}<", "><")
