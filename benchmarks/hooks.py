"""The time scr's hooks add to `git commit`, against `python -c pass` (target: <= 8x, about 100 ms; issue 10).

Median of N commits of one changed document, with the installed hooks and without them, interleaved in the
same run with a bare `python -c pass`. Exits 1 when the target is missed.

    python benchmarks/hooks.py [N]

Each commit changes the terms of reference's body and bumps its version (so the hook accepts it and does
its full work: staged diff, blobs, front matter, regime, rules). Git runs with an isolated configuration.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import _common  # noqa: E402, F401 - scr's modules compiled, as a pip install leaves them

TOR = "04-terms-of-reference/terms-of-reference.md"


def run(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)


def scr() -> str:
    beside = Path(sys.executable).parent / "scr"
    return str(beside) if beside.exists() else "scr"


def prepare(base: Path, name: str, hooks: bool) -> Path:
    root = base / name
    run(scr(), "new", str(root), "--ref", "SCR-B-01", "--board", "Bench Partnership", "--child", "Child Q",
        "--referral-received", "2026-01-05")
    if not hooks:
        for hook in (root / ".git/hooks").glob("pre-*"):
            hook.unlink()
    return root


def change(root: Path, i: int, version: int) -> None:
    file = root / TOR
    text = file.read_text() + f"\nParagraph {i} added for the benchmark.\n"
    text = re.sub(r"^version: .*$", f"version: {version}", text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^date: .*$", f"date: {time.strftime('%Y-%m-%d')}", text, count=1, flags=re.MULTILINE)
    file.write_text(text)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_commit(root: Path, i: int) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of git and everything it started): CPU time is steadier on a busy machine."""
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(["git", "commit", "-q", "-am", f"draft {i}"], cwd=root, capture_output=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"commit refused: {done.stderr.decode()}")
    return elapsed, _children_cpu() - cpu


def timed_python() -> tuple[float, float]:
    """`python -c pass` measured as a commit is: (wall-clock seconds, CPU seconds)."""
    cpu, start = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    return time.perf_counter() - start, _children_cpu() - cpu


def main(n: int) -> None:
    base = Path(tempfile.mkdtemp(prefix="scr-bench-"))
    config = base / "gitconfig"
    config.write_text("[user]\n\tname = Bench Runner\n\temail = bench@example.invalid\n"
                      "[init]\n\tdefaultBranch = main\n")
    os.environ.update(GIT_CONFIG_GLOBAL=str(config), GIT_CONFIG_NOSYSTEM="1")
    try:
        with_hooks, without = prepare(base, "hooked", True), prepare(base, "plain", False)
        times: dict[str, list[tuple[float, float]]] = {"with": [], "without": [], "python": []}
        for i in range(n + 2):  # the first two of each are warm-up
            for label, root in (("with", with_hooks), ("without", without)):
                change(root, i, i + 2)
                t = timed_commit(root, i)
                if i >= 2:
                    times[label].append(t)
            t = timed_python()
            if i >= 2:
                times["python"].append(t)
        print(f"git commit of one changed document, median of {n} (same run, load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs):")
        missed = []
        for k, what in ((0, "wall clock"), (1, "CPU time")):
            med_with = statistics.median(t[k] for t in times["with"]) * 1000
            med_without = statistics.median(t[k] for t in times["without"]) * 1000
            python = statistics.median(t[k] for t in times["python"]) * 1000
            added = med_with - med_without
            ok = added <= 8 * python
            print(f"  {what:10}  without hooks {med_without:6.1f} ms · with hooks {med_with:6.1f} ms · "
                  f"hooks add {added:6.1f} ms = {added / python:.1f}x python -c pass ({python:.1f} ms); "
                  f"target <= 8x: {'met' if ok else 'MISSED'}")
            if not ok:
                missed.append(what)
        if missed:
            sys.exit(1)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
