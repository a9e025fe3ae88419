"""`scr draft bump|reopen`: a document's next dated draft, or a final document reopened with a logged reason."""

from __future__ import annotations

from scr_cli.gate.drafting import DraftResult, bump, reopen

__all__ = ["DraftResult", "bump", "reopen"]
