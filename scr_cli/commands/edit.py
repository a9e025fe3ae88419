"""`scr edit`: edit an encrypted file in a private folder, then re-encrypt it under the draft rules."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto.homes import gnupg_home
from scr_cli.gate.edit import EditResult
from scr_cli.gate.edit import edit as edit_encrypted
from scr_cli.store.root import find_root


def edit(path: Path, file: str, gnupghome: Path | None) -> EditResult:
    root = find_root(path)
    return edit_encrypted(root, file, gnupg_home(gnupghome, root))
