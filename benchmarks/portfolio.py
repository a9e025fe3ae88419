"""The speed of `scr portfolio` over a board's repositories, against `scr status` run in each review in turn.

Builds 200 synthetic reviews (a third in progress, a third adopted with an action plan, progress and a trial,
a third closed), each with a history of commits (fast-import: no hooks), and a bare clone of each in one
folder, as a board's shared repositories live. Then, in the same run, it measures:
- the median whole-process time of `scr portfolio BOARD --json` (warm: after one run), over the bare clones;
- the time to run `scr status --json` in each review's work tree one by one (also warm).
Targets (issue 13): the portfolio <= 2 s, and >= 10x faster than the loop. Exits 1 when a target is missed.

    python benchmarks/portfolio.py [--reviews 200] [--commits 15] [--runs 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_ms, scr_executable  # noqa: E402

from scr_cli.store.cache import RACY_NS  # noqa: E402

TODAY = "2021-06-01"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
       "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
AGENCIES = """\
agencies:
  - {id: childrens-services, name: Benchshire Children's Services, sector: social-care}
  - {id: police, name: Benchshire Police, sector: police}
  - {id: health, name: Benchshire Health Trust, sector: health}
  - {id: school, name: Bench Lane Primary, sector: education}
"""


def _log(start: date, kind: int) -> str:
    def d(days: int) -> str:
        return (start + timedelta(days=days)).isoformat()

    lines = ["events:", f"  - {{event: referral-received, date: {d(0)}}}",
             f"  - {{event: case-to-chair, date: {d(0)}}}",
             f"  - {{event: agencies-notified, date: {d(1)}}}",
             f"  - {{event: decision, date: {d(15)}, outcome: review, reasons: Synthetic benchmark review}}",
             f"  - {{event: terms-of-reference-sent, date: {d(40)}}}", f"  - {{event: imr-received, date: {d(100)}, "
             "agency: police}"]
    lines += [f"  - {{event: monthly-update, date: {d(30 * m + 20)}}}" for m in range(1, 5)]
    if kind >= 1:
        lines += [f"  - {{event: adopted, date: {d(170)}}}", f"  - {{event: sent-to-ofsted, date: {d(175)}}}"]
    if kind == 2:
        lines += [f"  - {{event: summary-published, date: {d(200)}}}", f"  - {{event: action-plan-completed, "
                  f"date: {d(360)}}}"]
    return "\n".join(lines) + "\n"


def _plan(start: date) -> str:
    due = [(start + timedelta(days=n)).isoformat() for n in (250, 400, 600)]
    return ("title: Action plan\nversion: 1\ndate: " + (start + timedelta(days=160)).isoformat() + "\nstatus: draft\n"
            "actions:\n" + "".join(f"  - {{id: A{i + 1}, action: Synthetic action {i + 1}, owner_agency: police, "
                                   f"due: {due[i]}}}\n" for i in range(3)))


def _extras(start: date, kind: int) -> dict[str, str]:
    if kind != 1:
        return {}
    progress = ("progress:\n" + f"  - {{action: A2, date: {start + timedelta(days=200)}, status: on-track, "
                "note: Synthetic progress}\n")
    trial = ("proceedings:\n  - id: trial\n    kind: criminal-trial\n    title: Synthetic trial\n"
             f"    listed: {start + timedelta(days=500)}\n    holds: [publication]\n")
    return {"07-action-plan/progress.yaml": progress, "proceedings.yaml": trial}


def _history(root: Path, commits: int, start: date) -> None:
    """`commits` commits of a running note, through fast-import (quick, and no hooks)."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout
    stream = []
    for i in range(commits):
        note = f"Meeting {i}\n"
        stream.append(f"commit refs/heads/main\ncommitter Bench <bench@example.invalid> {1546819200 + i * 86400} "
                      f"+0000\ndata 7\nnote {i % 10}\n" + (f"from {head.strip()}\n" if i == 0 else "")
                      + f"M 100644 inline notes/meeting-notes.txt\ndata {len(note)}\n{note}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def build(base: Path, count: int, commits: int, scr: str) -> tuple[list[Path], Path]:
    seed = base / "seed"
    subprocess.run([scr, "new", str(seed), "--ref", "SCR-B-000", "--board", "Benchmark Partnership", "--child",
                    "Child B", "--referral-received", "2019-01-07"], check=True, env=ENV, stdout=subprocess.DEVNULL)
    works, board = base / "work", base / "board"
    works.mkdir()
    board.mkdir()
    trees = []
    for i in range(count):
        root = works / f"scr-b-{i:03d}"
        shutil.copytree(seed, root, symlinks=True)
        start, kind = date(2019, 1, 7) + timedelta(days=i), i % 3
        _history(root, commits, start)
        files = {"agencies.yaml": AGENCIES, "log.yaml": _log(start, kind), **_extras(start, kind)}
        if kind:
            files["07-action-plan/action-plan.yaml"] = _plan(start)
        review = (root / "review.yaml").read_text().replace("SCR-B-000", f"SCR-B-{i:03d}")
        files["review.yaml"] = review
        for rel, text in files.items():
            (root / rel).write_text(text)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "The review's records"], cwd=root, check=True,
                       env=ENV)
        subprocess.run(["git", "clone", "-q", "--bare", str(root), str(board / f"scr-b-{i:03d}.git")], check=True)
        trees.append(root)
    return trees, board


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def loop_ms(scr: str, trees: list[Path]) -> tuple[float, float]:
    """Wall and CPU milliseconds of `scr status --json` run in every review, one after the other."""
    start, cpu = time.perf_counter(), _cpu()
    for root in trees:
        subprocess.run([scr, "status", "--json", "--today", TODAY], cwd=root, stdout=subprocess.DEVNULL, check=True)
    return (time.perf_counter() - start) * 1000, (_cpu() - cpu) * 1000


