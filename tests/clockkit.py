"""Waiting for the file system's clock: until files just written are old enough for the status cache to trust."""

from __future__ import annotations

import time
from pathlib import Path

from scr_cli.store import cache


def a_clock_step_later(root: Path, limit_s: float = 10.0) -> None:
    """Wait until every file `root`'s review is read from is older than one step of the clock (cache.settled).

    The wait asks the cache's own question rather than sleeping a fixed time: on a loaded machine a fixed
    sleep can end while the file system's clock has not yet moved past the last edit.
    """
    (root / ".git/scr").mkdir(exist_ok=True)
    step_s = cache.clock_step(root / ".git/scr") / 1e9
    deadline = time.monotonic() + limit_s
    while not cache.settled(root):
        assert time.monotonic() < deadline, f"files under {root} stayed too recent for {limit_s} s"
        time.sleep(step_s)
