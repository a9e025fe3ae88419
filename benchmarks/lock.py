"""The time `scr lock` and `scr unlock` take for 500 files of 20 KB, against one gpg call per file.

In the same run, with the same three recipients (ed25519/cv25519 keys) and the same files:
  A. `scr lock` (encrypt all 500, check every recipient list, write atomically), then `scr unlock` after
     the plaintext was removed (decrypt all 500 into 0600 files, each judged by gpg's status tokens);
  B. a shell loop running `gpg --encrypt` once per file, then `gpg --decrypt` once per file;
  C. `scr lock` again with nothing changed, against `python -c pass` (interleaved, median of 11).
Targets (issue 10): lock <= 0.4 of the loop, unlock <= 1.0 of it, the no-op lock <= 20x python.
Median of --runs (default 3). Exits 1 when a target is missed.

    python benchmarks/lock.py [--files 500] [--kb 20] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Case, Targets, interleaved, scr_executable  # noqa: E402

from scr_cli.adapters import gpg  # noqa: E402
from scr_cli.crypto.readers import READERS, SIGNATURE, Entry, key_digest, render  # noqa: E402

PEOPLE = ("board-chair", "panel-chair", "overview-author")  # core readers: each reads every sensitive file


def make_review(base: Path, files: int, kb: int) -> tuple[Path, Path, dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="bk-", dir="/tmp"))
    os.chmod(home, 0o700)
    fprs = {p: gpg.generate_key(home, f"{p} <{p}@bench.invalid>") for p in PEOPLE}
    root = base / "review"
    (root / ".scr/keys").mkdir(parents=True)
    (root / "review.yaml").write_text("reference: SCR-BENCH\nboard: Bench Board\nchild: Child B\n")
    (root / ".scr/config.yaml").write_text("public: []\n")  # papers/ is not public, so every paper is sensitive
    (root / "people.yaml").write_text("people:\n  - id: board-chair\n    name: Bench Chair\n    roles: [board-chair]\n"
                                      f"    key_fingerprint: {fprs['board-chair']}\n")
    for person, fpr in fprs.items():
        (root / f".scr/keys/{person}.asc").write_bytes(gpg.export_public(home, fpr))
    entries = [Entry(p, f, (p,), None, key_digest((root / f".scr/keys/{p}.asc").read_bytes())) for p, f in fprs.items()]
    (root / READERS).write_bytes(render(entries, previous="none"))
    (root / SIGNATURE).write_bytes(gpg.sign_detached(home, (root / READERS).read_bytes(), fprs["board-chair"]))
    (root / "papers").mkdir()
    for i in range(files):
        text = secrets.token_urlsafe(kb * 1024 * 3 // 4)[: kb * 1024]
        (root / f"papers/paper-{i:04}.md").write_text(text)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    return root, home, fprs


def timed(args: list[str], cwd: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--kb", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="scr-bench-lock-"))
    root, home, fprs = make_review(base, opts.files, opts.kb)
    env = {**os.environ, "SCR_GNUPGHOME": str(home)}
    scr = scr_executable()
    recips = " ".join(f"-r {f}" for f in fprs.values())
    gpg_base = f"gpg --batch --yes --quiet --homedir {home} --trust-model always"
    loop_lock = f"for f in papers/*.md; do {gpg_base} {recips} -o \"$f.loop\" -e \"$f\"; done"
    loop_unlock = f"for f in papers/*.md.loop; do {gpg_base} -o \"${{f%.loop}}.out\" -d \"$f\"; done"
    results: dict[str, list[float]] = {k: [] for k in ("scr lock", "loop lock", "scr unlock", "loop unlock")}
    plain = sorted((root / "papers").glob("*.md"))
    for _ in range(opts.runs):
        for f in (root / "papers").glob("*.gpg"):
            f.unlink()
        (root / ".gitignore").unlink(missing_ok=True)  # 500 new papers each time, not ones lock already hid from git
        shutil.rmtree(root / ".git/scr", ignore_errors=True)
        results["scr lock"].append(timed([scr, "lock"], root, env))
        results["loop lock"].append(timed(["sh", "-c", loop_lock], root, env))
        saved = {p: p.read_bytes() for p in plain}
        for p in plain:
            p.unlink()
        results["scr unlock"].append(timed([scr, "unlock"], root, env))
        assert all(p.read_bytes() == saved[p] for p in plain), "unlock did not restore every file"
        results["loop unlock"].append(timed(["sh", "-c", loop_unlock], root, env))
        for f in (root / "papers").glob("*.loop"):
            f.unlink()
        for f in (root / "papers").glob("*.out"):
            f.unlink()
    med = {k: statistics.median(v) * 1000 for k, v in results.items()}
    subprocess.run([scr, "lock"], cwd=root, env=env, check=True, capture_output=True)  # every file locked
    noop = interleaved([Case("scr lock, nothing changed", [scr, "lock"], root, env=env)])
    goals = Targets("benchmarks/lock.py")
    goals.info("files", f"{opts.files} of {opts.kb} KB, 3 recipients, median of {opts.runs} runs")
    for op, at_most in (("lock", 0.4), ("unlock", 1.0)):
        goals.ratio(f"scr {op} (loop {med[f'loop {op}']:.0f} ms)", med[f"scr {op}"], med[f"loop {op}"], at_most,
                    unit="loop")
    goals.ratio("scr lock, nothing changed", noop["scr lock, nothing changed"], noop["python"], 20)
    gpg.stop_agents(home)
    shutil.rmtree(home, ignore_errors=True)
    shutil.rmtree(base, ignore_errors=True)
    goals.finish()


if __name__ == "__main__":
    main()
