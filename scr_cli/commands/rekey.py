"""`scr rekey`: re-encrypt every sensitive file whose recipients differ from the signed readers."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto.homes import gnupg_home
from scr_cli.crypto.rekey import RekeyResult
from scr_cli.crypto.rekey import rekey as reencrypt
from scr_cli.store.root import find_root


def rekey(path: Path, gnupghome: Path | None) -> RekeyResult:
    root = find_root(path)
    return reencrypt(root, gnupg_home(gnupghome, root))
