"""`scr drafts PATH`: every version of a document, with its date, commit, author and who signed it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scr_cli.adapters import git
from scr_cli.errors import ScrError
from scr_cli.gate.drafting import locate
from scr_cli.gate.gittree import CommitTree, read_document, read_review
from scr_cli.store.tree import Overlay, WorkTree


@dataclass
class DraftRow:
    """One version of a document in its history: version, date, status, commit, author and sign-offs."""

    version: int | None
    date: date | None
    status: str
    commit: str  # "" for the uncommitted work tree
    author: str
    content: str = ""
    signed_by: list[str] = field(default_factory=list)
    body: str = ""  # what `scr diff` compares: the Markdown body, or the whole YAML file
    when: str = ""  # the commit's author date (ISO 8601)


def _body(body: str, raw: bytes | None, path: str) -> str:
    return body if path.endswith(".md") else (raw or b"").decode("utf-8", "replace")


def _decrypt(cipher: bytes, root: Path, home: Path | None) -> bytes:
    from scr_cli.adapters import gpg_files
    from scr_cli.crypto.homes import gnupg_home

    return gpg_files.decrypt_bytes(gnupg_home(home, root), cipher)


def history(root: Path, rel: str, home: Path | None = None) -> list[DraftRow]:
    """One row per version (the last commit holding it), oldest first, plus the work tree if it differs.

    An encrypted document's versions are decrypted with the key in `home` (see crypto.homes.gnupg_home).
    """
    commits = git.path_history(rel, root)
    encrypted = not commits
    if encrypted:  # a sensitive document: git holds only `<rel>.gpg`, read with your key
        commits = git.path_history(f"{rel}.gpg", root)
    blobs = git.cat_blobs([f"{c.sha}:{name}" for c, name in commits], root)
    rows: dict[int | None, DraftRow] = {}
    for commit, stored in commits:
        name = stored.removesuffix(".gpg") if encrypted else stored
        try:
            blob = blobs[f"{commit.sha}:{stored}"]
            if blob is None:
                continue
            if encrypted:
                blob = _decrypt(blob, root, home)
            got = read_document(Overlay(CommitTree(commit.sha, root), {name: blob}), name)
        except ScrError:
            continue  # a broken version, or one encrypted before you became a reader
        if got is not None:
            snap = got[1]
            rows.pop(snap.version, None)
            rows[snap.version] = DraftRow(snap.version, snap.date, snap.status, commit.sha, commit.author,
                                          snap.content, body=_body(got[0].body, blob, name),
                                          when=commit.author_date)
    work = read_document(WorkTree(root), rel)
    last = list(rows.values())[-1] if rows else None
    if work is not None and (last is None or work[1].content != last.content or work[1].version != last.version):
        snap = work[1]
        rows.pop(snap.version, None)
        raw = (root / rel).read_bytes()
        rows[snap.version] = DraftRow(snap.version, snap.date, snap.status, "", "(not committed)", snap.content,
                                      body=_body(work[0].body, raw, rel))
    return list(rows.values())


def drafts(path: Path, home: Path | None = None) -> tuple[str, list[DraftRow]]:
    root, rel = locate(path)
    rows = history(root, rel, home)
    review, _ = read_review(WorkTree(root))
    for row in rows:
        row.signed_by = [
            f"{s.person} ({s.role})"
            for s in review.signoffs
            if s.document == rel and (s.version == row.version or s.fingerprint == row.content)
        ]
    return rel, rows
