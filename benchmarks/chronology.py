"""The integrated chronology's merge at 300, 2,000 and 10,000 rows, against the search of every pair it replaced.

The rows are benchmarks/synthetic.py's (40 agencies, about four rows a day, one in forty repeating another
agency's entry a few days later), merged in this process by `review.chronology.merge`. Baselines measured in
the same run, interleaved: the old conflict search (every pair within the 31-day window, tests/chronokit.py)
on the same rows, and a bare `python -c pass`. Targets (issue 10): the cost per row flat (at 10,000 rows at
most twice the cost per row at 2,000), and 10,000 rows in at most 0.5 s. That goal was set when the old
search took 756 ms for 2,000 rows, so it is judged as a ratio to the old search at 2,000 rows timed in this
run (at most 0.66), which a loaded machine slows alike; against `python -c pass` it is only printed (a
process start suffers from load far more than a computation). The same conflicts are checked as they are
timed. Exits 1 when a target is missed.

    python benchmarks/chronology.py [--runs 5] [--old-max 2000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from _common import PYTHON_PASS, Targets, run_ms  # noqa: E402
from synthetic import chronology_rows  # noqa: E402

from scr_cli.review.chronology import merge  # noqa: E402
from tests.chronokit import every_pair  # noqa: E402

SIZES = (300, 2_000, 10_000)


@dataclass(frozen=True)
class Row:
    """One agency chronology entry, as the schema's model offers it to merge()."""

    date: date
    time: str | None
    source: str
    event: str
    action: str
    outcome: str
    recording: str
    comment: str


def rows(count: int) -> dict[str, list[Row]]:
    made = chronology_rows(count, 40, date.today())
    return {agency: [Row(date.fromisoformat(r["date"]), None, r["source"], r["event"], r["action"], r["outcome"],
                         "contemporaneous", "") for r in entries] for agency, entries in made.items()}


def _ms(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--old-max", type=int, default=2_000, help="time the old search up to this many rows")
    args = parser.parse_args()
    data = {n: rows(n) for n in SIZES}
    merged = {n: merge(data[n]) for n in SIZES}
    for n in SIZES:
        if n <= args.old_max:
            assert list(merged[n].conflicts) == every_pair(list(merged[n].entries)), f"other conflicts at {n} rows"
    times: dict[str, list[float]] = {"python": []}
    for _ in range(args.runs):  # round-robin, so a change of load weighs on every figure alike
        times["python"].append(run_ms(PYTHON_PASS, Path.cwd()))
        for n in SIZES:
            times.setdefault(f"new {n}", []).append(_ms(lambda n=n: merge(data[n])))  # type: ignore[misc]
            if n <= args.old_max:
                entries = list(merged[n].entries)
                times.setdefault(f"old {n}", []).append(_ms(lambda e=entries: every_pair(e)))  # type: ignore[misc]
    ms = {name: statistics.median(v) for name, v in times.items()}
    goals = Targets("benchmarks/chronology.py")
    goals.info("python -c pass (baseline)", f"{ms['python']:8.1f} ms")
    for n in SIZES:
        per_row = ms[f"new {n}"] * 1000 / n
        old = f"; old search {ms[f'old {n}']:8.1f} ms ({ms[f'old {n}'] / ms[f'new {n}']:.1f}x slower)" \
            if f"old {n}" in ms else ""
        goals.info(f"merge, {n:,} rows ({len(merged[n].conflicts)} conflicts)",
                   f"{ms[f'new {n}']:8.1f} ms, {per_row:6.1f} us a row{old}")
    flat = (ms["new 10000"] / 10_000) / (ms["new 2000"] / 2_000)
    goals.absolute("cost a row at 10,000 / at 2,000 rows", flat, 2, "x")
    if "old 2000" in ms:
        goals.ratio("merge, 10,000 rows vs the old search at 2,000", ms["new 10000"], ms["old 2000"], 500 / 756,
                    unit="old 2,000")
    goals.info("merge, 10,000 rows vs python -c pass", f"{ms['new 10000'] / ms['python']:6.2f}x python")
    goals.finish()


if __name__ == "__main__":
    main()
