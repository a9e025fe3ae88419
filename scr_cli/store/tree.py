"""A read-only view of a review's files, wherever they are: the work tree, git's index, or a pushed commit.

Checks that guard commits (dated drafts, sign-offs, sensitive files) are written against `Tree`, so the
same code serves `scr check`, the pre-commit hook (staged blobs) and the pre-receive hook (pushed objects).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Protocol


class Tree(Protocol):
    """A set of files the checks read: the work tree, git's index, a commit, or an overlay on one of them."""

    def paths(self) -> Iterable[str]:
        """Every file path in the tree (POSIX, relative to the review root)."""
        ...

    def read(self, path: str) -> bytes | None:
        """The file's bytes as git would store them, or None when absent."""
        ...

    def mode(self, path: str) -> str | None:
        """Git file mode: '100644', '100755', '120000' (symlink); None when absent."""
        ...


class WorkTree:
    """The files on disk (used by `scr check`, and in tests)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def paths(self) -> Iterable[str]:
        for file in sorted(self.root.rglob("*")):
            rel = file.relative_to(self.root).as_posix()
            if rel.startswith(".git/") or not (file.is_file() or file.is_symlink()):
                continue
            yield rel

    def read(self, path: str) -> bytes | None:
        file = self.root / path
        if file.is_symlink():
            return str(file.readlink()).encode()
        return file.read_bytes() if file.is_file() else None

    def mode(self, path: str) -> str | None:
        file = self.root / path
        if file.is_symlink():
            return "120000"
        if not file.is_file():
            return None
        return "100755" if file.stat().st_mode & 0o111 else "100644"


class Overlay:
    """A tree with some files put in place or replaced, to judge them by the same rules.

    Each is a blob already read, the decrypted plaintext of an encrypted document beside its `.gpg`, or an
    edit not yet on disk.
    """

    def __init__(self, base: Tree, files: dict[str, bytes]) -> None:
        self.base, self.files = base, files

    def paths(self) -> Iterable[str]:
        return sorted({*self.base.paths(), *self.files})

    def read(self, path: str) -> bytes | None:
        return self.files[path] if path in self.files else self.base.read(path)

    def mode(self, path: str) -> str | None:
        return "100644" if path in self.files else self.base.mode(path)
