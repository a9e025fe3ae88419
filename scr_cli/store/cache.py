"""A cache of the loaded review, so `scr status` on a big, unchanged review skips YAML parsing and validation.

Parsing 5,000 log events and building the pydantic validators costs ~300 ms; unpickling the result costs ~15.
The cache lives in .git/scr/ (never committed or pushed) and is keyed by scr's version and the size, mtime
inode and change time of every file the review is read from (images and includes from outside the stage
folders too, the plan.yaml and the local regime variant .scr/regime.yaml); any change to any of them means a
full load. The key is pickled ahead of the review, so a stale cache is recognised without unpickling the review.
Like git's index, a file changed too recently to be told apart from a later edit with the same size and time
stamp is "racy": the cache is then not written. "Recently" is one step of the file system's clock, measured
once per repository with new files (4 ms on ext4, 1 s on some network file systems, 2 s on FAT) and
remembered in .git/scr/clock-step. "Now" is read from the file system itself (the stamp of a file written in
.git/scr/), as git compares with its index file's stamp: the machine's clock may differ from a network file
system's, or be set to another day. Only plain dataclasses from scr_cli.review are stored, so reading it
imports neither pydantic nor YAML. `derived()` keeps, under the same key, what a command worked out of the
review for one token (status: the day), so a warm status unpickles neither the review nor its events.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar, cast

from scr_cli import __version__, paths
from scr_cli.review import layout
from scr_cli.review.model import Issue, Review
from scr_cli.review.regime import Regime

Entry = tuple[Review, Regime, list[Issue]]
T = TypeVar("T")
_MODEL_DIR = Path(__file__).parent.parent / "review"  # scr_cli/review/
_IN_FOLDERS = tuple(f + "/" for f in layout.DOCUMENT_FOLDERS)
RACY_NS = 3_000_000_000  # the window when the clock's step cannot be measured (FAT's step is 2 s)
_FORMAT = 2  # of the file: a header (format, key, extra) pickled ahead of the entry
_STEP_METHOD = "new-files"  # how clock-step was measured: a memo made another way is measured again


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
    for rel in layout.REGISTRIES:  # plan.yaml and .scr/regime.yaml among them
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


def _racy(key: tuple[object, ...], now_ns: int, step_ns: int) -> bool:
    """Whether any file was changed so recently that a same-sized edit could keep its stamps."""
    stats = key[1]
    assert isinstance(stats, tuple)
    return any(max(st[2], st[4]) >= now_ns - step_ns for st in stats)


def _stamp(probe: Path, data: bytes = b"") -> int:
    probe.write_bytes(data)  # a write, not utime(): the kernel stamps it, as it stamps the user's edits
    return os.stat(probe).st_mtime_ns


def _fs_now_ns(folder: Path) -> int:
    """The file system's clock: the stamp it gives a file written now (the machine's clock when it cannot)."""
    try:
        folder.mkdir(exist_ok=True)
        return _stamp(folder / "clock")
    except OSError:
        return time.time_ns()


def measure_step(folder: Path, steps: int = 3, limit_s: float = RACY_NS / 1e9) -> int:
    """The step of the file system's clock: new files are made until their stamps move, the largest of a few moves.

    Each sample is a new file, never stat'ed before it is written: on Linux 6.13+ (multigrain time stamps) a
    file whose times were read gets a fine-grained stamp on its next change, so rewriting one probe would
    measure a fraction of a millisecond while an editor's save is stamped by the coarse clock (4 ms on ext4).
    """
    import shutil

    work = folder / f"clock-probe-{os.getpid()}"
    found: list[int] = []
    try:
        work.mkdir()
        last, made = _stamp(work / "0"), 1
        deadline = time.monotonic() + limit_s
        while len(found) < steps and time.monotonic() < deadline:
            time.sleep(0.0002 if made < 5000 else 0.002)  # a few thousand small files at most
            now = _stamp(work / str(made))
            made += 1
            if now != last:
                found.append(abs(now - last))
                last = now
    except OSError:
        return RACY_NS
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return max(found) if len(found) == steps else RACY_NS


def clock_step(folder: Path) -> int:
    """The file system's clock step for `folder`, measured once and remembered there (RACY_NS if unknown)."""
    memo = folder / "clock-step"
    try:
        device = os.stat(folder).st_dev
        with contextlib.suppress(OSError, ValueError):
            method, seen, known = memo.read_text(encoding="ascii").split()
            if method == _STEP_METHOD and int(seen) == device:
                return int(known)
        step = measure_step(folder)
        memo.write_text(f"{_STEP_METHOD} {device} {step}\n", encoding="ascii")
        return step
    except OSError:
        return RACY_NS


