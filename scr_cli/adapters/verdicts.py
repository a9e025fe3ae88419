"""Signature checks remembered across runs: gpg is asked once about each (signed bytes, signature, keyring).

Checking a detached signature costs three or four gpg processes (~40 ms, more on a busy machine), and
`scr status` on a review with sign-offs checks every sign-off each time, as `scr lock` checks the readers
list. A good signature stays good for the same signed bytes, the same signature and the same public keys
until a key or the signature expires. So `adapters/gpg.verify_detached` keeps each good answer here, keyed
by a SHA-256 over all three (each part length-prefixed, the keys in a fixed order), with the first expiry
among the keys and the signature, in the repository's .git/scr/signatures.json (never committed or pushed).
A changed record, signature, key, subkey or revocation is another key and gpg is asked again; an answer
past its expiry is asked again; a bad answer is never kept, so it is judged afresh every time.

The file holds only hashes and fingerprints. Whoever can write .git/ can already change the hooks, so it
adds no new way in; a damaged or foreign file is ignored. This module imports no gpg: a command names its
folder (`remember_in`) without paying for the gpg adapter.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Sequence
from pathlib import Path

FILE = "signatures.json"
_KEEP = 4096  # answers kept; the oldest go first
_FORMAT = "scr-signature-check/1"

_folder: list[Path | None] = [None]
_memory: dict[str, tuple[str, int | None]] = {}
_loaded: set[Path] = set()


def remember_in(folder: Path | None) -> None:
    """Keep answers in `folder` (a repository's .git/scr) for the rest of this process; None: in memory only."""
    _folder[0] = folder


def git_state_folder(repo: Path, git_dir: str | None = None) -> Path | None:
    """`repo`'s .git/scr (or `git_dir`/scr, as git passes GIT_DIR to hooks), when that git folder exists."""
    base = Path(git_dir) if git_dir else repo / ".git"
    if not base.is_absolute():
        base = repo / base
    return base / "scr" if base.is_dir() else None


def key(data: bytes, signature: bytes, keys: Sequence[bytes]) -> str:
    """The question asked of gpg, as one hash: the signed bytes, the signature and the whole keyring."""
    digest = hashlib.sha256(_FORMAT.encode("ascii") + b"\0")
    for part in (data, signature, *sorted(keys)):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _load(folder: Path) -> None:
    if folder in _loaded:
        return
    _loaded.add(folder)
    with contextlib.suppress(OSError, ValueError):
        found = json.loads((folder / FILE).read_text(encoding="utf-8"))
        if not isinstance(found, dict):
            return
        for k, v in found.items():
            if isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and _is_time(v[1]):
                _memory.setdefault(k, (v[0], v[1]))


def _is_time(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool))


def known(question: str) -> str | None:
    """The signer's fingerprint of a good answer given before and not yet expired, else None (ask gpg)."""
    folder = _folder[0]
    if folder is not None:
        _load(folder)
    hit = _memory.get(question)
    if hit is None:
        return None
    signer, until = hit
    return signer if until is None or time.time() < until else None


def learnt(question: str, signer: str, until: int | None) -> None:
    """Keep a good answer (valid until `until`, epoch seconds; None: nothing expires)."""
    _memory.pop(question, None)
    _memory[question] = (signer, until)  # last in the order: the newest
    folder = _folder[0]
    if folder is not None:
        _save(folder)


def _save(folder: Path) -> None:
    from scr_cli import atomic  # tempfile: only when something new was learnt

    kept = {k: list(v) for k, v in list(_memory.items())[-_KEEP:]}
    with contextlib.suppress(OSError):  # a read-only .git, a full disk (FileProblem is one): kept in memory only
        folder.mkdir(exist_ok=True)
        atomic.write_bytes(folder / FILE, json.dumps(kept, separators=(",", ":")).encode("utf-8"))
