"""Password protection that Word and Excel open by themselves: Office's own encryption (ECMA-376 agile).

Each DOCX or XLSX is encrypted whole (AES-256 in CBC, the key derived from the password with SHA-512 over
100,000 rounds, the same parameters Office 2013 and later write), so an agency's ordinary Windows laptop opens
it with the password and nothing installed. The only importer of msoffcrypto-tool (a maintained library that
reads and writes this format); passwords are made here too, with the `secrets` module.
"""

from __future__ import annotations

import io
import secrets

from msoffcrypto.exceptions import DecryptionError, InvalidKeyError
from msoffcrypto.format.ooxml import OOXMLFile

# No 0/o, 1/l/i: a password read out over the phone or copied from a text message is typed right first time.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_GROUPS, _GROUP = 6, 4  # 24 characters from 31: about 119 bits


def new_password() -> str:
    """A fresh random password in groups of four, e.g. `k7mq-x3rt-...` (never stored anywhere by scr)."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(_GROUP)) for _ in range(_GROUPS))


def encrypt(data: bytes, password: str) -> bytes:
    """One DOCX or XLSX (its zip bytes) encrypted with `password` as Office itself does it."""
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(data)).encrypt(password, out)
    return out.getvalue()


def decrypt(data: bytes, password: str) -> bytes | None:
    """The document inside an Office-encrypted file, or None when the password is wrong or the file damaged."""
    try:
        office = OOXMLFile(io.BytesIO(data))
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
    except (InvalidKeyError, DecryptionError, ValueError, OSError):
        return None
    return out.getvalue()
