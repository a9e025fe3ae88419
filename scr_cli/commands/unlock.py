"""`scr unlock`: decrypt the sensitive files your key can read into private plaintext files."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto.homes import gnupg_home
from scr_cli.crypto.unlock import UnlockResult
from scr_cli.crypto.unlock import unlock as open_files
from scr_cli.store.root import find_root


def unlock(path: Path, paths: list[str] | None, gnupghome: Path | None, force: bool) -> UnlockResult:
    root = find_root(path)
    return open_files(root, paths, gnupg_home(gnupghome, root), force)
