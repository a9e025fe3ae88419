"""Shared helpers for the benchmarks: whole processes timed against `python -c pass` in the same run.

Every figure is a ratio against a baseline measured in the same, interleaved run (the machine may be shared:
a ratio stays comparable when the load changes, a bare time does not). Each benchmark states its targets;
`Targets.finish()` prints a summary and exits 1 when any target is missed. Nothing here is run by the tests.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PYTHON_PASS = (sys.executable, "-c", "pass")


def ensure_bytecode() -> None:
    """Compile scr's modules as `pip install .` does, so no timed run pays for compiling them.

    With PYTHONDONTWRITEBYTECODE set (some containers set it) an editable install never writes its .pyc
    files, and every scr process would compile ~50 modules again (~50 ms): a cost users do not pay.
    """
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("scr_cli")
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            compileall.compile_dir(folder, quiet=1)


ensure_bytecode()


def scr_executable() -> str:
    """The console script next to this Python (not a version-manager shim, which adds ~85 ms)."""
    beside = Path(sys.executable).parent / "scr"
    if beside.exists():
        return str(beside)
    found = shutil.which("scr")
    if found is None:
        sys.exit("scr is not installed: run `pip install .` first")
    return found


def bench_env() -> dict[str, str]:
    """An isolated git identity and configuration for the repositories a benchmark makes."""
    return {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}


def run_ms(args: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env={**os.environ, **(env or {})})
    return (time.perf_counter() - start) * 1000


@dataclass
class Case:
    """One command to time: its arguments, folder, and what to do before each run (not timed)."""

    name: str
    args: Sequence[str]
    cwd: Path
    before: Callable[[], None] | None = None
    env: dict[str, str] | None = None


def interleaved(cases: Sequence[Case], runs: int = 11, baseline: Case | None = None) -> dict[str, float]:
    """Median ms of each case and of `python -c pass` ("python"), run round-robin after one dropped warm-up.

    Interleaving means a change of load during the run weighs on every case alike.
    """
    base = baseline or Case("python", PYTHON_PASS, Path.cwd())
    every = [base, *cases]
    times: dict[str, list[float]] = {c.name: [] for c in every}
    for i in range(runs + 1):
        for case in every:
            if case.before is not None:
                case.before()
            took = run_ms(case.args, case.cwd, case.env)
            if i:  # the first round warms the page cache and is dropped
                times[case.name].append(took)
    return {name: statistics.median(v) for name, v in times.items()}


def median_ms(args: Sequence[str], cwd: Path, runs: int = 11, env: dict[str, str] | None = None,
              before: Callable[[], None] | None = None) -> float:
    """Median wall time of a whole process, over `runs` runs after one dropped warm-up run."""
    return interleaved([Case("it", args, cwd, before, env)], runs)["it"]


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} CPUs"


@dataclass
class Targets:
    """The targets of one benchmark: each figure printed with its target; exit 1 when one is missed."""

    title: str
    missed: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def ratio(self, what: str, value_ms: float, base_ms: float, at_most: float, unit: str = "python") -> None:
        """`value_ms / base_ms` against `at_most` (e.g. 15 means at most 15 times a bare Python start)."""
        got = value_ms / base_ms
        self._judge(what, f"{value_ms:8.1f} ms = {got:6.2f}x {unit}", f"<= {at_most:g}x", got <= at_most)

    def absolute(self, what: str, value: float, at_most: float, unit: str) -> None:
        self._judge(what, f"{value:8.2f} {unit}", f"<= {at_most:g} {unit}", value <= at_most)

    def info(self, what: str, text: str) -> None:
        self.lines.append(f"  {what:<52} {text}")
        print(self.lines[-1], flush=True)

    def _judge(self, what: str, got: str, target: str, ok: bool) -> None:
        self.lines.append(f"  {what:<52} {got}   target {target}: {'met' if ok else 'MISSED'}")
        print(self.lines[-1], flush=True)
        if not ok:
            self.missed.append(what)

    def finish(self) -> None:
        print(f"{self.title}: {load()}")
        if self.missed:
            print(f"{len(self.missed)} target(s) missed: " + "; ".join(self.missed))
            sys.exit(1)
        print("every target met")
