"""`scr doctor`: where plaintext may be left behind, and what is wrong with the keys."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto.doctor import DoctorResult
from scr_cli.crypto.doctor import doctor as examine
from scr_cli.crypto.homes import gnupg_home
from scr_cli.publish.jobs import public_output
from scr_cli.store.root import find_root


def doctor(path: Path, clean: bool, gnupghome: Path | None) -> DoctorResult:
    root = find_root(path)
    return examine(root, clean=clean, gnupghome=gnupg_home(gnupghome, root), public_output=public_output)
