"""The files a Markdown document pulls in (`!include` lines and images), and what a sign-off binds of them.

A sign-off must go stale when an included appendix or a genogram changes, not only when the document's own
text does. `attachments` lists each file the document reaches (includes followed to any depth) with a digest:
the normalised text of an included Markdown file (whitespace edits do not count), the bytes of anything else.
A file kept encrypted (its `.gpg` twin exists) is bound by name only: its ciphertext changes whenever the
readers change, and git's copy holds no plaintext to hash. Pure: files are read through the `read` function
the caller passes in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import PurePosixPath

from scr_cli.review.canonical import normalise_body

INCLUDE = re.compile(r"^!include\s+(\S+)\s*$")
IMAGE = re.compile(r"(!\[(?:[^\]\\]|\\.)*\]\()(<[^>]+>|[^)\s]+)((?:\s+\"[^\"]*\")?\))", re.DOTALL)
FENCE = re.compile(r"^\s*(```|~~~)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)

LOCKED = "locked"  # the digest of a file present only as ciphertext
MISSING = "missing"

Read = Callable[[str], bytes | None]


def fenced_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines inside fenced code blocks (fences included): their text is shown, not followed."""
    out: set[int] = set()
    fenced = False
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
            out.add(i)
        elif fenced:
            out.add(i)
    return out


def clean(rel: PurePosixPath) -> str | None:
    """`rel` with `.` and `..` resolved; None when it climbs out of the review."""
    parts: list[str] = []
    for part in rel.parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in (".", "/"):
            parts.append(part)
    return "/".join(parts) or None


def target_path(target: str, base: PurePosixPath) -> str | None:
    """The review-relative path an image or include target names (a leading / is the review root)."""
    target = target.strip("<>")
    if SCHEME.match(target):
        return None
    return clean(PurePosixPath(target.lstrip("/")) if target.startswith("/") else base / target)


def referenced(body: str, doc_path: str) -> list[str]:
    """Review-relative paths of the files `body` includes or shows, in order, each once."""
    base = PurePosixPath(doc_path).parent
    lines = body.split("\n")
    fenced = fenced_lines(lines)
    found: list[str | None] = []
    for m in IMAGE.finditer(body):
        if body.count("\n", 0, m.start()) not in fenced:
            found.append(target_path(m.group(2), base))
    for i, line in enumerate(lines):
        inc = None if i in fenced else INCLUDE.match(line)
        if inc and not inc.group(1).startswith("/"):
            found.append(target_path(inc.group(1), base))
    return list(dict.fromkeys(p for p in found if p and p != doc_path))


def _text(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def attachments(doc_path: str, body: str, read: Read) -> tuple[tuple[str, str], ...]:
    """(path, digest) of every file the document reaches, in the order first met."""
    out: dict[str, str] = {}
    queue = referenced(body, doc_path)
    while queue:
        path = queue.pop(0)
        if path in out or path == doc_path:
            continue
        if read(path + ".gpg") is not None:
            out[path] = LOCKED
            continue
        raw = read(path)
        if raw is None:
            out[path] = MISSING
            continue
        text = _text(raw) if path.endswith(".md") else None
        if text is None:
            out[path] = "sha256:" + hashlib.sha256(raw).hexdigest()
        else:
            out[path] = "sha256:" + hashlib.sha256(normalise_body(text).encode("utf-8")).hexdigest()
            queue += referenced(text, path)
    return tuple(out.items())
