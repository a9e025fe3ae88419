"""What every encryption command starts from: the review's public paths and its signed readers.

`context()` finishes an interrupted rekey first, so no command works on a half-rekeyed review; then it reads
the public paths and verifies the chair-signed readers list. Default deny: `sensitive_files()` is every file
that is not public (review/layout.py, store/settings.py: PublicPaths) and that git would see, plus the
plaintext of every `.gpg`. `encrypt_to_readers()` is the one way files are encrypted: in a temporary keyring
holding only the readers' keys, with the result's recipients checked.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from scr_cli import fileio
from scr_cli.adapters import gpg, proc, verdicts
from scr_cli.crypto.journal import resume
from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Reader, Readers, verified_readers
from scr_cli.crypto.state import head_reader, private_umask, write_atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.review.layout import KNOWN_PLAINTEXT, gitignore_line, is_sensitive
from scr_cli.review.layout import key_file as key_path
from scr_cli.store.settings import PublicPaths
from scr_cli.store.tree import WorkTree

NO_READERS = Readers((), "", "")


@dataclass
class Context:
    """What every encryption command starts from: the review, its public paths and its verified readers."""

    root: Path
    public: PublicPaths
    readers: Readers

    @property
    def tree(self) -> WorkTree:
        return WorkTree(self.root)


def _signed_public(root: Path) -> tuple[str, ...]:
    """The public additions of the readers list, when it verifies (else none: every addition stays sensitive)."""
    try:
        return verified_readers(WorkTree(root).read, head_reader(root)).public
    except DataError:
        return ()


def context(root: Path, *, need_readers: bool = True) -> Context:
    private_umask()
    resume(root)
    verdicts.remember_in(verdicts.git_state_folder(root))  # the readers list checked by gpg once, then remembered
    tree = WorkTree(root)
    readers = verified_readers(tree.read, head_reader(root)) if need_readers else NO_READERS
    signed = (lambda: readers.public) if need_readers else (lambda: _signed_public(root))
    return Context(root, PublicPaths.of(tree, signed), readers)


def context_public(root: Path) -> PublicPaths:
    """The work tree's public paths, without starting gpg unless a path needs a board's signed addition."""
    return PublicPaths.of(WorkTree(root), lambda: _signed_public(root))


def git_visible(root: Path) -> list[str]:
    """Files git would track here: tracked ones and untracked ones .gitignore does not hide (none outside git)."""
    done = proc.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root, check=False)
    if done.returncode != 0:
        return []
    return sorted({p for p in done.stdout.decode("utf-8", "surrogateescape").split("\0") if p})


def refused_plaintext(root: Path, public: PublicPaths) -> list[str]:
    """Plaintext git would see that the hooks refuse: not a public path, or beside its own `.gpg`."""
    out = []
    for rel in git_visible(root):
        file = root / rel
        if rel.endswith(".gpg") or not (file.is_file() or file.is_symlink()):
            continue
        if file.is_symlink() or (root / f"{rel}.gpg").exists() or not public.allows(rel):
            out.append(rel)
    return out


def with_ciphertext(root: Path, rels: list[str]) -> list[str]:
    """The files of `rels` that have a `.gpg`; a pipe, a device or a looping link where one belongs is raised."""
    for rel in rels:  # skipping it would say "up to date" of a file never read
        fileio.require_regular(root / f"{rel}.gpg", f"{rel}.gpg")
    return [rel for rel in rels if (root / f"{rel}.gpg").is_file()]


def sensitive_files(root: Path, public: PublicPaths, paths: list[str] | None = None) -> list[str]:
    """Plaintext paths (relative) of sensitive files, sorted.

    They are the plaintext of every `.gpg` git sees, every file at a known sensitive path (even git-ignored),
    and every file git would see that is not public.
    """
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            rel = (Path(dirpath) / name).relative_to(root).as_posix()
            if is_sensitive(rel, KNOWN_PLAINTEXT):
                fileio.require_regular(Path(dirpath) / name, rel)  # a FIFO would hang gpg; a device, fill it
                found.add(rel)
    for rel in git_visible(root):  # (a .gpg git ignores, as in a GnuPG home, is not the review's)
        file = root / rel
        if rel.endswith(".gpg"):
            found.add(rel[:-4])
        elif not file.is_symlink() and not public.allows(rel) and os.path.lexists(file):
            fileio.require_regular(file, rel)  # a FIFO would hang gpg; a device, fill it
            if file.is_file():
                found.add(rel)
    if paths:
        wanted: set[str] = set()
        for given in paths:
            rel = _relative(root, given)
            rel = "" if rel == "." else rel
            rel = rel[:-4] if rel.endswith(".gpg") else rel
            hits = {f for f in found if f == rel or not rel or f.startswith(rel + "/")}
            if not hits:
                raise DataError(f"{given} is not a sensitive file of this review",
                                hint="every file is sensitive except the public paths (see `scr status`)")
            wanted |= hits
        found = wanted
    return sorted(found)


def _relative(root: Path, given: str) -> str:
    """A path given on the command line, relative to the review (tried from the current folder, then the root)."""
    top = fileio.resolve(root)
    path = Path(given)
    for base in (Path.cwd(), top):
        target = fileio.resolve(path if path.is_absolute() else base / path)
        if target == top or top in target.parents:
            return target.relative_to(top).as_posix()
    raise DataError(f"{given} is outside the review", hint="give paths inside the review")


def recipients_ok(data: bytes, readers: Readers, rel: str, made_here: bool = False) -> bool:
    """Whether the ciphertext of `rel` is encrypted to exactly the readers of its scope.

    `made_here`: gpg has just made it in this process, so its body is not tested for looking encrypted.
    """
    try:
        return readers.problem(ciphertext_recipients(data, check_body=not made_here), rel) is None
    except PacketError:
        return False


def _check_usable(keys: dict[str, gpg.KeyInfo], readers: list[Reader]) -> None:
    for reader in readers:
        info = keys.get(reader.fingerprint)
        state = ("missing" if info is None else "revoked" if info.revoked else "expired" if info.expired
                 else "" if info.can_encrypt else "not usable for encryption")
        if state:
            hint = f"ask them for a current key and run `scr keys add KEYFILE --person {reader.person}`"
            raise DataError(f"the key of reader {reader.person} is {state}", path=key_path(reader.person),
                            hint=hint)


def scope_groups(readers: Readers, rels: list[str]) -> dict[tuple[Reader, ...], list[int]]:
    """The files (their indices in `rels`) grouped by the readers of their scope, in order."""
    groups: dict[tuple[Reader, ...], list[int]] = {}
    for i, rel in enumerate(rels):
        scope = readers.scope(rel)
        if not scope:
            raise DataError("nobody on the signed readers list reads this file", path=rel,
                            hint="add a reader in one of the regime's core roles (`scr person add ID --role ROLE "
                                 "--key FILE.asc`) and a chair runs `scr keys sign`")
        groups.setdefault(scope, []).append(i)
    return groups


def encrypt_to_readers(ctx: Context, files: list[tuple[str, Path]], work: Path) -> list[Path]:
    """Encrypt each (plaintext path, source) to exactly the readers of its scope; check each result's recipients.

    gpg runs in a temporary keyring holding only the readers' keys, once per scope; the results are
    work/s<i>.gpg in the order given.
    """
    rels = [rel for rel, _ in files]
    groups = scope_groups(ctx.readers, rels)
    outputs: list[Path] = [work / f"s{i}.gpg" for i in range(len(files))]
    from scr_cli.adapters import gpg_files  # only when encrypting: status and a no-op lock never load it

    with gpg.temp_home() as home:
        used = list(dict.fromkeys(r for scope in groups for r in scope))
        gpg.import_keys(home, [(ctx.root / key_path(r.person)).read_bytes() for r in used])
        _check_usable(gpg.list_keys(home), used)
        for n, (scope, indices) in enumerate(groups.items()):
            part = work / f"scope-{n}"
            part.mkdir(mode=0o700)
            made = gpg_files.encrypt_files(home, [files[i][1] for i in indices], [r.fingerprint for r in scope], part)
            for i, out in zip(indices, made, strict=True):
                out.replace(outputs[i])
            part.rmdir()
    for rel, out in zip(rels, outputs, strict=True):
        if not recipients_ok(out.read_bytes(), ctx.readers, rel, made_here=True):
            raise DataError("gpg encrypted to other keys than the file's readers; nothing was written", path=rel,
                            hint="check your gpg configuration for encrypt-to / hidden-encrypt-to")
    return outputs


def _ignore_line(rel: str) -> str:
    """The .gitignore line for `rel`.

    The glob of scr's own sensitive paths that covers it (so later files there are hidden too), else a line
    for exactly that file.
    """
    glob = next((g for g in KNOWN_PLAINTEXT if is_sensitive(rel, [g]) and rel.lower() == rel), None)
    return "/" + glob if glob else gitignore_line(rel)


def ensure_gitignore(root: Path, files: list[str]) -> bool:
    """Add a .gitignore line for each plaintext file git does not ignore yet; True when the file changed."""
    present = [rel for rel in files if (root / rel).exists()]
    if not present:
        return False
    done = proc.run(["git", "check-ignore", "--no-index", "-z", "--stdin"], cwd=root, check=False,
                    input="".join(rel + "\0" for rel in present).encode("utf-8", "surrogateescape"))
    ignored = set(done.stdout.decode("utf-8", "surrogateescape").split("\0"))
    missing = list(dict.fromkeys(_ignore_line(rel) for rel in present if rel not in ignored))
    if not missing:
        return False
    file = root / ".gitignore"
    text = file.read_text(encoding="utf-8") if file.exists() else ""
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
