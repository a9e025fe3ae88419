"""Readable diffs of encrypted files for readers: a git textconv driver (never `cachetextconv`).

`configure_diff_driver(repo_root)` sets `diff.scrgpg.textconv = scr textconv` in the repository's own
config, removes any `diff.scrgpg.cachetextconv` (it would store decrypted text as git objects under
refs/notes/textconv, which a mirror push sends), and makes sure .gitattributes maps `*.gpg` to the driver.
"""

from __future__ import annotations

from pathlib import Path

from scr_cli.adapters import gpg_files, proc
from scr_cli.crypto.state import write_atomic
from scr_cli.review.layout import REVIEW

ATTRIBUTE = "*.gpg diff=scrgpg"


def configure_diff_driver(repo_root: Path) -> bool:
    """Set up the driver; returns True when .gitattributes was changed (the caller may commit it).

    In a folder that holds no review yet (an empty clone, before the first `git checkout main`), the mapping
    goes in git's own info/attributes instead: a new .gitattributes there would block that checkout.
    """
    proc.run(["git", "config", "diff.scrgpg.textconv", "scr textconv"], cwd=repo_root)
    proc.run(["git", "config", "--unset-all", "diff.scrgpg.cachetextconv"], cwd=repo_root, check=False)
    proc.run(["git", "config", "diff.scrgpg.binary", "true"], cwd=repo_root)
    attributes = repo_root / ".gitattributes"
    if not (repo_root / REVIEW).is_file() and not attributes.exists():
        local = proc.run(["git", "rev-parse", "--git-path", "info/attributes"], cwd=repo_root).out.strip()
        attributes = repo_root / local
        attributes.parent.mkdir(parents=True, exist_ok=True)
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if ATTRIBUTE in (ln.strip() for ln in text.splitlines()):
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    write_atomic(attributes, (text + ATTRIBUTE + "\n").encode("utf-8"), 0o644)
    return True


def textconv(file: Path, gnupghome: Path | None) -> bytes:
    """The decrypted text of a .gpg file, for git diff; a note instead when you cannot decrypt it."""
    data = file.read_bytes()
    if not data:
        return b""
    try:
        return gpg_files.decrypt_bytes(gnupghome, data)
    except Exception:  # noqa: BLE001 - git shows this text in place of the diff; it must never fail
        return b"[scr: encrypted; you cannot decrypt this version]\n"
