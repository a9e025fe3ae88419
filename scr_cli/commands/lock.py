"""`scr lock`: encrypt changed sensitive files, holding encrypted documents to the draft rules first."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scr_cli.crypto.homes import gnupg_home
from scr_cli.crypto.lock import LockResult
from scr_cli.crypto.lock import lock as seal
from scr_cli.gate.lock_rules import refusals
from scr_cli.store.root import find_root


def lock(path: Path, paths: list[str] | None, gnupghome: Path | None, today: date | None = None) -> LockResult:
    root = find_root(path)
    return seal(root, paths, gnupg_home(gnupghome, root), today, judge=refusals)
