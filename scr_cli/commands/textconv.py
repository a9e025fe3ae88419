"""`scr textconv FILE`: git's diff driver for `.gpg` files (decrypted text, or a note when you cannot read it)."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto import textconv as driver
from scr_cli.crypto.homes import gnupg_home


def textconv(file: Path) -> bytes:
    return driver.textconv(file, gnupg_home(None))
