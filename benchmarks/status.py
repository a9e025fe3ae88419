"""The speed of `scr status` on a big review, as a ratio against `python -c pass` measured in the same run.

Builds a synthetic review (40 agencies, 5,000 log events, 2,002 commits, every date before today), then
times whole processes, interleaved round-robin with a bare `python -c pass`:
  - `scr status` and `scr status --json` with a warm cache (target <= 15x python, issue 10);
  - `scr status` after an edit of log.yaml (the cache must be rebuilt; target <= 30x python);
  - `scr check` and `scr --version`, for reference; and `git status`.
Exits 1 when a target is missed.

    python benchmarks/status.py [--runs 11] [--events 5000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import Case, Targets, interleaved, scr_executable  # noqa: E402
from synthetic import make_review  # noqa: E402


def warm(scr: str, root: Path) -> None:
    """One untimed status, so the cache is written (a later edit makes it stale again)."""
    subprocess.run([scr, "status"], cwd=root, stdout=subprocess.DEVNULL, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--keep", type=Path, help="build the review here and keep it")
    args = parser.parse_args()
    scr = scr_executable()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "bench-review"
        if not (root / "review.yaml").exists():
            make_review(root, scr, args.events, 2002, date.today())
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True).stdout
        print(f"review: 40 agencies, {args.events:,} log events, {count.strip()} commits; {args.runs} runs each")
        warm(scr, root)
        hot = interleaved([Case("status", [scr, "status"], root), Case("json", [scr, "status", "--json"], root),
                           Case("version", [scr, "--version"], root), Case("git", ["git", "status"], root)],
                          args.runs)
        log = root / "log.yaml"
        edited = interleaved([Case("edited", [scr, "status"], root, before=lambda: os.utime(log)),
                              Case("check", [scr, "check"], root)], args.runs)
        goals = Targets("benchmarks/status.py")
        goals.info("python -c pass (baseline, warm-cache run)", f"{hot['python']:8.1f} ms")
        goals.ratio("scr status, warm cache", hot["status"], hot["python"], 15)
        goals.ratio("scr status --json, warm cache", hot["json"], hot["python"], 15)
        goals.info("scr --version", f"{hot['version']:8.1f} ms = {hot['version'] / hot['python']:6.2f}x python")
        goals.info("git status", f"{hot['git']:8.1f} ms = {hot['git'] / hot['python']:6.2f}x python")
        goals.info("python -c pass (baseline, edit run)", f"{edited['python']:8.1f} ms")
        goals.ratio("scr status after an edit of log.yaml", edited["edited"], edited["python"], 30)
        goals.info("scr check (reads and validates everything)",
                   f"{edited['check']:8.1f} ms = {edited['check'] / edited['python']:6.2f}x python")
        goals.finish()


if __name__ == "__main__":
    main()
