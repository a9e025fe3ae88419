"""Shared helpers for the benchmarks: timing whole processes and finding the installed `scr`."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def scr_executable() -> str:
    """The console script next to this Python (not a version-manager shim, which adds ~85 ms)."""
    beside = Path(sys.executable).parent / "scr"
    if beside.exists():
        return str(beside)
    found = shutil.which("scr")
    if found is None:
        sys.exit("scr is not installed: run `pip install .` first")
    return found


def median_ms(args: Sequence[str], cwd: Path, runs: int = 11, env: dict[str, str] | None = None,
              before: Callable[[], None] | None = None) -> float:
    """Median wall time of a whole process, over `runs` runs after one dropped warm-up run."""
    times = []
    for _ in range(runs + 1):  # the first run warms the page cache and is dropped
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                       env={**os.environ, **(env or {})})
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times[1:])
