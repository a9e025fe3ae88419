"""How scr's cost grows with a review's size: the cost per unit at each size, so a superlinear step shows.

Two series, each timed as whole processes interleaved with a bare `python -c pass` (median of --runs):
  - log events, 1k / 5k / 20k / 50k (benchmarks/synthetic.py's review, 40 agencies): `scr status` with a warm
    cache, `scr status` after an edit of log.yaml (the cache is rebuilt), `scr check`;
  - chronology rows, 300 / 2,000 / 10,000 spread over the demo's agency chronologies (plaintext, as after
    `scr unlock`): `scr check` and `scr build chronology --format html`.
The cost of a size is its median less the baseline; between two sizes, the cost of each further 1,000 units
leaves the fixed cost (start-up, imports) out. The target (issue 10): the last step costs at most twice per
unit what the first step costs ("linear"); a warm status costs about the same at every size (it reads a cache).
Exits 1 when a target is missed.

    python benchmarks/scale.py [--runs 3] [--events 1000,5000,20000,50000] [--rows 300,2000,10000]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))
from _common import Case, Targets, bench_env, interleaved, scr_executable  # noqa: E402
from synthetic import chronology_rows, make_review  # noqa: E402

FLAT = 2.0  # the last step between sizes may cost at most this many times the first step, per unit


def _sizes(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def _per_unit(goals: Targets, what: str, unit: str, costs: dict[int, float]) -> None:
    """Print each size's cost and the cost of each further 1,000 units; judge the last step against the first.

    A command has a fixed cost (start-up, imports) that a per-unit figure would spread over the units; the
    step between two sizes leaves it out, so a superlinear algorithm shows as a rising cost per 1,000.
    """
    sizes = sorted(costs)
    steps: list[float] = []
    for i, size in enumerate(sizes):
        step = ""
        if i:
            steps.append(1000 * (costs[size] - costs[sizes[i - 1]]) / (size - sizes[i - 1]))
            step = f"  {steps[-1]:8.2f} ms per further 1,000 {unit}s"
        goals.info(f"{what} at {size:,} {unit}s", f"{costs[size]:9.1f} ms{step}")
    if len(steps) >= 2:
        growth = steps[-1] / max(steps[0], 1e-3)
        goals.absolute(f"{what}: last step vs first, per {unit}", growth, FLAT, "x")


def events_series(scr: str, tmp: Path, sizes: Sequence[int], runs: int, goals: Targets) -> None:
    warm: dict[int, float] = {}
    edited: dict[int, float] = {}
    checked: dict[int, float] = {}
    for size in sizes:
        root = tmp / f"events-{size}"
        make_review(root, scr, size, 2, date.today())
        log = root / "log.yaml"
        subprocess.run([scr, "status"], cwd=root, stdout=subprocess.DEVNULL, check=True)  # writes the cache
        hot = interleaved([Case("status", [scr, "status"], root)], runs)
        cold = interleaved([Case("edited", [scr, "status"], root, before=lambda log=log: os.utime(log)),
                            Case("check", [scr, "check"], root)], runs)
        warm[size] = hot["status"] / hot["python"]
        edited[size] = cold["edited"] - cold["python"]
        checked[size] = cold["check"] - cold["python"]
        print(f"  ({size:,} events done)", flush=True)
    for size in sorted(warm):
        goals.info(f"scr status, warm cache, {size:,} events", f"{warm[size]:6.2f}x python")
    goals.absolute("warm status: largest vs smallest (x python)", warm[max(warm)] / warm[min(warm)], 1.5, "x")
    _per_unit(goals, "scr status after an edit", "event", edited)
    _per_unit(goals, "scr check", "event", checked)


def _spread_rows(root: Path, count: int) -> None:
    """Replace the demo's agency chronologies with `count` rows shared among them (plaintext)."""
    folders = sorted(p.parent for p in (root / "05-imr").glob("*/chronology.yaml"))
    rows = chronology_rows(count, len(folders), date.today())
    for folder, agency_rows in zip(folders, rows.values(), strict=True):
        doc = yaml.safe_load((folder / "chronology.yaml").read_text(encoding="utf-8"))
        entries = [{**row, "recording": "contemporaneous", "comment": ""} for row in agency_rows]
        text = yaml.safe_dump({"agency": doc["agency"], "entries": entries}, sort_keys=False, allow_unicode=True)
        (folder / "chronology.yaml").write_text(text, encoding="utf-8")


def rows_series(scr: str, tmp: Path, sizes: Sequence[int], runs: int, goals: Targets) -> None:
    env = bench_env()
    demo = tmp / "demo"
    subprocess.run([scr, "demo", str(demo)], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([scr, "unlock"], cwd=demo, check=True, env=env, stdout=subprocess.DEVNULL)
    checked: dict[int, float] = {}
    built: dict[int, float] = {}
    out = tmp / "out"
    for size in sizes:
        _spread_rows(demo, size)
        times = interleaved([Case("check", [scr, "check"], demo, env=env),
                             Case("build", [scr, "build", "chronology", "--format", "html", "--out", str(out)], demo,
                                  env=env)], runs)
        checked[size] = times["check"] - times["python"]
        built[size] = times["build"] - times["python"]
        print(f"  ({size:,} rows done)", flush=True)
    _per_unit(goals, "scr check", "row", checked)
    _per_unit(goals, "scr build chronology (HTML)", "row", built)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", default="1000,5000,20000,50000", help="sizes of the log, comma-separated")
    parser.add_argument("--rows", default="300,2000,10000", help="chronology sizes, comma-separated")
    args = parser.parse_args()
    scr = scr_executable()
    goals = Targets("benchmarks/scale.py")
    with tempfile.TemporaryDirectory(prefix="scr-scale-") as tmp:
        if _sizes(args.events):
            events_series(scr, Path(tmp), _sizes(args.events), args.runs, goals)
        if _sizes(args.rows):
            rows_series(scr, Path(tmp), _sizes(args.rows), args.runs, goals)
    goals.finish()


if __name__ == "__main__":
    main()
