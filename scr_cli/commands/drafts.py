"""`scr drafts PATH`: every version of a document with its date, commit, author and sign-offs."""

from __future__ import annotations

from scr_cli.gate.history import DraftRow, drafts

__all__ = ["DraftRow", "drafts"]
