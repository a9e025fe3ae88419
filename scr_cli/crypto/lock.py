"""`scr lock [PATH…]`: encrypt changed sensitive plaintext to exactly the signed readers, as `<name>.gpg`.

Default deny: every file git would see that is not a public path is sensitive, so a new file (a copy saved
as `referral.md.orig`, a note in a new folder) is encrypted too and its plaintext added to .gitignore.

Unchanged plaintext leaves its `.gpg` byte-for-byte as it is (checked with the local lock cache, or by
decrypting the current `.gpg` when the cache does not know it), so locking twice makes no churn in git.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scr_cli.crypto.context import (
    Context,
    context,
    encrypt_to_readers,
    ensure_gitignore,
    recipients_ok,
    sensitive_files,
)
from scr_cli.crypto.private import make_private
from scr_cli.crypto.state import (
    LockCache,
    crash_point,
    exclusive,
    install_many,
    work_dir,
)
from scr_cli.errors import DataError, Refused
from scr_cli.review.drafts import Refusal


@dataclass
class LockResult:
    """The result of `scr lock`: files encrypted, unchanged, not unlocked, stale, and the .gitignore."""

    encrypted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_unlocked: list[str] = field(default_factory=list)  # only the .gpg is present
    stale: list[str] = field(default_factory=list)  # .gpg newer than this unedited plaintext: not locked
    gitignore_updated: bool = False


Judge = Callable[[Path, list[str], "Path | None", Path, date], list[Refusal]]
"""What the draft rules refuse among the plaintext paths about to be encrypted (gate/lock_rules.refusals)."""


@exclusive
def lock(root: Path, paths: list[str] | None = None, gnupghome: Path | None = None,
         today: date | None = None, judge: Judge | None = None) -> LockResult:
    """Encrypt what changed; `judge` holds encrypted documents to the draft rules before anything is written."""
    ctx = context(root)
    result = LockResult()
    cache = LockCache(root)
    files = sensitive_files(root, ctx.public, paths)
    make_private(root, files)  # plaintext a user's editor or umask left readable by others
    todo, to_compare = _sort(root, ctx, cache, files, result)
    if to_compare:  # the cache does not know them (fresh clone): compare by decrypting
        todo += _compare_by_decrypting(root, ctx, cache, to_compare, gnupghome, result)
    if todo:
        _encrypt(root, ctx, cache, todo, gnupghome, today, judge)
        result.encrypted += todo
    cache.save()
    result.gitignore_updated = ensure_gitignore(root, files)
    result.unchanged.sort()
    return result


def _sort(root: Path, ctx: Context, cache: LockCache, found: list[str],
          result: LockResult) -> tuple[list[str], list[str]]:
    """The sensitive files to encrypt and those to compare by decrypting; the rest go into `result`."""
    todo: list[str] = []
    to_compare: list[str] = []
    for rel in found:
        plain_file, cipher_file = root / rel, root / f"{rel}.gpg"
        if not plain_file.is_file() or plain_file.is_symlink():
            result.not_unlocked.append(rel)
            continue
        if cipher_file.is_dir():  # os.replace cannot put the .gpg there: say so before encrypting anything
            raise DataError("is a folder, not an encrypted file", path=f"{rel}.gpg",
                            hint="move the folder away, then run `scr lock` again")
        if not cipher_file.is_file():
            todo.append(rel)
            continue
        cipher = cipher_file.read_bytes()
        known = cache.known_recipients(rel, cipher)
        if not (recipients_ok(cipher, ctx.readers, rel) if known is None
                else ctx.readers.problem(known, rel) is None):
            todo.append(rel)
        elif cache.unchanged(rel, cipher, plain := plain_file.read_bytes()):
            result.unchanged.append(rel)
            cache.ensure_units(rel, plain)
            cache.note_recipients(rel, cipher)  # its body was tested just now (an entry older than "k")
        else:
            to_compare.append(rel)
    return todo, to_compare


def _compare_by_decrypting(root: Path, ctx: Context, cache: LockCache, to_compare: list[str],
                           gnupghome: Path | None, result: LockResult) -> list[str]:
    """The files whose plaintext differs from their decrypted `.gpg`; unchanged and stale go into `result`."""
    from scr_cli.adapters import gpg_files  # only in a fresh clone: a no-op lock never loads it

    todo: list[str] = []
    with work_dir(root) as work:
        outs = gpg_files.decrypt_files(gnupghome, [root / f"{r}.gpg" for r in to_compare], work)
        conflicts = []
        for rel, dec in zip(to_compare, outs, strict=True):
            plain = (root / rel).read_bytes()
            cipher = (root / f"{rel}.gpg").read_bytes()
            if dec.ok and dec.path.read_bytes() == plain:
                result.unchanged.append(rel)
                cache.record(rel, cipher, plain, ctx.readers.digest)
            elif not cache.gpg_changed(rel, cipher):
                todo.append(rel)
            elif cache.plain_known(rel, plain):
                result.stale.append(rel)  # the .gpg changed in git (a pull); this copy was not edited
            else:
                conflicts.append(rel)
        if conflicts:
            raise DataError("both your plaintext and its .gpg changed since you unlocked it; nothing was written",
                            path=conflicts[0], hint="copy your version aside, `scr unlock --force` it, merge by "
                            "hand, then `scr lock`")
    return todo


def _encrypt(root: Path, ctx: Context, cache: LockCache, todo: list[str], gnupghome: Path | None,
             today: date | None, judge: Judge | None) -> None:
    """Encrypt `todo` to the readers and put every `.gpg` in place, once the draft rules allow it."""
    with work_dir(root) as work:
        # encrypted documents follow the draft rules here: the hooks will only ever see their ciphertext
        if judge is not None:
            refuse(judge(root, todo, gnupghome, work, today or date.today()))
        plains = {rel: (root / rel).read_bytes() for rel in todo}
        outputs = encrypt_to_readers(ctx, [(rel, root / rel) for rel in todo], work)
        crash_point("lock-after-encrypt")
        for rel, staged in zip(todo, outputs, strict=True):
            cache.record(rel, staged.read_bytes(), plains[rel], ctx.readers.digest)
        install_many([(staged, root / f"{rel}.gpg") for rel, staged in zip(todo, outputs, strict=True)],
                     0o644, after_first="lock-mid-replace")


def refuse(found: list[Refusal]) -> None:
    """One line: the first refusal, with how many more there are; nothing has been encrypted."""
    if not found:
        return
    first = found[0]
    more = f" (and {len(found) - 1} more: run `scr lock` again after fixing this)" if len(found) > 1 else ""
    raise Refused(f"{first.message}; not encrypted{more}", path=first.path, hint=f"run `{first.fix}`")
