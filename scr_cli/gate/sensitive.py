"""Which files are sensitive, and the check that keeps their plaintext out of git.

`check_sensitive(tree, changed_paths)` serves the pre-commit hook (a Tree over the staged index), the
pre-receive hook (a Tree over a pushed commit) and `scr doctor` (the work tree). It refuses:
- plaintext at a sensitive path, and any file whose `<name>.gpg` twin exists in the tree;
- a `.gpg` file that is a symlink, armored, or not a binary OpenPGP message with integrity protection;
- a `.gpg` file not encrypted to exactly the signed readers (key IDs read from the packets, no gpg run);
- a readers list that is missing, unsigned or changed after signing.
When the readers list or keys change, every `.gpg` file in the tree is checked, not only changed ones.
"""

from __future__ import annotations

from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Readers, verified_readers
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.layout import is_sensitive
from scr_cli.review.model import Issue
from scr_cli.store.settings import sensitive_globs
from scr_cli.store.tree import Tree

HINT = "run `scr lock`, then `git rm --cached` the plaintext and stage the .gpg file"


def cipher_problem(data: bytes, readers: Readers | None) -> str | None:
    """Why bytes stored as `<name>.gpg` are not a proper encryption to the readers (None when fine)."""
    if data.lstrip()[:10] == b"-----BEGIN":
        return "holds ASCII armor, not the binary ciphertext scr writes"
    try:
        recipients = ciphertext_recipients(data)
    except PacketError as exc:
        return f"is not OpenPGP ciphertext ({exc})"
    return readers.problem(recipients) if readers is not None else None


def check_sensitive(tree: Tree, changed_paths: list[str], base: Tree | None = None) -> list[Issue]:  # noqa: C901 - being rewritten (issue 8/9)
    """Issues (all errors) for changed paths that would put sensitive plaintext or bad ciphertext into git.

    `base` is the tree this one follows (HEAD for pre-commit, the parent for pre-receive): when given, a
    changed readers list must be signed by a chair its previous version allows (see verified_readers).
    """
    issues: list[Issue] = []

    def refuse(path: str, code: str, message: str, hint: str = HINT) -> None:
        issues.append(Issue("error", code, path, 0, 0, message, hint))

    try:
        globs = sensitive_globs(tree.read(layout.CONFIG))
    except DataError as exc:
        refuse(layout.CONFIG, "sensitive-config", exc.message, exc.hint or "")
        globs = layout.SENSITIVE
    changed = list(dict.fromkeys(changed_paths))
    keys_changed = any(p.startswith(layout.KEYS_DIR + "/") or p == layout.PEOPLE for p in changed)
    if keys_changed:
        changed += [p for p in tree.paths() if p.endswith(".gpg") and p not in changed]
    present = [p for p in changed if tree.mode(p) is not None]
    ciphers = [p for p in present if p.endswith(".gpg")]

    readers: Readers | None = None
    if ciphers or keys_changed:
        try:
            readers = verified_readers(tree.read, base.read if base is not None else None)
        except DataError as exc:
            if ciphers or tree.read(layout.READERS) is not None:
                refuse(exc.path or layout.KEYS_DIR, "readers-list", exc.message, exc.hint or "")

    for path in present:
        mode = tree.mode(path)
        if path.endswith(".gpg"):
            if mode == "120000":
                refuse(path, "sensitive-symlink", "is a symbolic link, not ciphertext")
                continue
            data = tree.read(path) or b""
            problem = cipher_problem(data, readers)
            if problem:
                code = "sensitive-recipients" if problem.startswith(("encrypted to", "not encrypted")) \
                    else "sensitive-not-ciphertext"
                refuse(path, code, problem)
        elif is_sensitive(path, globs):
            refuse(path, "sensitive-plaintext", "is a sensitive file in plaintext; only its .gpg may be committed")
        elif tree.mode(path + ".gpg") is not None:
            refuse(path, "sensitive-plaintext", "is the plaintext of an encrypted file (its .gpg is in the tree)")
    return issues
