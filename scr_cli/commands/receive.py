"""`scr receive FILE`: a Word or Excel document an agency returns, taken back as the document's next draft."""

from __future__ import annotations

from scr_cli.publish.receive import MODES, ReceiveResult, receive

__all__ = ["MODES", "ReceiveResult", "receive"]
