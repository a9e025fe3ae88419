"""The one error tree. Every expected failure is a ScrError carrying a one-line message and an exit code.

Exit codes: 1 for a problem in the user's data or request, 2 for a problem with the environment or an
external tool (git, gpg, pandoc, typst), 3 (set by the boundary in app.py) for anything unexpected.
Messages name paths and pseudonyms only: never real names or file contents.
"""

from __future__ import annotations

from pathlib import Path


class ScrError(Exception):
    """An expected failure: one line naming where (path, line, column), what is wrong, and how to fix it."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    def location(self) -> str:
        if self.path is None:
            return ""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} — {self.hint}" if self.hint else text


class DataError(ScrError):
    """The review's files, or the arguments given, are wrong. Exit 1."""

    exit_code = 1


class Refused(DataError):
    """A rule of the process forbids what was asked (e.g. a hook refusing a commit). Exit 1."""


class EnvironmentProblem(ScrError):
    """Something outside the review is wrong: a missing tool, key, permission or repository. Exit 2."""

    exit_code = 2


class FileProblem(EnvironmentProblem, OSError):
    """The operating system refused a file. Exit 2.

    A symbolic link loop, a named pipe or device where a file belongs, a read-only or immutable file, a full
    disk. It is also an OSError, so code that shrugs off a failed optional write (the status cache) still does.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, errno: int = 0,
                 hint: str | None = None) -> None:
        super().__init__(message, path=path, hint=hint)
        self.errno = errno

    def __str__(self) -> str:
        return ScrError.__str__(self)


class ToolMissing(EnvironmentProblem):
    """A program scr needs (git, gpg, pandoc) is missing: not installed, or not on PATH. Exit 2."""


class ToolFailed(EnvironmentProblem):
    """A program scr ran (git, gpg, an editor) failed or did not finish in time. Exit 2."""
