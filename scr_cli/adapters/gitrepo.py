"""Creating and committing a review repository (scr new, scr demo). Plain git through adapters/proc."""

from __future__ import annotations

from pathlib import Path

from scr_cli.adapters import proc
from scr_cli.errors import EnvironmentProblem


def identity(root: Path | None = None) -> tuple[str, str] | None:
    """The user.name and user.email git would use here, or None when either is missing."""
    cwd = root if root is not None and root.is_dir() else None
    name = proc.run(["git", "config", "user.name"], cwd=cwd, check=False).out.strip()
    email = proc.run(["git", "config", "user.email"], cwd=cwd, check=False).out.strip()
    return (name, email) if name and email else None


def require_identity() -> None:
    if identity() is None:
        raise EnvironmentProblem(
            "git does not know who you are, so it cannot record who made the first commit",
            hint='run git config --global user.name "Your Name" and git config --global user.email you@example.org',
        )


def init(root: Path) -> None:
    proc.run(["git", "init", "-q", "-b", "main", str(root)])


def set_identity(root: Path, name: str, email: str) -> None:
    proc.run(["git", "config", "user.name", name], cwd=root)
    proc.run(["git", "config", "user.email", email], cwd=root)


def commit_all(root: Path, message: str, *, date: str | None = None, no_verify: bool = False) -> str:
    """Stage everything git does not ignore and commit it; returns the new commit id."""
    proc.run(["git", "add", "-A"], cwd=root)
    env = None
    if date is not None:
        import os

        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    args = ["git", "commit", "-q", "-m", message]
    if no_verify:
        args.append("--no-verify")
    proc.run(args, cwd=root, env=env)
    return proc.run(["git", "rev-parse", "HEAD"], cwd=root).out.strip()


def is_repo(root: Path) -> bool:
    return proc.run(["git", "rev-parse", "--git-dir"], cwd=root, check=False).returncode == 0
