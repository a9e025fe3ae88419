"""`scr diff PATH`: two drafts compared word by word, in the terminal or as a redline document."""

from __future__ import annotations

from scr_cli.publish.redline import DiffResult, compare, write

__all__ = ["DiffResult", "compare", "write"]
