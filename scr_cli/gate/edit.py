"""`scr edit PATH`: edit an encrypted file without leaving plaintext behind.

The file is decrypted into a private 0700 folder (on tmpfs, /dev/shm, where there is one), $EDITOR runs on
it, the result is re-encrypted to the signed readers, and the folder, with any editor backup or swap files
inside it, is removed — also when the editor fails or the user presses Ctrl-C.

A document with draft rules (an IMR, the overview report) follows them as `scr lock` does: a final one is
refused before the editor opens; an edit that changes its text becomes the next draft (version one above
the committed one, dated today). An edit the rules still refuse (say, broken front matter) is never thrown
away: it is left unlocked in the work tree, as `scr unlock` would leave it, to fix and `scr lock`.
"""

from __future__ import annotations

import os
import shlex
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import fileio
from scr_cli.adapters import gpg_files, proc
from scr_cli.crypto.context import context, encrypt_to_readers, sensitive_files
from scr_cli.crypto.private import make_private
from scr_cli.crypto.state import LockCache, exclusive, install, private_dir, work_dir, write_atomic
from scr_cli.errors import DataError, Refused, ScrError, ToolFailed
from scr_cli.gate.drafting import committed_state, set_keys
from scr_cli.gate.lock_rules import refusals
from scr_cli.gate.transition import load_regime_fast
from scr_cli.review.canonical import body_key
from scr_cli.review.layout import is_document
from scr_cli.store.frontmatter import split
from scr_cli.store.tree import WorkTree


@dataclass
class EditResult:
    """The result of `scr edit`: the encrypted document edited, and whether its text changed."""

    path: str
    changed: bool


def _draft_state(root: Path, rel: str, home: Path | None) -> tuple[int | None, str | None] | None:
    """(committed version, committed status) of a document with draft rules; None for any other file.

    A final document is refused here, before anything is decrypted or an editor opens.
    """
    spec = load_regime_fast(WorkTree(root)).document_for(rel) if is_document(rel) else None
    if spec is None or not (spec.dated_drafts or spec.signoffs):
        return None
    version, status = committed_state(root, rel, home)
    if status == "final":
        raise Refused("is final and frozen", path=rel,
                      hint=f'reopen it first: `scr unlock {rel}`, then `scr draft reopen {rel} --reason "..."`')
    return version, status


def _as_next_draft(rel: str, before: bytes, after: bytes, draft: tuple[int | None, str | None] | None,
                   today: date) -> bytes:
    """The edit, made the next draft when its text changed (as `scr draft bump` would)."""
    if draft is None:
        return after
    try:
        old_body = split(before.decode("utf-8"), rel)[1]
        text = after.decode("utf-8")
        new_body = split(text, rel)[1]
    except (UnicodeDecodeError, ScrError):
        return after  # the rules will say what is wrong, and the edit is kept
    if body_key(old_body) == body_key(new_body) or draft[0] is None:
        return after
    return set_keys(text, rel, {"version": str(draft[0] + 1), "date": today.isoformat()}).encode("utf-8")


@exclusive
def edit(root: Path, path: str, gnupghome: Path | None = None, editor: str | None = None,
         today: date | None = None) -> EditResult:
    today = today or date.today()
    ctx = context(root)
    found = sensitive_files(root, ctx.public, [path])
    if len(found) != 1:
        raise DataError(
            f"{path} names {len(found)} sensitive files; give exactly one", hint="give the path of one file"
        )
    rel = found[0]
    cipher_file = root / f"{rel}.gpg"
    if (root / rel).exists():
        raise DataError(
            "is unlocked in the work tree; edit that copy and run `scr lock`",
            path=rel,
            hint="or remove the plaintext and run `scr edit` again",
        )
    try:
        command = shlex.split(editor or os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi")
    except ValueError:
        command = []
    if not command:
        raise DataError("the editor command cannot be read (an unclosed quote, or empty)",
                        hint="set VISUAL or EDITOR to a command such as `nano`")
    draft = _draft_state(root, rel, gnupghome)
    folder = private_dir()
    try:
        plain = folder / Path(rel).name
        cipher = fileio.read_bytes(cipher_file, f"{rel}.gpg") if cipher_file.exists() else None
        data = gpg_files.decrypt_bytes(gnupghome, cipher) if cipher is not None else b""
        write_atomic(plain, data, 0o600)  # 0600 before it has a name: whatever the umask
        before = plain.read_bytes()
        child = proc.start([*command, str(plain)])
        try:
            code = child.wait()
        except KeyboardInterrupt:
            child.terminate()
            child.wait()
            raise
        if code != 0:
            raise ToolFailed(
                f"the editor exited with code {code}; the encrypted file was not changed",
                hint="nothing was saved; the temporary plaintext was removed",
            )
        after = plain.read_bytes()
        if after == before:
            return EditResult(rel, False)
        with work_dir(root) as work:
            after = _as_next_draft(rel, before, after, draft, today)
            plain.write_bytes(after)
            refused = refusals(root, [rel], gnupghome, work, today, edited={rel: after})
            if refused:
                write_atomic(root / rel, after, 0o600)  # kept, unlocked: the user's work is never lost
                make_private(root, [rel])
                first = refused[0]
                raise Refused(f"{first.message}; your edit is kept unlocked at {rel}", path=first.path,
                              hint=f"fix it (`{first.fix}`), then run `scr lock`")
            [staged] = encrypt_to_readers(ctx, [(rel, plain)], work)
            data = staged.read_bytes()
            install(staged, cipher_file, 0o644)
        cache = LockCache(root)
        cache.record(rel, data, after, ctx.readers.digest)
        cache.save()
        return EditResult(rel, True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
