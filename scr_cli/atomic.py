"""Atomic, minimal writes: a file is either its old content or its new content, never half of each.

A write that fails (a full disk, a read-only or immutable file or folder, a FIFO where the file belongs) leaves
the old file as it was, removes its temporary file and raises a FileProblem naming the file (exit 2).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from scr_cli import fileio


def write_bytes(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write via a temp file in the same folder, fsync, then rename over the target."""
    folder = path.parent
    fileio.refuse_read_only(path)
    # ".scrtmp": the suffix `scr doctor` looks for when a crash leaves a half-written file behind
    # (the name is cut so a long file name still leaves room under the 255-byte limit for the temp name)
    try:
        import tempfile  # here: a warm `scr status` that writes nothing does not pay for it

        fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:50]}.", suffix=".scrtmp", dir=folder)
    except OSError as exc:
        raise fileio.problem(exc, folder) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):  # a full disk has no file name of its own: name the file being written
            raise fileio.problem(exc, path) from None
        raise
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: some file systems refuse to fsync a folder)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_text(path: Path, text: str, mode: int | None = None) -> None:
    write_bytes(path, text.encode("utf-8"), mode)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
