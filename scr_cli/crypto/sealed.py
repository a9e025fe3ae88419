"""A package for one person: a ZIP of papers, sealed to their key or with a one-time password.

To a key: the ZIP is one OpenPGP message encrypted to that key alone (file names, sizes and contents all
hidden), its recipients read back from the packets and checked before it is kept. With a password: the ZIP
stays a plain ZIP that Windows Explorer opens, and every paper in it is encrypted with Office's own
encryption (crypto/office.py), which Word and Excel open with the password; the ZIP's list of file names
(generic names: imr.docx, chronology.xlsx, ...) and their sizes stay readable. docs/agencies.md weighs the two.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date

from scr_cli.adapters import gpg_files
from scr_cli.crypto import office
from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Reader
from scr_cli.errors import DataError

OFFICE_SUFFIXES = (".docx", ".xlsx")


def zip_bytes(files: Sequence[tuple[str, bytes]], when: date) -> bytes:
    """A ZIP of the files in order, each dated `when` (the same papers make the same bytes)."""
    buffer = io.BytesIO()
    stamp = (when.year, when.month, when.day, 12, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            entry = zipfile.ZipInfo(name, stamp)
            entry.external_attr = 0o600 << 16
            # already compressed inside (DOCX, XLSX and Office-encrypted files are zips or random): stored
            z.writestr(entry, data, zipfile.ZIP_STORED)
    return buffer.getvalue()


def to_key(files: Sequence[tuple[str, bytes]], reader: Reader, when: date) -> bytes:
    """The ZIP encrypted to `reader`'s key only; refused unless its recipients are exactly that key's."""
    sealed = gpg_files.encrypt_to_key(reader.key, zip_bytes(files, when))
    try:
        recipients = ciphertext_recipients(sealed)
    except PacketError:
        recipients = frozenset()
    if not recipients or not recipients <= reader.key_ids:
        raise DataError("gpg encrypted the package to other keys than the recipient's; nothing was written",
                        hint="check your gpg configuration for encrypt-to / hidden-encrypt-to")
    return sealed


def with_password(files: Sequence[tuple[str, bytes]], password: str, when: date) -> bytes:
    """A plain ZIP of the papers, each encrypted with `password` as Word and Excel do it."""
    strange = [name for name, _ in files if not name.endswith(OFFICE_SUFFIXES)]
    if strange:  # a file Office cannot encrypt would travel in clear: never
        raise DataError(f"{strange[0]} cannot be password-protected (only Word and Excel files can)",
                        hint="send it to the person's key instead")
    return zip_bytes([(name, office.encrypt(data, password)) for name, data in files], when)