def settled(root: Path) -> bool:
    """Whether every file the review is read from is older than one clock step, so a load now may be cached."""
    file = _cache_file(root)
    if file is None:
        return False
    now_ns = _fs_now_ns(file.parent)
    return not _racy(_fingerprint(root), now_ns, clock_step(file.parent))


def _read(file: Path, root: Path, key: tuple[object, ...]) -> Entry | None:
    """The cached entry when its key is this one: the key is read first, the review only when it matches."""
    with contextlib.suppress(Exception), file.open("rb") as handle:  # a stale or unreadable cache is rebuilt
        header = pickle.load(handle)  # written by this module only: (format, key, extra), then an Entry
        if not (isinstance(header, tuple) and len(header) == 3 and header[0] == _FORMAT and header[1] == key):
            return None
        if not _still(root, header[2]):
            return None
        return cast(Entry, pickle.load(handle))
    return None


def load(root: Path) -> Entry:
    """The review, its regime and its load issues: from the cache when nothing changed, else from the files."""
    file = _cache_file(root)
    now_ns = _fs_now_ns(file.parent) if file is not None else time.time_ns()
    return _entry(root, file, _fingerprint(root), now_ns)


def _entry(root: Path, file: Path | None, key: tuple[object, ...], now_ns: int) -> Entry:
    if file is not None and file.is_file():
        cached = _read(file, root, key)
        if cached is not None:
            return cached
    from scr_cli.store import loader

    loaded = loader.load(root)
    entry = (loaded.review, loaded.regime, loaded.issues)
    extra = _extra(root, loaded.review)
    if file is not None and _may_keep(file, key, extra, now_ns):
        _write(file, (_FORMAT, key, extra), entry)
    return entry


def _extra(root: Path, review: Review) -> tuple[tuple[str, int, int, int, int], ...]:
    return tuple(_stat(root, rel) for rel in _outside(review))


def _still(root: Path, extra: object) -> bool:
    """Whether the files outside the stage folders that a kept result was read with are as they were."""
    return isinstance(extra, tuple) and extra == tuple(_stat(root, rel) for rel, *_ in extra)


def _may_keep(file: Path, key: tuple[object, ...], extra: tuple[object, ...], now_ns: int) -> bool:
    """Whether what was read from these files may be kept: none of them changed within one clock step."""
    step = clock_step(file.parent)
    return not _racy(key, now_ns, step) and not _racy(("", extra), now_ns, step)


def derived(root: Path, name: str, token: object, code: tuple[Path, ...], compute: Callable[[Entry], T]) -> T:
    """What `compute` makes of the review for `token` (the day, say), remembered while no file changes.

    A warm `scr status` on a 50,000-event log would spend most of its time unpickling the events; what it
    shows of them on one day (clocks, stages, milestones) is small. The result is kept in .git/scr/NAME.pickle
    under the review's key, `token` and the stamps of `code` (what computes it, the data it reads), with the same
    racy-file rule as the review itself; anything else is computed from the review (and remembered).
    """
    file = _cache_file(root)
    if file is None:
        return compute(load(root))
    keep = file.with_name(f"{name}.pickle")
    now_ns = _fs_now_ns(file.parent)
    key = _fingerprint(root)
    made_by = tuple((st.st_size, st.st_mtime_ns, st.st_ino) for st in map(os.stat, code))
    header: tuple[object, ...] = (_FORMAT, key, token, made_by)
    with contextlib.suppress(Exception), keep.open("rb") as handle:  # a stale or unreadable result is remade
        seen = pickle.load(handle)  # written by this module only: (header, extra), then the result
        if isinstance(seen, tuple) and len(seen) == 2 and seen[0] == header and _still(root, seen[1]):
            return cast(T, pickle.load(handle))
    entry = _entry(root, file, key, now_ns)
    result = compute(entry)
    extra = _extra(root, entry[0])
    if _may_keep(file, key, extra, now_ns):
        _write(keep, (header, extra), result)
    return result


def _write(file: Path, header: tuple[object, ...], entry: object) -> None:
    from scr_cli import atomic  # tempfile: only when the cache is written

    with contextlib.suppress(OSError):
        file.parent.mkdir(exist_ok=True)
        proto = pickle.HIGHEST_PROTOCOL
        atomic.write_bytes(file, pickle.dumps(header, protocol=proto) + pickle.dumps(entry, protocol=proto))
