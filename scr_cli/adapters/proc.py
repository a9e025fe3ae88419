"""The single door to subprocess. Turns a missing program or a failed run into a one-line ScrError."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli.errors import ToolFailed, ToolMissing

INSTALL_HINTS = {
    "git": "install git (e.g. apt-get install git) and make sure it is on PATH",
    "gpg": "install GnuPG 2.2 or later (e.g. apt-get install gnupg) and make sure `gpg` is on PATH",
    "gpgconf": "install GnuPG 2.2 or later (e.g. apt-get install gnupg)",
    "soffice": "install LibreOffice (apt-get install libreoffice-writer-nogui)",
}


@dataclass(frozen=True)
class Completed:
    """A finished program: the arguments it ran with, its exit code and its raw output."""

    args: tuple[str, ...]
    returncode: int
    stdout: bytes
    stderr: bytes

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8", "replace")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8", "replace")


def which(program: str) -> str:
    found = shutil.which(program)
    if found is None:
        hint = INSTALL_HINTS.get(program, f"install {program} and make sure it is on PATH")
        raise ToolMissing(f"`{program}` was not found", hint=hint)
    return found


def run(
    args: Sequence[str],
    *,
    cwd: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    input: bytes | None = None,
    check: bool = True,
    timeout: float | None = None,
) -> Completed:
    """Run a program; with check=True a non-zero exit raises ToolFailed naming the program."""
    program = which(args[0])
    try:
        proc = subprocess.run(
            [program, *args[1:]],
            cwd=cwd,
            env=dict(env) if env is not None else None,
            input=input,
            capture_output=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired as exc:
        raise ToolFailed(f"`{args[0]}` did not finish within {timeout} s") from exc
    done = Completed(tuple(args), proc.returncode, proc.stdout, proc.stderr)
    if check and proc.returncode != 0:
        first = next((ln for ln in done.err.splitlines() if ln.strip()), f"exit code {proc.returncode}")
        raise ToolFailed(f"`{args[0]} {args[1] if len(args) > 1 else ''}`".replace(" `", "`") + f" failed: {first}",
                         hint=_failure_hint(args[0], done.err))
    return done


def _failure_hint(program: str, stderr: str) -> str:
    if "not a git repository" in stderr:
        return "run it inside a review's git repository (one made by `scr new`, or a clone of one)"
    return f"fix what {program} reports and run the command again"


def start(args: Sequence[str], **kwargs: object) -> subprocess.Popen[bytes]:
    """Start a long-running program (an editor, a hook chain). The caller waits for it."""
    program = which(args[0])
    popen: subprocess.Popen[bytes] = subprocess.Popen([program, *args[1:]], **kwargs)  # type: ignore[call-overload]
    return popen
