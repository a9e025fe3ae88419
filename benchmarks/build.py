"""The time the demo's full board pack takes to build as a PDF, against pandoc alone.

Makes the demo review, then in the same run times (median of --runs, after a warm-up):
  A. scr's build of the pack as PDF, in process (pandoc -> Typst source -> typst.compile -> PDF, DRAFT
     marks, cover, contents, integrated chronology appendix);
  B. the bundled pandoc alone converting the same assembled Markdown to standalone HTML;
  C. the whole `scr build pack` process, for reference.
Prints A, B, their ratio (target <= 3x), the page count and seconds per page. Exits 1 when the target is missed.

    python benchmarks/build.py [--runs 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from _common import Targets, median_ms, scr_executable  # noqa: E402


def timed(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="make the demo here and keep it")
    args = parser.parse_args()

    from pypdf import PdfReader

    from scr_cli.adapters import pandoc
    from scr_cli.publish.build import build
    from scr_cli.publish.jobs import jobs_for
    from scr_cli.store.loader import load

    scr = scr_executable()
    base = args.keep or Path(tempfile.mkdtemp(prefix="scr-bench-build-"))
    root = base / "demo"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.invalid",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    }
    if not root.exists():
        subprocess.run([scr, "demo", str(root)], check=True, env=env, stdout=subprocess.DEVNULL)
    out = base / "out"

    pdf_s = timed(lambda: build(root, ["pack"], "pdf", out=out), args.runs)
    markdown = jobs_for(load(root), ["pack"], False)[0].markdown.text
    html_s = timed(
        lambda: pandoc.convert(markdown, "html5", args=["--standalone", "--metadata", "title=Pack"], cwd=root),
        args.runs,
    )
    whole_ms = median_ms([scr, "build", "pack", "--out", str(out)], cwd=root, runs=max(3, args.runs // 2))
    pages = len(PdfReader(str(out / "review-pack.pdf")).pages)

    goals = Targets("benchmarks/build.py")
    goals.info("demo pack", f"{pages} pages, {len(markdown.splitlines())} lines of Markdown, pandoc {pandoc.version()}")
    per_page = pdf_s / pages * 1000
    goals.info("A  scr build pack (PDF, in process)", f"{pdf_s * 1000:8.0f} ms ({per_page:.0f} ms per page)")
    goals.info("B  pandoc alone, same Markdown -> HTML", f"{html_s * 1000:8.0f} ms")
    goals.ratio("A / B", pdf_s * 1000, html_s * 1000, 3, unit="pandoc alone")
    goals.info("C  `scr build pack`, the whole process", f"{whole_ms:8.0f} ms")
    if args.keep is None:
        import shutil

        shutil.rmtree(base, ignore_errors=True)
    goals.finish()


if __name__ == "__main__":
    main()
