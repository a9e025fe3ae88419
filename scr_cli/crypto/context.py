"""What every encryption command starts from: the review's sensitive paths and its signed readers.

`context()` finishes an interrupted rekey first, so no command works on a half-rekeyed review; then it reads
the sensitive paths and verifies the chair-signed readers list. `encrypt_to_readers()` is the one way files
are encrypted: in a temporary keyring holding only the readers' keys, with the result's recipients checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.crypto.journal import resume
from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Readers, verified_readers
from scr_cli.crypto.state import head_reader, private_umask, write_atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.review import layout
from scr_cli.review.layout import gitignore_lines, is_sensitive
from scr_cli.review.layout import key_file as key_path
from scr_cli.store.settings import sensitive_globs
from scr_cli.store.tree import WorkTree


@dataclass
class Context:
    """What every encryption command starts from: the review, its sensitive globs and its verified readers."""

    root: Path
    globs: tuple[str, ...]
    readers: Readers

    @property
    def tree(self) -> WorkTree:
        return WorkTree(self.root)


def context(root: Path, *, need_readers: bool = True) -> Context:
    private_umask()
    resume(root)
    tree = WorkTree(root)
    globs = sensitive_globs(tree.read(layout.CONFIG))
    readers = verified_readers(tree.read, head_reader(root)) if need_readers else Readers((), "", "")
    return Context(root, globs, readers)


def sensitive_files(root: Path, globs: tuple[str, ...], paths: list[str] | None = None) -> list[str]:
    """Plaintext paths (relative) of sensitive files present as plaintext or as `.gpg`, sorted."""
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            plain = rel[:-4] if rel.endswith(".gpg") else rel
            if is_sensitive(plain, globs):
                found.add(plain)
    if paths:
        wanted: set[str] = set()
        for given in paths:
            rel = _relative(root, given)
            rel = "" if rel == "." else rel
            rel = rel[:-4] if rel.endswith(".gpg") else rel
            hits = {f for f in found if f == rel or not rel or f.startswith(rel + "/")}
            if not hits:
                raise DataError(f"{given} is not a sensitive file of this review",
                                hint="sensitive paths are set under `sensitive:` in .scr/config.yaml")
            wanted |= hits
        found = wanted
    return sorted(found)


def _relative(root: Path, given: str) -> str:
    """A path given on the command line, relative to the review (tried from the current folder, then the root)."""
    top = root.resolve()
    path = Path(given)
    for base in (Path.cwd(), top):
        target = (path if path.is_absolute() else base / path).resolve()
        if target == top or top in target.parents:
            return target.relative_to(top).as_posix()
    raise DataError(f"{given} is outside the review", hint="give paths inside the review")


def recipients_ok(data: bytes, readers: Readers) -> bool:
    try:
        return readers.problem(ciphertext_recipients(data)) is None
    except PacketError:
        return False


def encrypt_to_readers(ctx: Context, sources: list[Path], work: Path) -> list[Path]:
    """Encrypt files to exactly the signed readers in a temporary keyring; check the result's recipients."""
    with gpg.temp_home() as home:
        blobs = [(ctx.root / key_path(r.person)).read_bytes() for r in ctx.readers.entries]
        gpg.import_keys(home, blobs)
        keys = gpg.list_keys(home)
        for reader in ctx.readers.entries:
            info = keys.get(reader.fingerprint)
            state = ("missing" if info is None else "revoked" if info.revoked else "expired" if info.expired
                     else "" if info.can_encrypt else "not usable for encryption")
            if state:
                hint = f"ask them for a current key and run `scr keys add KEYFILE --person {reader.person}`"
                raise DataError(f"the key of reader {reader.person} is {state}", path=key_path(reader.person),
                                hint=hint)
        outputs = gpg.encrypt_files(home, sources, ctx.readers.fingerprints, work) if sources else []
    for out in outputs:
        if not recipients_ok(out.read_bytes(), ctx.readers):
            raise DataError("gpg encrypted to other keys than the signed readers; nothing was written",
                            hint="check your gpg configuration for encrypt-to / hidden-encrypt-to")
    return outputs


def ensure_gitignore(root: Path, globs: tuple[str, ...]) -> bool:
    file = root / ".gitignore"
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    have = {ln.strip() for ln in text.splitlines()}
    missing = [ln for ln in gitignore_lines(globs) if ln not in have and ln.lstrip("/") not in have]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    text += "# sensitive plaintext (scr lock keeps only the .gpg in git)\n" + "\n".join(missing) + "\n"
    write_atomic(file, text.encode("utf-8"), 0o644)
    return True


def raise_failure(rel: str, reason: str) -> None:
    if reason == "no-secret-key":
        raise EnvironmentProblem("you have no secret key to decrypt this file", path=f"{rel}.gpg",
                                 hint="use the GnuPG home holding your key (--gnupghome or SCR_GNUPGHOME), "
                                      "or ask the chair to add you with `scr keys add`")
    raise DataError("the encrypted file is damaged, truncated or was tampered with; nothing was written",
                    path=f"{rel}.gpg", hint="restore it from git (`git checkout -- FILE.gpg`) and try again")
