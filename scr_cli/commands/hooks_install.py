"""`scr hooks install` and `scr init`: scr's hooks in a repository (work tree or bare), and a fresh clone set up."""

from __future__ import annotations

from scr_cli.gate.install import init, install_hooks

__all__ = ["init", "install_hooks"]
