"""`scr rekey`: re-encrypt every current sensitive file to exactly the signed readers, all or nothing.

A journal under .git/scr/rekey/ makes it resumable: all new ciphertexts are written there first with a
manifest (target, SHA-256 of the old and of the new ciphertext); a `committed` marker is then written
atomically. Before the marker, a crash leaves every file as it was and the journal is dropped; after it,
the next scr command finishes the job. Each file is replaced atomically, so it always decrypts to its old
or its new content. Files already encrypted to exactly the readers are left byte-for-byte alone.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.adapters import gpg_files, proc
from scr_cli.crypto.context import (
    context,
    encrypt_to_readers,
    raise_failure,
    recipients_ok,
    sensitive_files,
    with_ciphertext,
)
from scr_cli.crypto.journal import JOURNAL, resume
from scr_cli.crypto.state import (
    LockCache,
    crash_point,
    exclusive,
    install_many,
    sha256,
    state_dir,
    work_dir,
    write_atomic,
)
from scr_cli.fileio import refuse_read_only


@dataclass
class RekeyResult:
    """The result of `scr rekey`: files re-encrypted to the current readers, unchanged, and finished from a crash."""

    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    resumed: int = 0


@exclusive
def rekey(root: Path, gnupghome: Path | None = None) -> RekeyResult:
    result = RekeyResult(resumed=resume(root))
    ctx = context(root)
    files = with_ciphertext(root, sensitive_files(root, ctx.public))
    stale: list[str] = []
    for rel in files:
        ok = recipients_ok((root / f"{rel}.gpg").read_bytes(), ctx.readers, rel)
        (result.unchanged if ok else stale).append(rel)
    if not stale:
        return result
    cache = LockCache(root)
    journal = state_dir(root) / JOURNAL
    with work_dir(root) as plain_dir:
        outs = gpg_files.decrypt_files(gnupghome, [root / f"{rel}.gpg" for rel in stale], plain_dir)
        for rel, out in zip(stale, outs, strict=True):
            if not out.ok:
                raise_failure(rel, out.reason)
        journal.mkdir(mode=0o700)
        try:
            ciphers = encrypt_to_readers(ctx, [(rel, o.path) for rel, o in zip(stale, outs, strict=True)], journal)
            manifest = []
            for rel, out, cipher in zip(stale, outs, ciphers, strict=True):
                data = cipher.read_bytes()
                cache.record(rel, data, out.path.read_bytes(), ctx.readers.digest)
                manifest.append({"target": f"{rel}.gpg", "staged": cipher.name,
                                 "old": sha256((root / f"{rel}.gpg").read_bytes()), "new": sha256(data)})
                refuse_read_only(root / f"{rel}.gpg")  # before the journal commits: a read-only target is refused
        except BaseException:
            shutil.rmtree(journal, ignore_errors=True)
            raise
    write_atomic(journal / "manifest.json", json.dumps(manifest).encode(), 0o600)
    crash_point("rekey-before-commit")
    write_atomic(journal / "committed", b"1", 0o600)
    crash_point("rekey-after-commit")
    install_many([(journal / e["staged"], root / e["target"]) for e in manifest], 0o644,
                 after_first="rekey-mid-replace")
    shutil.rmtree(journal, ignore_errors=True)
    cache.save()
    result.changed = stale
    return result


def history_versions(root: Path, person_files: list[str] | None = None) -> int:
    """How many distinct `.gpg` blobs of sensitive files exist in the repository's history (all refs)."""
    done = proc.run(["git", "rev-list", "--objects", "--all"], cwd=root, check=False)
    if done.returncode != 0:
        return 0
    blobs = set()
    for line in done.out.splitlines():
        sha, _, path = line.partition(" ")
        if path.endswith(".gpg"):  # every encrypted file is a sensitive one
            blobs.add(sha)
    return len(blobs)
