"""`scr draft bump PATH` and `scr draft reopen PATH --reason TEXT`.

Both edit only the lines they own (version, date, status) and leave every other byte of the file as the
user wrote it. Reopening also logs `document-reopened` with the reason and appends a marker to signoffs.yaml
that voids the document's earlier sign-offs (they stay in the file). The new version is one above the last
committed version, so running bump twice is harmless.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import atomic, fileio
from scr_cli.adapters import git
from scr_cli.errors import DataError, Refused
from scr_cli.gate.gittree import CommitTree, read_document
from scr_cli.gate.transition import load_regime_fast
from scr_cli.store import yamledit
from scr_cli.store.root import find_root
from scr_cli.store.tree import Overlay, Tree, WorkTree


@dataclass(frozen=True)
class DraftResult:
    """The result of `scr draft bump` or `reopen`: the document's new version, date and status."""

    path: str
    version: int
    date: date
    status: str


def locate(path: Path) -> tuple[Path, str]:
    """(review root, the document's path inside it)."""
    fileio.require_regular(path)  # a FIFO or device: say so, not 'outside the review' or 'not a file'
    file = fileio.resolve(path)
    root = find_root(file.parent if file.suffix else file)
    if not file.is_file():
        hint = "run `scr unlock` first" if file.with_name(file.name + ".gpg").exists() else "check the path"
        raise DataError(f"{path} is not a file", hint=hint)
    return root, file.relative_to(root).as_posix()


def _front_span(text: str, rel: str) -> tuple[int, int]:
    """Character span of the block where top-level keys live: the front matter, or the whole YAML file."""
    if not rel.endswith(".md"):
        return 0, len(text)
    if not text.startswith("---"):
        raise DataError(
            "the document has no front matter",
            path=rel,
            line=1,
            column=1,
            hint="start it with a '---' block holding title, version, date and status",
        )
    end = re.search(r"^(---|\.\.\.)[ \t\r]*$", text[3:], re.MULTILINE)
    if end is None:
        raise DataError(
            "the front matter is not closed",
            path=rel,
            line=1,
            column=1,
            hint="end the front matter with a line holding only '---'",
        )
    return text.index("\n") + 1, 3 + end.start()


def set_keys(text: str, rel: str, values: dict[str, str]) -> str:
    """Replace the value of top-level `key:` lines (keeping any trailing comment); add missing keys."""
    start, end = _front_span(text, rel)
    block = text[start:end]
    for key, value in values.items():
        pattern = re.compile(rf"^({re.escape(key)}:[ \t]*)([^#\r\n]*?)([ \t]*(#[^\r\n]*)?)(?=\r?$)", re.MULTILINE)
        block, count = pattern.subn(lambda m: f"{m.group(1)}{value}{m.group(3) or ''}", block, count=1)  # noqa: B023
        if count == 0:
            block = block + ("" if block.endswith("\n") or not block else "\n") + f"{key}: {value}\n"
    return text[:start] + block + text[end:]


def committed_state(root: Path, rel: str, home: Path | None = None) -> tuple[int | None, str | None]:
    """The version and status in the last commit.

    An encrypted document is in git only as `<rel>.gpg`: it is decrypted with your key to read them (you are
    a reader, or you could not be editing it).
    """
    sha = git.head(root)
    if sha is None:
        return None, None
    tree: Tree = CommitTree(sha, root)
    cipher = tree.read(f"{rel}.gpg") if tree.read(rel) is None else None
    if cipher is not None:
        from scr_cli.adapters import gpg_files
        from scr_cli.crypto.homes import gnupg_home

        tree = Overlay(tree, {rel: gpg_files.decrypt_bytes(gnupg_home(home, root), cipher)})
    got = read_document(tree, rel)
    return (got[1].version, got[1].status) if got else (None, None)


def bump(path: Path, today: date, home: Path | None = None) -> DraftResult:
    """The next version, dated `today`; `home` reads an encrypted document's committed version."""
    root, rel = locate(path)
    current = read_document(WorkTree(root), rel)
    assert current is not None
    committed, _ = committed_state(root, rel, home)
    version = committed + 1 if committed is not None else (current[1].version or 1)
    file = root / rel
    text = fileio.read_text(file, rel)  # not Path.read_text: it would turn CRLF into LF
    atomic.write_text(file, set_keys(text, rel, {"version": str(version), "date": today.isoformat()}))
    return DraftResult(rel, version, today, current[1].status)


def reopen(path: Path, reason: str, today: date, home: Path | None = None) -> DraftResult:
    if not reason.strip():
        raise DataError("--reason must not be empty", hint='say why the final document changes: --reason "..."')
    root, rel = locate(path)
    current = read_document(WorkTree(root), rel)
    assert current is not None
    committed, committed_status = committed_state(root, rel, home)
    if current[1].status != "final" and committed_status != "final":
        raise Refused(
            f"{rel} is not final, so there is nothing to reopen", hint=f"edit it and run `scr draft bump {rel}`"
        )
    reopen_event = load_regime_fast(WorkTree(root)).scr_events.reopened
    if not reopen_event:
        raise DataError("the review's regime names no event for reopening a document",
                        hint="add scr_events.reopened to the regime")
    base = committed if committed_status == "final" else current[1].version
    version = (base or 0) + 1
    file = root / rel
    text = fileio.read_text(file, rel)  # not Path.read_text: it would turn CRLF into LF
    new_text = set_keys(text, rel, {"version": str(version), "date": today.isoformat(), "status": "draft"})

    def add_event(data: dict[str, object]) -> None:
        from ruamel.yaml.comments import CommentedSeq

        events = data.get("events")
        if not isinstance(events, list) or not events:
            events = CommentedSeq()
            data["events"] = events
        events.append(
            yamledit.mapping({"event": reopen_event, "date": today, "document": rel, "reason": reason.strip()})
        )

    def void_signoffs(data: dict[str, object]) -> None:
        from ruamel.yaml.comments import CommentedSeq

        rows = data.get("signoffs")
        if not isinstance(rows, list) or not rows:
            rows = CommentedSeq()
            data["signoffs"] = rows
        rows.append(yamledit.mapping({"document": rel, "void": "reopened", "date": today}))

    yamledit.edit(root / "log.yaml", "log.yaml", add_event)
    yamledit.edit(root / "signoffs.yaml", "signoffs.yaml", void_signoffs)  # the earlier sign-offs no longer count
    atomic.write_text(file, new_text)
    return DraftResult(rel, version, today, "draft")
