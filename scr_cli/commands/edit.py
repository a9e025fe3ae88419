"""`scr edit PATH`: edit an encrypted file without leaving plaintext behind.

The file is decrypted into a private 0700 folder (on tmpfs, /dev/shm, where there is one), $EDITOR runs on
it, the result is re-encrypted to the signed readers, and the folder, with any editor backup or swap files
inside it, is removed — also when the editor fails or the user presses Ctrl-C.
"""

from __future__ import annotations

import os
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scr_cli.adapters import gpg, proc
from scr_cli.commands.lock import context, encrypt_to_readers, sensitive_files
from scr_cli.crypto_state import LockCache, exclusive, install, work_dir
from scr_cli.errors import DataError, ToolFailed

PREFIX = "scr-e"


@dataclass
class EditResult:
    path: str
    changed: bool


def private_dir() -> Path:
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=base))
    os.chmod(folder, 0o700)
    return folder


@exclusive
def edit(root: Path, path: str, gnupghome: Path | None = None, editor: str | None = None) -> EditResult:
    ctx = context(root)
    found = sensitive_files(root, ctx.globs, [path])
    if len(found) != 1:
        raise DataError(
            f"{path} names {len(found)} sensitive files; give exactly one", hint="give the path of one file"
        )
    rel = found[0]
    cipher_file = root / f"{rel}.gpg"
    if (root / rel).exists():
        raise DataError(
            "is unlocked in the work tree; edit that copy and run `scr lock`",
            path=rel,
            hint="or remove the plaintext and run `scr edit` again",
        )
    try:
        command = shlex.split(editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    except ValueError:
        command = []
    if not command:
        raise DataError("the editor command cannot be read (an unclosed quote, or empty)",
                        hint="set VISUAL or EDITOR to a command such as `nano`")
    folder = private_dir()
    try:
        plain = folder / Path(rel).name
        if cipher_file.exists():
            plain.write_bytes(gpg.decrypt_bytes(gnupghome, cipher_file.read_bytes()))
        else:
            plain.write_bytes(b"")
        os.chmod(plain, 0o600)
        before = plain.read_bytes()
        child = proc.start([*command, str(plain)])
        try:
            code = child.wait()
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
            raise
        if code != 0:
            raise ToolFailed(
                f"the editor exited with code {code}; the encrypted file was not changed",
                hint="nothing was saved; the temporary plaintext was removed",
            )
        after = plain.read_bytes()
        if after == before:
            return EditResult(rel, False)
        with work_dir(root) as work:
            [staged] = encrypt_to_readers(ctx, [plain], work)
            data = staged.read_bytes()
            install(staged, cipher_file, 0o644)
        cache = LockCache(root)
        cache.record(rel, data, after, ctx.readers.digest)
        cache.save()
        return EditResult(rel, True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
