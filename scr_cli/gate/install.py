"""`scr hooks install` and `scr init`: put scr's hook shims into a repository's hooks folder.

A shim is a few lines of sh that exec `scr hook <name>`. The path of the `scr` that installs them is
written in, so a commit does not go through a version-manager shim (pyenv, asdf: ~85 ms each time).
A hook that was there before and is not scr's is kept as `<name>.legacy`, and the shim runs it first.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from scr_cli import atomic, paths
from scr_cli.adapters import git
from scr_cli.errors import Refused

MARKER = "scr-managed-hook"
HOOK_NAMES = ("pre-commit", "pre-receive")


@dataclass(frozen=True)
class Installed:
    """One git hook `scr hooks install` put in place, and whether a foreign hook was kept beside it."""

    name: str
    path: Path
    legacy: bool  # a foreign hook was kept as <name>.legacy


def scr_executable() -> str:
    """The real `scr` console script of the running interpreter (not a shim found on PATH)."""
    beside = Path(sys.executable).parent / "scr"
    if beside.is_file():
        return str(beside)
    found = shutil.which("scr")
    return str(Path(found).resolve()) if found else "scr"


def shim_text(name: str, executable: str | None = None) -> str:
    template = (paths.hooks_dir() / name).read_text(encoding="utf-8")
    return template.replace("@SCR@", shlex.quote(executable or scr_executable()))


def _install_one(folder: Path, name: str, executable: str) -> Installed:
    target = folder / name
    legacy = folder / f"{name}.legacy"
    kept = False
    if target.exists() or target.is_symlink():
        current = target.read_text(encoding="utf-8", errors="replace") if target.is_file() else ""
        if MARKER not in current:
            if legacy.exists():
                raise Refused(
                    f"{target} is not scr's hook and {legacy.name} already exists",
                    hint=f"merge the two into {legacy.name} by hand, remove {name}, then re-run",
                )
            target.rename(legacy)
            kept = True
    kept = kept or legacy.exists()
    atomic.write_text(target, shim_text(name, executable), mode=0o755)
    return Installed(name, target, kept)


def install_hooks(root: Path) -> list[str]:
    """Install the shims into the repository at `root` (work tree or bare). Returns one line per hook."""
    folder = git.hooks_path(root)
    folder.mkdir(parents=True, exist_ok=True)
    exe = scr_executable()
    lines = []
    for name in HOOK_NAMES:
        done = _install_one(folder, name, exe)
        lines.append(f"{done.name}: installed" + (f" (runs {done.name}.legacy first)" if done.legacy else ""))
    if not git_is_bare(root):  # readable diffs of encrypted files for readers (local only, never cached)
        from scr_cli.crypto.textconv import configure_diff_driver

        configure_diff_driver(root)
        lines.append("diff driver for encrypted files: configured")
    return lines


def git_is_bare(root: Path) -> bool:
    return git.git(["rev-parse", "--is-bare-repository"], root).out.strip() == "true"


def init(root: Path) -> list[str]:
    """Set up a freshly cloned review: hooks (and the decrypting diff driver when available)."""
    return install_hooks(git.toplevel(root) if not git_is_bare(root) else root)
