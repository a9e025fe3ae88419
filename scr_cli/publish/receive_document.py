"""A returned Word document made into the next draft of its Markdown document (an IMR, an interview record).

Pandoc reads the DOCX back (tracked changes accepted, or rejected when they are listed for the panel);
`review.redraft` keeps every unchanged block as it was written; the front matter is the sent one with the
version raised by one and the date the day received. Images new in the return are kept beside the document
(media/<sha256>.<ext>); an image that came back unchanged stays as the Markdown had it.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import fileio
from scr_cli.adapters import pandoc
from scr_cli.errors import DataError
from scr_cli.gate.drafting import set_keys
from scr_cli.publish.returned import Returned
from scr_cli.review.redraft import Change, redraft
from scr_cli.store.frontmatter import read_document, split

_IMAGE_PATH = re.compile(r"!\[[^\]]*\]\(<?([^)\s>]+)>?")
MEDIA = "media"


@dataclass(frozen=True)
class NextDraft:
    """The next draft's bytes, what changed in it, and the images it needs written beside it."""

    text: bytes
    version: int
    changes: tuple[Change, ...]
    images: dict[str, bytes]  # review-relative path -> bytes


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _sent_images(root: Path, rel: str, body: str) -> dict[str, str]:
    folder = (root / rel).parent
    out = {}
    for path in set(_IMAGE_PATH.findall(body)):
        file = (folder / path) if not path.startswith("/") else None
        if file is not None and file.is_file():
            out[path] = _sha(file.read_bytes())
    return out


def _returned_images(media: Path, markdown: str) -> tuple[str, dict[str, str], dict[str, bytes]]:
    """The Markdown with each extracted image's path made `media/<sha>.<ext>`, their ids, and their bytes."""
    ids: dict[str, str] = {}
    data: dict[str, bytes] = {}

    def swap(m: re.Match[str]) -> str:
        path = m.group(1)
        file = Path(path)
        if not file.is_absolute() or media not in file.parents or not file.is_file():
            return m.group(0)
        raw = file.read_bytes()
        name = f"{MEDIA}/{_sha(raw)[:16]}{file.suffix.lower()}"
        ids[name], data[name] = _sha(raw), raw
        return m.group(0).replace(path, name)

    return _IMAGE_PATH.sub(swap, markdown), ids, data


def next_draft(root: Path, rel: str, returned: Returned, accept: bool, today: date,
               headings: tuple[str, ...], version: int) -> NextDraft:
    """The next draft of `rel` from the returned DOCX (tracked changes accepted or left out)."""
    original = fileio.read_text(root / rel, rel)
    _, body, _ = split(original, rel)
    with tempfile.TemporaryDirectory(prefix="scr-receive-") as scratch:
        docx = Path(scratch) / "returned.docx"
        docx.write_bytes(returned.data)
        media = Path(scratch) / "media"
        markdown = pandoc.from_docx(docx, track_changes="accept" if accept else "reject", media=media)
        markdown, ids, blobs = _returned_images(media, markdown)
    ids.update(_sent_images(root, rel, body))
    result = redraft(body, markdown, headings, ids)
    updated = set_keys(original, rel, {"version": str(version + 1), "date": today.isoformat()})
    _, old_body, _ = split(updated, rel)
    text = updated[: len(updated) - len(old_body)] + result.body
    folder = Path(rel).parent.as_posix()
    used = {f"{folder}/{name}": blob for name, blob in blobs.items() if f"({name}" in result.body}
    raw = text.encode("utf-8")
    _, issues = read_document(raw, rel)
    errors = [i for i in issues if i.severity == "error"]
    if errors:
        raise DataError(f"the new draft would not pass `scr check`: {errors[0].message}", path=rel,
                        line=errors[0].line, hint="nothing was written; report this with the returned file")
    return NextDraft(raw, version + 1, result.changes, used)