def portfolio_cpu_ms(scr: str, board: Path) -> float:
    """CPU milliseconds (scr and its git processes) of one portfolio run: what the machine's load cannot inflate."""
    cpu = _cpu()
    subprocess.run([scr, "portfolio", str(board), "--json", "--today", TODAY], stdout=subprocess.DEVNULL, check=True)
    return (_cpu() - cpu) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=200)
    parser.add_argument("--commits", type=int, default=15, help="history commits per review (before its records)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the repositories here and keep them")
    args = parser.parse_args()
    scr = scr_executable()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        made = time.perf_counter()
        trees, board = build(base, args.reviews, args.commits, scr)
        total = sum(int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=t, capture_output=True,
                                       text=True).stdout) for t in trees)
        print(f"built {len(trees)} reviews, {total} commits in all, in {time.perf_counter() - made:.0f} s")
        time.sleep(RACY_NS / 1e9 + 0.5)  # let scr status cache the reviews, as it would for files not just written
        loop_ms(scr, trees)  # warm: every review's status cache and the page cache
        looped, looped_cpu = loop_ms(scr, trees)
        portfolio = median_ms([scr, "portfolio", str(board), "--json", "--today", TODAY], base, args.runs)
        cpu = portfolio_cpu_ms(scr, board)
        ratio = looped / portfolio
        print(f"scr portfolio --json over {len(trees)} bare clones   median {portfolio:8.1f} ms   (target <= 2000 ms)"
              f"   cpu {cpu:7.1f} ms")
        print(f"scr status --json in each review, one by one    total  {looped:8.1f} ms   cpu {looped_cpu:7.1f} ms")
        print(f"ratio loop / portfolio = {ratio:.1f}x   (target >= 10x); by cpu {looped_cpu / cpu:.1f}x")
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        missed = [t for t, bad in (("portfolio > 2 s", portfolio > 2000), ("ratio < 10x", ratio < 10)) if bad]
        if missed:
            print("target missed: " + ", ".join(missed))
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
