"""`scr status` on the demo review: warm, and the first one right after `scr demo`, against `python -c pass`.

The demo has sign-offs, so a status without remembered signature checks runs gpg several times; with them
(.git/scr/signatures.json) it runs none. Made for today's date (`scr demo` dates it), so it never fails
because of the calendar. Targets (issue 10): warm <= 15x python; right after `scr demo` <= 20x. Also shown:
a status that must ask gpg again (the signature memo removed), for reference. Exits 1 when a target is missed.

    python benchmarks/demo_status.py [--runs 11] [--fresh 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import PYTHON_PASS, Case, Targets, interleaved, run_ms, scr_executable  # noqa: E402


def make_demo(scr: str, root: Path) -> None:
    for made in (root, root.parent / f"{root.name}-board"):  # the demo and the board folder it makes beside it
        if made.exists():
            shutil.rmtree(made)
    subprocess.run([scr, "demo", str(root)], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--fresh", type=int, default=5, help="demos made, each timed by its first status")
    args = parser.parse_args()
    scr = scr_executable()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "demo"
        first: list[float] = []
        python: list[float] = []
        for _ in range(args.fresh):
            make_demo(scr, root)
            python.append(run_ms(PYTHON_PASS, root))
            first.append(run_ms([scr, "status"], root))
        memo = root / ".git" / "scr" / "signatures.json"
        subprocess.run([scr, "status"], cwd=root, check=True, stdout=subprocess.DEVNULL)
        warm = interleaved([Case("status", [scr, "status"], root),
                            Case("gpg", [scr, "status"], root, before=lambda: memo.unlink(missing_ok=True))],
                           args.runs)
        goals = Targets("benchmarks/demo_status.py")
        goals.info("python -c pass (baseline)", f"{warm['python']:8.1f} ms")
        goals.ratio("scr status on the demo, warm", warm["status"], warm["python"], 15)
        goals.ratio("scr status right after scr demo", statistics.median(first), statistics.median(python), 20)
        goals.info("scr status, signature checks not remembered",
                   f"{warm['gpg']:8.1f} ms = {warm['gpg'] / warm['python']:6.2f}x python")
        goals.finish()


if __name__ == "__main__":
    main()
