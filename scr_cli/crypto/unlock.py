"""`scr unlock [PATH…]`: decrypt sensitive files with your own key into 0600 plaintext files in 0700 folders.

All files are decrypted into a private folder first and judged one by one by gpg's status tokens; if any
fails, nothing is written. A plaintext that holds changes not yet locked is never overwritten.

Scoped readers (review/scopes.py): a file outside the scope of every reader whose secret key you hold is
skipped and said, not an error; a file in your scope that you cannot decrypt stays one. Someone whose key is
on no entry of the signed list gets the error of a missing key, as before scopes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.adapters import gpg, gpg_files
from scr_cli.crypto.context import context, ensure_gitignore, raise_failure, sensitive_files, with_ciphertext
from scr_cli.crypto.private import make_private
from scr_cli.crypto.readers import verified_readers
from scr_cli.crypto.state import LockCache, crash_point, exclusive, head_reader, install_many, work_dir
from scr_cli.errors import DataError
from scr_cli.store.tree import WorkTree


@dataclass
class UnlockResult:
    """The result of `scr unlock`: plaintext files written, and those already up to date."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # outside your scope: for other readers


@exclusive
def unlock(root: Path, paths: list[str] | None = None, gnupghome: Path | None = None,
           force: bool = False) -> UnlockResult:
    ctx = context(root, need_readers=False)
    result = UnlockResult()
    cache = LockCache(root)
    files = with_ciphertext(root, sensitive_files(root, ctx.public, paths))
    result.skipped = _outside_scope(root, files, gnupghome)
    files = [rel for rel in files if rel not in result.skipped]
    with work_dir(root) as work:
        outs = gpg_files.decrypt_files(gnupghome, [root / f"{rel}.gpg" for rel in files], work)
        for rel, out in zip(files, outs, strict=True):
            if not out.ok:
                raise_failure(rel, out.reason)
        crash_point("unlock-after-decrypt")
        plan = []
        for rel, out in zip(files, outs, strict=True):
            target = root / rel
            new = out.path.read_bytes()
            if target.is_symlink():
                raise DataError("is a symbolic link; refusing to write plaintext through it", path=rel,
                                hint="remove the link and run `scr unlock` again")
            if target.exists() and not target.is_file():
                raise DataError("is a folder, not a file; refusing to write plaintext there", path=rel,
                                hint="move the folder away and run `scr unlock` again")
            if target.is_file():
                old = target.read_bytes()
                if old == new:  # up to date: remember this .gpg holds it, so a later edit locks without a conflict
                    cache.record(rel, (root / f"{rel}.gpg").read_bytes(), new, "")
                    result.unchanged.append(rel)
                    continue
                if not force and not cache.plain_known(rel, old):
                    raise DataError("has changes that are not locked; nothing was written", path=rel,
                                    hint="run `scr lock` first, or `scr unlock --force` to discard them")
            plan.append((rel, out.path, new))
        for rel, _, new in plan:
            cache.record(rel, (root / f"{rel}.gpg").read_bytes(), new, "")
        install_many([(staged, root / rel) for rel, staged, _ in plan], 0o600, after_first="unlock-mid-replace")
        result.written += [rel for rel, _, _ in plan]
    make_private(root, files)  # also what was already up to date: its mode may have been opened since
    cache.save()
    ensure_gitignore(root, files)  # plaintext written anywhere stays out of `git add -A`
    return result


def _outside_scope(root: Path, files: list[str], gnupghome: Path | None) -> list[str]:
    """The files no reader whose secret key this GnuPG home holds may read (none without a verified list)."""
    if not files:
        return []
    try:
        readers = verified_readers(WorkTree(root).read, head_reader(root))
    except DataError:
        return []  # no trusted list to say who reads what: try every file, as before scopes
    mine = set(gpg.list_keys(gnupghome, secret=True))
    me = {r.person for r in readers.entries if r.fingerprint in mine}
    if not me:
        return []
    return [rel for rel in files if not me & {r.person for r in readers.scope(rel)}]
