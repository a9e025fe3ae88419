"""`scr signoff` and `scr signoffs`: sign a document's current version; every sign-off's state."""

from __future__ import annotations

from scr_cli.gate.signing import SignResult, signoff, states

__all__ = ["SignResult", "signoff", "states"]
