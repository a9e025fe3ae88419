"""The rekey journal: an interrupted `scr rekey` is finished (after its commit marker) or dropped (before it).

All new ciphertexts are written under .git/scr/rekey/ with a manifest (target, SHA-256 of the old and the new
ciphertext) before a `committed` marker is written atomically; every encryption command calls `resume()`
first, so no command works on a half-rekeyed review.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from scr_cli.atomic import fsync_dir
from scr_cli.crypto.state import install, sha256, state_dir

JOURNAL = "rekey"


def resume(root: Path) -> int:
    """Finish (after the commit marker) or drop (before it) an interrupted rekey. Returns files finished."""
    journal = state_dir(root) / JOURNAL
    if not journal.exists():
        return 0
    done = 0
    if (journal / "committed").is_file():
        manifest = json.loads((journal / "manifest.json").read_text())
        for entry in manifest:
            target = root / entry["target"]
            staged = journal / entry["staged"]
            current = sha256(target.read_bytes()) if target.is_file() else ""
            if current == entry["old"] and staged.is_file():
                install(staged, target, 0o644)
                done += 1
    shutil.rmtree(journal, ignore_errors=True)
    fsync_dir(journal.parent)
    return done
