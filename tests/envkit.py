"""Test kit for the machine's side of things: copies of the demo review in short /tmp folders, `scr` run in a
child process (a read that blocks fails the test by timeout instead of hanging it), real mounts and
attributes where the test runs as root, and snapshots that prove nothing was changed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.commands.demo import make_demo

TODAY = "2026-11-29"
DEMO_HOME = ".demo-gnupg"
VOLATILE = (".git/scr/", f"{DEMO_HOME}/", ".git/index")  # scr's cache and lock, gpg's agent state, git's stat cache


@dataclass
class Ran:
    code: int
    out: str
    err: str


def make_base(folder: Path) -> Path:
    """The demo review, made once for a module (its keys in .demo-gnupg, its pack built)."""
    root = folder / "demo"
    make_demo(root, date.fromisoformat(TODAY))
    gpg.stop_agents(root / DEMO_HOME)
    return root


def keyring(root: Path) -> Path:
    """The demo's keys, copied beside the review (where a member's keyring is: not in the review itself)."""
    return root.parent / "g"


@contextlib.contextmanager
def review_copy(base: Path) -> Iterator[Path]:
    """A copy of the demo in a short /tmp path (gpg's socket names must fit), removed afterwards."""
    top = Path(tempfile.mkdtemp(prefix="e-", dir="/tmp"))
    root = top / "r"
    shutil.copytree(base, root, symlinks=True, ignore=shutil.ignore_patterns("S.*"))
    shutil.copytree(base / DEMO_HOME, keyring(root), ignore=shutil.ignore_patterns("S.*"))
    try:
        yield root
    finally:
        for home in (root / DEMO_HOME, keyring(root)):
            gpg.stop_agents(home)
        unfreeze(top)
        shutil.rmtree(top, ignore_errors=True)


def run(root: Path, *args: str, umask: int | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> Ran:
    """`scr ARGS` in a child process, in `root`, with the demo's keys (a copy beside it) as the keyring."""
    home = str(keyring(root))
    full = {**os.environ, "GNUPGHOME": home, "SCR_GNUPGHOME": home, **(env or {})}

    def mask() -> None:
        if umask is not None:
            os.umask(umask)

    done = subprocess.run([sys.executable, "-m", "scr_cli.app", *args], cwd=root, env=full, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, preexec_fn=mask)
    return Ran(done.returncode, done.stdout, done.stderr)


def snapshot(root: Path) -> dict[str, tuple[int, bytes | str]]:
    """Every entry under root with its type and bytes (a link's target), leaving out VOLATILE state."""
    seen: dict[str, tuple[int, bytes | str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if any(rel.startswith(v) or rel + "/" == v for v in VOLATILE):
                continue
            info = os.lstat(path)
            kind = stat.S_IFMT(info.st_mode)
            if stat.S_ISLNK(info.st_mode):
                seen[rel] = (kind, os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                seen[rel] = (kind, path.read_bytes())
            else:
                seen[rel] = (kind, "")
    return seen


def as_root() -> bool:
    return os.geteuid() == 0


def chattr(path: Path, flag: str) -> bool:
    """chattr +i / -i; False where it cannot be done (not root, or a file system without attributes)."""
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    return done.returncode == 0


def unfreeze(top: Path) -> None:
    """Undo what a test did to make files unchangeable, so the folder can be removed."""
    for dirpath, dirnames, filenames in os.walk(top):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            if path.is_symlink():
                continue
            with contextlib.suppress(OSError):
                os.chmod(path, stat.S_IMODE(os.lstat(path).st_mode) | stat.S_IWUSR | stat.S_IXUSR * path.is_dir())
    if as_root() and shutil.which("lsattr"):
        subprocess.run(["chattr", "-R", "-i", str(top)], capture_output=True)


def mount(*args: str) -> bool:
    """`mount ARGS`: False where mounting is not permitted here (not root, or in a restricted container)."""
    if not as_root() or shutil.which("mount") is None:
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True)


def fill(folder: Path) -> None:
    """Write into `folder` until its file system is full (inside its .git when it has one: a file in the work
    tree would be a plaintext that `scr doctor` rightly reports, which is not what a full-disk case tests)."""
    if (folder / ".git").is_dir():
        folder = folder / ".git"
    chunk = b"\0" * 65536
    with open(folder / ".filler", "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(chunk)
    with open(folder / ".filler-small", "wb", buffering=0) as handle, contextlib.suppress(OSError):
        while True:
            handle.write(b"\0" * 512)


def size_of(folder: Path) -> int:
    return sum(os.lstat(Path(d) / f).st_size for d, _, files in os.walk(folder) for f in files)
