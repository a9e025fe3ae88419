"""A cache of the loaded review, so `scr status` on a big, unchanged review skips YAML parsing and validation.

Parsing 5,000 log events and building the pydantic validators costs ~300 ms; unpickling the result costs ~15.
The cache lives in .git/scr/ (never committed or pushed) and is keyed by scr's version and the size, mtime
and inode of every file the review is read from; any change to any of them means a full load.
Only plain dataclasses from scr_cli.review are stored, so reading it imports neither pydantic nor YAML.
"""

from __future__ import annotations

import contextlib
import os
import pickle
from pathlib import Path

from scr_cli import __version__, atomic, paths
from scr_cli.review.model import Issue, Review
from scr_cli.review.regime import Regime

SOURCES = ("review.yaml", ".scr/config.yaml", "people.yaml", "agencies.yaml", "log.yaml", "signoffs.yaml",
           "family.yaml")
FOLDERS = ("01-referral", "02-decision", "03-scoping", "04-terms-of-reference", "05-imr", "06-overview",
           "07-action-plan", "08-publication")
Entry = tuple[Review, Regime, list[Issue]]


def _fingerprint(root: Path) -> tuple[object, ...]:
    stats: list[tuple[str, int, int, int]] = []

    def add(rel: str) -> None:
        try:
            st = os.stat(root / rel)
        except OSError:
            stats.append((rel, -1, 0, 0))
            return
        stats.append((rel, st.st_size, st.st_mtime_ns, st.st_ino))

    for regime in sorted(paths.REGIMES_DIR.glob("*.yaml")):  # the process rules are part of what was loaded
        st = regime.stat()
        stats.append((regime.name, st.st_size, st.st_mtime_ns, st.st_ino))
    for rel in SOURCES:
        add(rel)
    for folder in FOLDERS:
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


def load(root: Path) -> Entry:
    """The review, its regime and its load issues: from the cache when nothing changed, else from the files."""
    key = _fingerprint(root)
    file = _cache_file(root)
    if file is not None and file.is_file():
        with contextlib.suppress(Exception):  # a stale or unreadable cache is simply rebuilt
            with file.open("rb") as handle:
                stored_key, entry = pickle.load(handle)
            if stored_key == key:
                return entry
    from scr_cli import store

    loaded = store.load(root)
    entry = (loaded.review, loaded.regime, loaded.issues)
    if file is not None:
        with contextlib.suppress(OSError):
            file.parent.mkdir(exist_ok=True)
            atomic.write_bytes(file, pickle.dumps((key, entry), protocol=pickle.HIGHEST_PROTOCOL))
    return entry
