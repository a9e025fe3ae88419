"""The speed of `scr status` on a big review, against `git status` in the same run.

Builds a synthetic review (40 agencies, 5,000 log events, 2,000 commits), then prints the median
whole-process time of `scr status`, `git status` and `scr --version`, and the ratio.
Targets (issue 2): scr status <= 300 ms, scr --version <= 150 ms.

    python benchmarks/status.py [--runs 11] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import median_ms, scr_executable  # noqa: E402

from scr_cli.store.cache import RACY_NS  # noqa: E402

SECTORS = ["social-care", "health", "education", "police", "probation", "housing", "voluntary", "other"]


def build(root: Path, scr: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    subprocess.run(["git", "config", "--global", "--get", "user.name"], capture_output=True)
    start = date(2020, 1, 6)
    subprocess.run([scr, "new", str(root), "--ref", "SCR-BENCH", "--board", "Benchmark Partnership",
                    "--child", "Child B", "--referral-received", start.isoformat()], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    # 2,000 commits through fast-import: quick to make, and no hooks involved.
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout
    stream = []
    for i in range(2000):
        front = f"---\ntitle: Progress\nversion: {i + 1}\ndate: 2020-01-06\nstatus: draft\n---\n"
        content = f"{front}\nProgress note {i}\n".encode()
        stream.append(f"commit refs/heads/main\ncommitter Bench <bench@example.invalid> {1577836800 + i * 3600} +0000\n"
                      f"data {len(f'note {i}')}\nnote {i}\n")
        if i == 0:
            stream.append(f"from {head.strip()}\n")
        stream.append(f"M 100644 inline 08-publication/progress.md\ndata {len(content)}\n{content.decode()}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)
    agencies = ["# yaml-language-server: $schema=.scr/schemas/agencies.schema.json", "agencies:"]
    for i in range(40):
        sector = SECTORS[i % len(SECTORS)]
        agencies += [f"  - id: agency-{i:02d}", f"    name: Agency number {i}", f"    sector: {sector}"]
    (root / "agencies.yaml").write_text("\n".join(agencies) + "\n")
    events = ["# yaml-language-server: $schema=.scr/schemas/log.schema.json", "events:",
              f"  - {{event: referral-received, date: {start}}}",
              f"  - {{event: case-to-chair, date: {start}}}",
              f"  - event: decision\n    date: {start + timedelta(days=14)}\n    outcome: review\n"
              "    reasons: Synthetic benchmark review"]
    day = start + timedelta(days=15)
    for i in range(4997):
        agency = f"agency-{i % 40:02d}"
        if i % 3 == 0:
            events.append(f"  - {{event: monthly-update, date: {day}, note: Update {i}}}")
        elif i % 3 == 1:
            events.append(f"  - {{event: imr-received, date: {day}, agency: {agency}}}")
        else:
            events.append(f"  - {{event: interview-held, date: {day}, agency: {agency}, note: Interview {i}}}")
        if i % 3 == 2:
            day += timedelta(days=1)
    (root / "log.yaml").write_text("\n".join(events) + "\n")
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "Synthetic agencies and log"], cwd=root, check=True,
                   env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="build the review here and keep it")
    args = parser.parse_args()
    scr = scr_executable()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "bench-review"
        build(root, scr)
        count = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=root, capture_output=True, text=True).stdout
        print(f"review: 40 agencies, 5,000 log events, {count.strip()} commits")
        # scr caches only files older than a few seconds (same-size edits within one mtime tick look unchanged),
        # so let the freshly written review age first, as a real one has.
        time.sleep(RACY_NS / 1e9 + 0.5)
        today = ["--today", "2026-11-29"]
        scr_ms = median_ms([scr, "status", *today], root, args.runs)
        git_ms = median_ms(["git", "status"], root, args.runs)
        json_ms = median_ms([scr, "status", "--json", *today], root, args.runs)
        log = root / "log.yaml"
        cold_ms = median_ms([scr, "status", *today], root, max(3, args.runs // 2),
                            before=lambda: os.utime(log))  # a changed file: full parse and validation
        check_ms = median_ms([scr, "check", *today], root, max(3, args.runs // 2))
        version_ms = median_ms([scr, "--version"], root, args.runs)
        print(f"scr status        median {scr_ms:7.1f} ms   (target <= 300 ms)")
        print(f"scr status --json median {json_ms:7.1f} ms")
        print(f"scr status, after an edit (no cache) median {cold_ms:7.1f} ms")
        print(f"scr check (always reads everything) median {check_ms:7.1f} ms")
        print(f"git status        median {git_ms:7.1f} ms")
        print(f"ratio scr status / git status = {scr_ms / git_ms:.1f}x")
        print(f"scr --version     median {version_ms:7.1f} ms   (target <= 150 ms)")


if __name__ == "__main__":
    main()
