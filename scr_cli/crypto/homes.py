"""Which GnuPG home holds the user's secret key: one rule for every command that decrypts or signs."""

from __future__ import annotations

import os
from pathlib import Path

from scr_cli.adapters import gpg

DEMO_HOME = ".demo-gnupg"  # a demo review's own keys (git-ignored), so its commands work there as they are


def demo_home(root: Path) -> Path | None:
    """The demo's own GnuPG home when `root` is a demo review (so `scr unlock` works there as is)."""
    folder = root / DEMO_HOME
    return gpg.short_home_path(folder) if (folder / "pubring.kbx").is_file() else None


def gnupg_home(given: Path | None, root: Path | None = None) -> Path | None:
    """--gnupghome, else $SCR_GNUPGHOME, else a demo review's own keys (.demo-gnupg), else gpg's default."""
    if given is not None:
        return given
    env = os.environ.get("SCR_GNUPGHOME")
    if env:
        return Path(env)
    return demo_home(root) if root is not None else None
