"""The edge where scr meets the file system: an OSError about a path becomes one line naming it and its cause.

`read_bytes` reads only regular files: a named pipe (FIFO) or a device where a file belongs is refused by its
type before anything opens it, so a read never blocks forever or swallows /dev/zero. `problem` turns any
OSError into a `FileProblem` (exit 2); `atomic.py` uses it for every write, and `app.py`, the one error
boundary, for an OSError that escapes elsewhere. A missing file or a folder where a file belongs are left to
the caller (FileNotFoundError, IsADirectoryError): those are usually mistakes in the review's data (exit 1).
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from scr_cli.errors import FileProblem

_CHECK = "check its permissions and owner (`ls -l`)"
_CAUSES: dict[int, tuple[str, str]] = {
    errno.ELOOP: ("is a symbolic link that loops back on itself", "replace the link with the file it should be"),
    errno.EACCES: ("permission denied", _CHECK),
    errno.EPERM: ("operation not permitted (is it immutable? see `lsattr`)",
                  "remove the attribute (`chattr -i`) or ask whoever set it"),
    errno.EROFS: ("the file system is read-only", "work in a writable copy of the review, or remount it read-write"),
    errno.ENOSPC: ("no space left on the disk", "free some space and run the command again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space and run the command again"),
    errno.EFBIG: ("the file is too large for this file system", "free some space or use another disk"),
    errno.EIO: ("input/output error (the disk may be failing)", "check the disk and copy the review elsewhere"),
    errno.ENXIO: ("no such device (a device or socket file where a file belongs?)", "replace it with a regular file"),
    errno.ENODEV: ("no such device", "replace it with a regular file"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the path"),
    errno.EISDIR: ("is a folder, not a file", "move the folder away or give the path of a file"),
    errno.ENAMETOOLONG: ("the path is too long", "use a shorter folder name"),
    errno.EMFILE: ("too many open files", "close other programs or raise the limit (`ulimit -n`)"),
    errno.ENFILE: ("too many open files on this system", "close other programs and try again"),
    errno.EBUSY: ("is busy (in use by another program)", "close the program using it and try again"),
    errno.ETXTBSY: ("is busy (in use by another program)", "close the program using it and try again"),
    errno.EXDEV: ("cannot be moved across file systems", "keep the review and its output on one disk"),
}
ENVIRONMENT = frozenset(_CAUSES)
"""The errors that say something about the machine, not about scr's code: exit 2 wherever they escape."""
_CAUSES[errno.ENOENT] = ("does not exist", "check the path")  # named well, but left out of ENVIRONMENT: a
# missing file that escapes is more likely a mistake in scr than in the machine, so it stays a crash report


def shown(path: str | Path) -> str:
    """A path as a person reads it: relative to the current folder when it is inside it."""
    text = os.fspath(path)
    if os.path.isabs(text):
        here = os.getcwd()
        if text.startswith(here + os.sep):
            return text[len(here) + 1:]
    return text


def problem(exc: OSError, path: str | Path | None = None) -> FileProblem:
    """`exc` as one line: the path (the one given, else the one the OS named) and the cause in plain words."""
    if isinstance(exc, FileProblem):
        return exc
    where = path if path is not None else exc.filename
    cause, hint = _CAUSES.get(exc.errno or 0, ((exc.strerror or type(exc).__name__).lower(), _CHECK))
    return FileProblem(cause, path=shown(where) if where is not None else None, errno=exc.errno or 0, hint=hint)


def _kind(mode: int) -> str | None:
    """What a file of this mode is, when it is not a regular file or a folder."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def special(path: Path, name: str | Path | None = None) -> FileProblem | None:
    """Why `path` cannot be used as a file (a FIFO, a device, a socket, a symlink loop); None when it can.

    A missing path, a folder, a dangling link and a regular file are all None: callers judge those.
    """
    where = shown(name if name is not None else path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return problem(exc, where)
    kind = _kind(mode)
    if kind is None:
        return None
    return FileProblem(f"is {kind}, not a regular file", path=where, errno=errno.EINVAL,
                       hint="replace it with the file itself")


def require_regular(path: Path, name: str | Path | None = None) -> None:
    """Raise when `path` is a FIFO, a device, a socket or a symlink loop (see `special`)."""
    found = special(path, name)
    if found is not None:
        raise found


def read_bytes(path: Path, name: str | Path | None = None, limit: int | None = None) -> bytes:
    """The bytes of a regular file.

    FileNotFoundError and IsADirectoryError pass through; any other failure (a FIFO, a device, a loop, no
    permission, a disk error) is a FileProblem naming `name` (default: the path). With `limit`, a larger file
    raises ValueError before it is read.
    """
    where = name if name is not None else path
    require_regular(path, where)  # by type, before opening: opening a FIFO would wait for a writer
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except (FileNotFoundError, IsADirectoryError):
        raise
    except OSError as exc:
        raise problem(exc, where) from None
    info = os.fstat(fd)
    mode = info.st_mode
    if stat.S_ISDIR(mode) or _kind(mode) is not None:  # a folder, or a FIFO swapped in since the check above
        os.close(fd)
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(errno.EISDIR, "Is a directory", os.fspath(path))
        raise FileProblem(f"is {_kind(mode)}, not a regular file", path=shown(where), errno=errno.EINVAL,
                          hint="replace it with the file itself")
    with os.fdopen(fd, "rb") as handle:
        if limit is not None and info.st_size > limit:
            raise ValueError(f"{path} is larger than {limit} bytes")
        try:
            return handle.read()
        except OSError as exc:
            raise problem(exc, where) from None


def read_text(path: Path, name: str | Path | None = None) -> str:
    """`read_bytes` decoded as UTF-8 (as Path.read_text would, without its newline translation)."""
    return read_bytes(path, name).decode("utf-8")


def resolve(path: Path) -> Path:
    """`path.resolve()`, with a symlink loop as a FileProblem (Python 3.11 and 3.12 raise RuntimeError)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise FileProblem(_CAUSES[errno.ELOOP][0], path=shown(path), errno=errno.ELOOP,
                          hint=_CAUSES[errno.ELOOP][1]) from None
    except OSError as exc:
        raise problem(exc, path) from None


def refuse_read_only(path: Path) -> None:
    """Before replacing `path`: refuse a FIFO or device there, or a read-only file or folder.

    Read-only is judged by the owner's write bit, so such a file stays unchanged for root too, who may write
    anything.
    """
    require_regular(path)
    for target, what in ((path, "file"), (path.parent, "folder")):
        try:
            mode = os.stat(target).st_mode
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise problem(exc, target) from None
        if not mode & stat.S_IWUSR and (what == "folder") == stat.S_ISDIR(mode):
            raise FileProblem(f"the {what} is read-only (mode {stat.S_IMODE(mode):04o})", path=shown(target),
                              errno=errno.EACCES,
                              hint=f"make it writable (`chmod u+w {shown(target)}`) if scr should change it")
