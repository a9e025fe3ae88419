"""`scr textconv FILE`: git's diff driver for `.gpg` files (decrypted text, or a note when you cannot read it)."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto import textconv as driver
from scr_cli.crypto.homes import gnupg_home
from scr_cli.errors import ScrError
from scr_cli.store.root import find_root


def textconv(file: Path) -> bytes:
    """The text git's diff shows for a `.gpg` file; git runs this in the work tree, so a demo's keys are found."""
    try:
        root: Path | None = find_root(Path.cwd())
    except ScrError:
        root = None
    return driver.textconv(file, gnupg_home(None, root))
