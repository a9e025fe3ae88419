"""`scr lock [PATH…]`: encrypt changed sensitive plaintext to exactly the signed readers, as `<name>.gpg`.

Unchanged plaintext leaves its `.gpg` byte-for-byte as it is (checked with the local lock cache, or by
decrypting the current `.gpg` when the cache does not know it), so locking twice makes no churn in git.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Readers, key_path, verified_readers
from scr_cli.crypto.state import (
    LockCache,
    crash_point,
    exclusive,
    head_reader,
    install_many,
    private_umask,
    work_dir,
    write_atomic,
)
from scr_cli.errors import DataError
from scr_cli.gate.lock_rules import refusals, refuse
from scr_cli.gate.sensitive import CONFIG, gitignore_lines, globs_from, is_sensitive
from scr_cli.gate.tree import WorkTree


@dataclass
class Context:
    root: Path
    globs: tuple[str, ...]
    readers: Readers

    @property
    def tree(self) -> WorkTree:
        return WorkTree(self.root)


def context(root: Path, *, need_readers: bool = True) -> Context:
    private_umask()
    from scr_cli.crypto.rekey import resume

    resume(root)
    tree = WorkTree(root)
    globs = globs_from(tree.read(CONFIG))
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


@dataclass
class LockResult:
    encrypted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_unlocked: list[str] = field(default_factory=list)  # only the .gpg is present
    stale: list[str] = field(default_factory=list)  # .gpg newer than this unedited plaintext: not locked
    gitignore_updated: bool = False


@exclusive
def lock(root: Path, paths: list[str] | None = None, gnupghome: Path | None = None,
         today: date | None = None) -> LockResult:
    ctx = context(root)
    result = LockResult()
    cache = LockCache(root)
    todo: list[str] = []
    to_compare: list[str] = []
    for rel in sensitive_files(root, ctx.globs, paths):
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
        if not recipients_ok(cipher, ctx.readers):
            todo.append(rel)
        elif cache.unchanged(rel, cipher, plain_file.read_bytes()):
            result.unchanged.append(rel)
        else:
            to_compare.append(rel)
    if to_compare:  # the cache does not know them (fresh clone): compare by decrypting
        with work_dir(root) as work:
            outs = gpg.decrypt_files(gnupghome, [root / f"{r}.gpg" for r in to_compare], work)
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
    if todo:
        with work_dir(root) as work:
            # encrypted documents follow the draft rules here: the hooks will only ever see their ciphertext
            refuse(refusals(root, todo, gnupghome, work, today or date.today()))
            plains = {rel: (root / rel).read_bytes() for rel in todo}
            outputs = encrypt_to_readers(ctx, [root / rel for rel in todo], work)
            crash_point("lock-after-encrypt")
            for rel, staged in zip(todo, outputs, strict=True):
                cache.record(rel, staged.read_bytes(), plains[rel], ctx.readers.digest)
            install_many([(staged, root / f"{rel}.gpg") for rel, staged in zip(todo, outputs, strict=True)],
                         0o644, after_first="lock-mid-replace")
            result.encrypted += todo
    cache.save()
    result.gitignore_updated = ensure_gitignore(root, ctx.globs)
    result.unchanged.sort()
    return result


def demo_keys_and_lock(root: Path) -> dict[str, object]:
    """For `scr demo`: demo keys for the demo's people, a signed readers list, the review locked."""
    from scr_cli.crypto.demo_keys import demo_keys_and_lock as run

    return run(root)
