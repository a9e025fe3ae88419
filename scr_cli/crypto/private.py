"""Plaintext stays private: every sensitive plaintext and restricted build output is 0600, in a 0700 folder.

scr writes such files 0600 and makes their folders 0700, whatever the user's umask: `scr unlock`, `scr lock`,
`scr edit` and `scr demo` call `make_private` on the plaintext they write or find, `scr build` and `scr diff`
write restricted outputs so, and `scr doctor` reports (and with `--clean` fixes) what `exposed` finds.
Closing takes away the group's and others' bits and nothing else, so a file or folder the user made
read-only stays read-only (0400, 0500). Only a folder inside the review is closed, never one outside it (a
shared output folder such as /tmp stays as it is; the file in it is still 0600).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from scr_cli import fileio

FILE_MODE = 0o600
FOLDER_MODE = 0o700
OPEN_BITS = 0o077  # group and others: any of these on a plaintext or its folder is a finding


@dataclass(frozen=True)
class Exposed:
    """A plaintext file or folder that group or others may read (or enter)."""

    path: str  # relative to the review
    mode: int
    folder: bool


def _inside(root: Path, path: Path) -> bool:
    return path == root or root in path.parents


def close_folder(root: Path, folder: Path) -> None:
    """Take the group's and others' bits off `folder` (0755 -> 0700) when it is the review or inside it."""
    if not _inside(root.absolute(), folder.absolute()):
        return  # a folder elsewhere is not scr's to change
    _close(folder, folder)


def _close(path: Path, shown: str | Path) -> bool:
    """Take the group's and others' bits off `path`; whether its mode changed."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & OPEN_BITS:
            os.chmod(path, mode & ~OPEN_BITS)
            return True
    except OSError as exc:
        raise fileio.problem(exc, shown) from None
    return False


def make_private(root: Path, rels: Iterable[str]) -> list[str]:
    """Close each existing plaintext (0600) and its folder (0700); return the paths whose mode changed."""
    changed: list[str] = []
    for rel in rels:
        file = root / rel
        if file.is_symlink() or not file.is_file():
            continue  # scr never writes through a link; a missing file has nothing to close
        close_folder(root, file.parent)
        if _close(file, rel):
            changed.append(rel)
    return changed


def build_outputs(root: Path, out: Path, public: Callable[[str], bool]) -> list[str]:
    """Files under the build folder `out` that are not public editions (relative to the review)."""
    found: list[str] = []
    if not out.is_dir():
        return found
    for dirpath, _, filenames in os.walk(out):
        for name in sorted(filenames):
            file = Path(dirpath) / name
            if not public(name) and not file.is_symlink() and file.is_file():
                found.append(file.relative_to(root).as_posix())
    return sorted(found)


def exposed(root: Path, rels: Iterable[str]) -> list[Exposed]:
    """Which of these plaintext files, or the folders holding them, group or others may read."""
    found: dict[str, Exposed] = {}
    for rel in rels:
        file = root / rel
        if file.is_symlink() or not file.is_file():
            continue
        for path, is_folder in ((file, False), (file.parent, True)):
            mode = stat.S_IMODE(path.stat().st_mode)
            shown = path.relative_to(root).as_posix() if path != root else "."
            if mode & OPEN_BITS and shown not in found:
                found[shown] = Exposed(shown, mode, is_folder)
    return sorted(found.values(), key=lambda e: (not e.folder, e.path))
