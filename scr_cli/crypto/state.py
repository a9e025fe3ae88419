"""Local state of the encryption commands, kept under .git/scr/ (never committed).

- private work folders (0700) on the same file system as the review, so results can be os.replace()d;
- the lock cache: per sensitive file the SHA-256 of its ciphertext and a keyed hash (HMAC with a random
  local key) of its plaintext, so an unchanged file is not re-encrypted, and keyed hashes of its distinctive
  passages (review/passages.py), so the pre-commit hook finds one pasted into a public file without gpg
  (passages of scr's own templates are left out), and the key IDs the ciphertext is encrypted to, so a
  `scr lock` with nothing changed does not parse and test every .gpg again. No plain hash is stored anywhere;
- crash points for tests: SCR_CRASH_AT=<name> kills the process at that point (SIGKILL).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import hmac
import json
import os
import secrets
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from scr_cli import paths
from scr_cli.adapters import proc
from scr_cli.atomic import fsync_dir, write_bytes
from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.errors import EnvironmentProblem
from scr_cli.fileio import problem, refuse_read_only
from scr_cli.review.passages import passages

CACHE = "lock-cache.json"
EDIT_PREFIX = "scr-e"  # `scr edit` folders, which `scr doctor` looks for after a crash
_held: dict[str, list[int]] = {}  # state folder -> [fd, depth]
F = TypeVar("F", bound=Callable[..., Any])


def exclusive(func: F) -> F:
    """Run a command holding .git/scr/lock (flock: released by the kernel even after kill -9, so never stale).

    Re-entrant within one process (keys add -> rekey); a second scr process on the same review is refused.
    """

    @functools.wraps(func)
    def wrapper(root: Path, *args: Any, **kwargs: Any) -> Any:
        key = str(state_dir(root))
        if key not in _held:
            fd = os.open(Path(key) / "lock", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise EnvironmentProblem("another scr command is working on this review",
                                         hint="wait for it to finish, then try again") from None
            _held[key] = [fd, 0]
        _held[key][1] += 1
        try:
            return func(root, *args, **kwargs)
        finally:
            _held[key][1] -= 1
            if _held[key][1] == 0:
                os.close(_held.pop(key)[0])

    return wrapper  # type: ignore[return-value]


def crash_point(name: str) -> None:
    if os.environ.get("SCR_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


def private_umask() -> None:
    os.umask(0o077)


def state_dir(root: Path) -> Path:
    dot_git = root / ".git"
    if dot_git.is_dir():
        git_dir = dot_git
    else:
        done = proc.run(["git", "rev-parse", "--absolute-git-dir"], cwd=root, check=False)
        if done.returncode != 0:
            raise EnvironmentProblem(f"{root.name} is not a git repository", hint="run `git init` in the review")
        git_dir = Path(done.out.strip())
    state = git_dir / "scr"
    state.mkdir(mode=0o700, exist_ok=True)
    return state


@contextlib.contextmanager
def work_dir(root: Path, prefix: str = "tmp-") -> Iterator[Path]:
    """A private folder under .git/scr/, removed afterwards (also on errors and Ctrl-C)."""
    import tempfile  # only commands that decrypt pay for it, not a warm `scr status`

    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=state_dir(root)))
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def private_dir() -> Path:
    """A 0700 folder for plaintext outside the review (`scr edit`): in memory (/dev/shm) where there is one."""
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=EDIT_PREFIX, dir=base))
    os.chmod(folder, 0o700)
    return folder


def head_reader(root: Path) -> Callable[[str], bytes | None]:
    """Read files as committed in HEAD (None when absent or when there is no commit yet)."""

    def read(path: str) -> bytes | None:
        done = proc.run(["git", "cat-file", "blob", f"HEAD:{path}"], cwd=root, check=False)
        return done.stdout if done.returncode == 0 else None

    return read


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def install(staged: Path, target: Path, mode: int) -> None:
    """Move a finished file from a work folder over its target: chmod, fsync, rename, fsync the folder."""
    install_many([(staged, target)], mode)


def install_many(pairs: list[tuple[Path, Path]], mode: int, after_first: str = "") -> None:
    """Like install() for many files: make them all durable first, then rename each (each one atomic).

    One sync for the batch instead of one fsync per file; each folder is synced once after the renames.
    A read-only or immutable target, or a full disk, is found before the first rename where it can be, and is
    a FileProblem naming the file (exit 2); every file is always either its old or its new self.
    """
    for _, target in pairs:
        refuse_read_only(target)
    for staged, _ in pairs:
        os.chmod(staged, mode)
    try:
        if len(pairs) > 16:
            os.sync()
        else:
            for staged, _ in pairs:
                fsync_file(staged)
    except OSError as exc:
        raise problem(exc, pairs[0][1].parent) from None
    for n, (staged, target) in enumerate(pairs):
        try:
            os.replace(staged, target)
        except OSError as exc:  # an immutable file (chattr +i) shows only here
            raise problem(exc, target) from None
        if n == 0 and after_first:
            crash_point(after_first)
    for folder in {target.parent for _, target in pairs}:
        fsync_dir(folder)


@contextlib.contextmanager
def undo_on_error(files: list[Path]) -> Iterator[None]:
    """Put these files back as they were (or remove them if they were absent) when the block fails."""
    saved = {f: (f.read_bytes() if f.is_file() else None) for f in files}
    try:
        yield
    except BaseException:
        for file, data in saved.items():
            if data is None:
                file.unlink(missing_ok=True)
            else:
                write_atomic(file, data, 0o644)
        raise


def write_atomic(target: Path, data: bytes, mode: int = 0o644) -> None:
    write_bytes(target, data, mode)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _template_passages(root: Path) -> set[str]:
    """Passages of the templates sensitive files start from: shared by every IMR, so they identify none."""
    found: set[str] = set()
    for base in (root / ".scr" / "templates", paths.review_template_dir()):
        for file in base.rglob("*") if base.is_dir() else ():
            if file.is_file() and file.suffix in (".md", ".yaml"):
                try:
                    found |= {unit for _, unit in passages(file.read_text(encoding="utf-8"))}
                except (OSError, UnicodeDecodeError):
                    continue
    return found


class LockCache:
    """The lock cache of a clone: what each sensitive file was when scr last locked or unlocked it.

    path -> {"c": sha256 of the .gpg, "p": HMAC of the plaintext, "r": digest of the readers, "k": the key IDs
    the .gpg is encrypted to, "u": keyed hashes (16 hex digits) of its passages}.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._templates: set[str] | None = None
        self.state = state_dir(root)
        self.file = self.state / CACHE
        key_file = self.state / "cache-key"
        if not key_file.exists():
            write_atomic(key_file, secrets.token_bytes(32), 0o600)
        self.key = key_file.read_bytes()
        self._last: tuple[bytes, str] | None = None  # the ciphertext hashed last, and its digest
        try:
            found = json.loads(self.file.read_text())
        except (OSError, ValueError):
            found = {}
        # a damaged cache only costs a re-check by decrypting: keep the entries of the right shape
        found = found if isinstance(found, dict) else {}
        self.units: dict[str, list[str]] = {
            k: [u for u in v.pop("u", []) if isinstance(u, str)] for k, v in found.items()
            if isinstance(v, dict) and isinstance(v.get("u", []), list)
        }
        self.entries: dict[str, dict[str, str]] = {
            k: v for k, v in found.items() if isinstance(v, dict) and all(isinstance(x, str) for x in v.values())
        }

    def mac(self, plain: bytes) -> str:
        return hmac.new(self.key, plain, hashlib.sha256).hexdigest()

    def _digest(self, cipher: bytes) -> str:
        """sha256 of a ciphertext; the same bytes asked about twice in a row are hashed once."""
        if self._last is None or self._last[0] is not cipher:
            self._last = (cipher, sha256(cipher))
        return self._last[1]

    def _entry(self, rel: str, cipher: bytes) -> dict[str, str] | None:
        """The entry of `rel` when it was recorded for exactly this .gpg."""
        entry = self.entries.get(rel)
        return entry if entry is not None and entry.get("c") == self._digest(cipher) else None

    def unchanged(self, rel: str, cipher: bytes, plain: bytes) -> bool:
        """Whether this .gpg is the one scr wrote for exactly this plaintext (recipients are checked apart)."""
        entry = self._entry(rel, cipher)
        return bool(entry and hmac.compare_digest(entry.get("p", ""), self.mac(plain)))

    def known_recipients(self, rel: str, cipher: bytes) -> frozenset[str] | None:
        """The key IDs this very .gpg is encrypted to, as read when scr recorded it (None: not known).

        An entry is recorded only for a .gpg gpg made here, one whose packets and body were tested, or one gpg
        decrypted with its integrity check: the packets need not be read and tested again while the bytes are
        the same. Whether those key IDs are the file's readers today is for the caller to judge.
        """
        entry = self._entry(rel, cipher)
        return frozenset(entry["k"].split(",")) if entry and entry.get("k") else None

    def gpg_changed(self, rel: str, cipher: bytes) -> bool:
        """Whether this .gpg differs from the one scr last wrote or read here (e.g. after a git pull)."""
        return rel in self.entries and self._entry(rel, cipher) is None

    def plain_known(self, rel: str, plain: bytes) -> bool:
        """Whether this plaintext is one scr itself locked or unlocked (so overwriting it loses nothing)."""
        entry = self.entries.get(rel)
        return bool(entry and hmac.compare_digest(entry.get("p", ""), self.mac(plain)))

    def passage_macs(self, plain: bytes) -> list[str]:
        try:
            text = plain.decode("utf-8-sig")
        except UnicodeDecodeError:
            return []
        if self._templates is None:
            self._templates = _template_passages(self.root)
        return sorted({self.mac(unit.encode())[:16] for _, unit in passages(text) if unit not in self._templates})

    def ensure_units(self, rel: str, plain: bytes) -> None:
        """Passages for an entry recorded before the cache kept them."""
        if rel not in self.units:
            self.units[rel] = self.passage_macs(plain)

    def record(self, rel: str, cipher: bytes, plain: bytes, readers: str) -> None:
        self.entries[rel] = {"c": self._digest(cipher), "p": self.mac(plain), "r": readers}
        self.note_recipients(rel, cipher)
        self.units[rel] = self.passage_macs(plain)

    def note_recipients(self, rel: str, cipher: bytes) -> None:
        """Remember whom the recorded .gpg of `rel` is encrypted to: only once its body is known to be real."""
        entry = self._entry(rel, cipher)
        if entry is not None and "k" not in entry:
            with contextlib.suppress(PacketError):
                entry["k"] = ",".join(sorted(ciphertext_recipients(cipher, check_body=False)))

    def save(self) -> None:
        data = {k: {**v, "u": self.units.get(k, [])} for k, v in self.entries.items()}
        write_atomic(self.file, json.dumps(data, sort_keys=True).encode(), 0o600)


def sensitive_passages(root: Path) -> tuple[bytes, dict[str, str]] | None:
    """The lock cache's passages: (the local key, keyed hash -> the sensitive file it comes from).

    Read only; None when this clone has locked or unlocked nothing yet.
    """
    state = state_dir(root)
    try:
        key = (state / "cache-key").read_bytes()
        found = json.loads((state / CACHE).read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(found, dict):
        return None
    macs = {u: rel for rel, v in found.items() if isinstance(v, dict) for u in v.get("u", []) if isinstance(u, str)}
    return key, macs
