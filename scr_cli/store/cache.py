"""A cache of the loaded review, so `scr status` on a big, unchanged review skips YAML parsing and validation.

Parsing 5,000 log events and building the pydantic validators costs ~300 ms; unpickling the result costs ~15.
The cache lives in .git/scr/ (never committed or pushed) and is keyed by scr's version and the size, mtime
inode and change time of every file the review is read from (images and includes from outside the stage
folders too); any change to any of them means a full load.
Like git's index, a file changed too recently to be told apart from a later edit with the same size and time
stamp (coarse file-system clocks, an edit within the same second) is "racy": the cache is then not written.
"Now" is read from the file system itself (the stamp of a file touched in .git/scr/), as git compares with its
index file's stamp: the machine's clock may differ from a network file system's, or be set to another day.
Only plain dataclasses from scr_cli.review are stored, so reading it imports neither pydantic nor YAML.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import time
from pathlib import Path
from typing import cast

from scr_cli import __version__, atomic, paths
from scr_cli.review import layout
from scr_cli.review.model import Issue, Review
from scr_cli.review.regime import Regime

Entry = tuple[Review, Regime, list[Issue]]
_MODEL_DIR = Path(__file__).parent / "review"
_IN_FOLDERS = tuple(f + "/" for f in layout.DOCUMENT_FOLDERS)
RACY_NS = 3_000_000_000  # a stamp this close to the load could still be shared by a later edit (FAT: 2 s)


def _stat(root: Path, rel: str) -> tuple[str, int, int, int, int]:
    try:
        st = os.stat(root / rel)
    except OSError:
        return (rel, -1, 0, 0, 0)
    return (rel, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)


def _outside(review: Review) -> tuple[str, ...]:
    """Files documents include or show from outside the stage folders (the walk below does not see them)."""
    found = {path for doc in review.documents for path, _ in doc.attached}
    return tuple(sorted(p for p in found | {p + ".gpg" for p in found} if not p.startswith(_IN_FOLDERS)))


def _fingerprint(root: Path) -> tuple[object, ...]:
    stats: list[tuple[str, int, int, int, int]] = []

    def add(rel: str) -> None:
        stats.append(_stat(root, rel))

    # the process rules are part of what was loaded, and the classes pickled come from review/: a reinstalled
    # scr with the same version number but other fields must not unpickle an old entry
    for code in (*sorted(paths.REGIMES_DIR.glob("*.yaml")), *sorted(_MODEL_DIR.glob("*.py"))):
        st = code.stat()
        stats.append((code.name, st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns))
    for rel in layout.REGISTRIES:
        add(rel)
    for folder in layout.DOCUMENT_FOLDERS:
        add(folder)
        for dirpath, dirnames, filenames in os.walk(root / folder):
            dirnames.sort()
            rel_dir = Path(dirpath).relative_to(root).as_posix()
            for name in dirnames:
                add(f"{rel_dir}/{name}")
            for name in sorted(filenames):
                add(f"{rel_dir}/{name}")
    return (__version__, tuple(stats))


def _cache_file(root: Path) -> Path | None:
    git_dir = root / ".git"
    return git_dir / "scr" / "review-cache.pickle" if git_dir.is_dir() else None


def _racy(key: tuple[object, ...], now_ns: int) -> bool:
    """Whether any file was changed so recently that a same-sized edit could keep its stamps."""
    stats = key[1]
    assert isinstance(stats, tuple)
    return any(max(st[2], st[4]) >= now_ns - RACY_NS for st in stats)


def _fs_now_ns(folder: Path) -> int:
    """The file system's clock: the stamp it gives a file touched now (the machine's clock when it cannot)."""
    probe = folder / "clock"
    try:
        folder.mkdir(exist_ok=True)
        probe.write_bytes(b"")  # a write, not utime(): the kernel stamps it, as it stamps the user's edits
        return os.stat(probe).st_mtime_ns
    except OSError:
        return time.time_ns()


def load(root: Path) -> Entry:
    """The review, its regime and its load issues: from the cache when nothing changed, else from the files."""
    file = _cache_file(root)
    now_ns = _fs_now_ns(file.parent) if file is not None else time.time_ns()
    key = _fingerprint(root)
    if file is not None and file.is_file():
        with contextlib.suppress(Exception):  # a stale or unreadable cache is simply rebuilt
            with file.open("rb") as handle:
                stored_key, extra, entry = pickle.load(handle)  # written by this module only: an Entry
            if stored_key == key and extra == tuple(_stat(root, rel) for rel, *_ in extra):
                return cast(Entry, entry)
    from scr_cli.store import loader

    loaded = loader.load(root)
    entry = (loaded.review, loaded.regime, loaded.issues)
    extra = tuple(_stat(root, rel) for rel in _outside(loaded.review))
    if file is not None and not _racy(key, now_ns) and not _racy(("", extra), now_ns):
        with contextlib.suppress(OSError):
            file.parent.mkdir(exist_ok=True)
            atomic.write_bytes(file, pickle.dumps((key, extra, entry), protocol=pickle.HIGHEST_PROTOCOL))
    return entry
