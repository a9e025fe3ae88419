"""`scr doctor [--clean]`: find where plaintext of sensitive files may be left, and what is wrong with keys.

Looks for: unlocked plaintext that git would track, and plaintext at paths that are not public (the hooks
refuse it: `scr lock` encrypts it); crash and editor leftovers (scr work folders, editor
backups of sensitive files, `scr edit` folders in /dev/shm and the temp folder); copies of sensitive
plaintext stored as git objects (by blob id, over `git cat-file --batch-all-objects`), reachable or not;
`.gpg` files not encrypted to exactly the signed readers; expired or revoked reader keys; textconv caches;
plaintext and restricted build outputs that group or others may read (or their folders).
`--clean` removes what is safe to remove and says what needs a person.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.adapters import gpg_files, proc
from scr_cli.crypto.context import context, recipients_ok, refused_plaintext, sensitive_files
from scr_cli.crypto.journal import resume
from scr_cli.crypto.private import build_outputs, exposed, make_private
from scr_cli.crypto.readers import Readers, verified_readers
from scr_cli.crypto.state import EDIT_PREFIX, LockCache, exclusive, head_reader, state_dir, work_dir
from scr_cli.errors import DataError
from scr_cli.review.layout import BUILD_DIR
from scr_cli.store.pristine import is_untouched_template
from scr_cli.store.tree import WorkTree


@dataclass
class Finding:
    """One thing `scr doctor` found: where, what, how to fix it, if it is a problem, if `--clean` removed it."""

    path: str
    message: str
    hint: str = ""
    problem: bool = True
    cleaned: bool = False


@dataclass
class DoctorResult:
    """The result of `scr doctor`: every finding, and how many problems are left for a person."""

    findings: list[Finding] = field(default_factory=list)

    @property
    def problems_left(self) -> int:
        return sum(1 for f in self.findings if f.problem and not f.cleaned)


def _git(root: Path, *args: str) -> str:
    done = proc.run(["git", *args], cwd=root, check=False)
    return done.out if done.returncode == 0 else ""


def blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def _remove(path: Path) -> bool:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
    return not path.exists()


def _leftovers(root: Path, files: list[str], clean: bool, result: DoctorResult) -> None:
    state = state_dir(root)
    if (state / "rekey").exists():
        if clean:
            resume(root)
        result.findings.append(Finding(".git/scr/rekey", "an interrupted re-encryption", "run `scr rekey`",
                                       cleaned=clean))
    for folder in sorted(state.glob("tmp-*")):
        result.findings.append(Finding(f".git/scr/{folder.name}", "work folder left by an interrupted command",
                                       "run `scr doctor --clean`", cleaned=clean and _remove(folder)))
    names = {Path(rel).name for rel in files}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        for name in filenames:
            stem = name.removesuffix("~").removesuffix(".scrtmp")
            swap = name.startswith(".") and name.endswith((".swp", ".swo"))
            if name.endswith(".scrtmp") or (name.endswith("~") and stem in names) or \
                    (swap and name[1:-4] in names):
                file = Path(dirpath) / name
                rel = file.relative_to(root).as_posix()
                result.findings.append(Finding(rel, "temporary or backup file that may hold plaintext",
                                               "run `scr doctor --clean`", cleaned=clean and _remove(file)))
    user = os.getuid()
    for base in {"/dev/shm", tempfile.gettempdir()}:
        if not os.path.isdir(base):
            continue
        for folder in Path(base).glob(f"{EDIT_PREFIX}*"):
            if folder.is_dir() and folder.stat().st_uid == user:
                result.findings.append(Finding(str(folder), "folder left by an interrupted `scr edit`",
                                               "run `scr doctor --clean`", cleaned=clean and _remove(folder)))


def _plaintext_in_git(root: Path, plains: dict[str, bytes], clean: bool, result: DoctorResult) -> None:
    # a template copied as it is (e.g. an interview record from .scr/templates/) matches the committed
    # template byte for byte, yet never held case data: it is not a disclosure
    wanted = {blob_id(data): rel for rel, data in plains.items() if data and not is_untouched_template(data)}
    if not wanted:
        return
    stored = {ln.split()[0] for ln in _git(root, "cat-file", "--batch-all-objects",
                                           "--batch-check=%(objectname) %(objecttype)").splitlines()
              if ln.endswith(" blob")}
    leaks = {sha: rel for sha, rel in wanted.items() if sha in stored}
    if not leaks:
        return
    reachable = {ln.split()[0] for ln in _git(root, "rev-list", "--objects", "--all").splitlines()}
    staged = {ln.split()[1] for ln in _git(root, "ls-files", "-s").splitlines() if ln.split()}
    pruned = False
    for sha, rel in sorted(leaks.items()):
        if sha in reachable:
            result.findings.append(Finding(rel, "its plaintext is in git history (a commit holds it)",
                                           "rewrite history (git filter-repo) on every clone and the remote; "
                                           "consider the data disclosed to everyone with access"))
        elif sha in staged:
            result.findings.append(Finding(rel, "its plaintext is staged in git's index",
                                           f"run `git rm --cached {rel}`"))
        else:
            if clean and not pruned:
                _git(root, "reflog", "expire", "--expire=now", "--expire-unreachable=now", "--all")
                _git(root, "gc", "--quiet", "--prune=now")
                pruned = True
            gone = clean and _git(root, "cat-file", "-t", sha).strip() == ""
            result.findings.append(Finding(rel, "its plaintext is stored as an unreachable git object",
                                           "run `scr doctor --clean` (expires the reflog and prunes)",
                                           cleaned=gone))


def _open_modes(root: Path, plains: list[str], outputs: list[str], clean: bool, result: DoctorResult) -> None:
    """Plaintext and restricted build outputs (or the folders holding them) that group or others may read."""
    for kind, rels in (("plaintext", plains), ("build output", outputs)):
        for found in exposed(root, rels):
            what = f"folder holding {kind}" if found.folder else kind
            result.findings.append(Finding(found.path, f"{what} can be read by group or others (mode {found.mode:04o})",
                                           "run `scr doctor --clean` (sets 0600 files in 0700 folders)",
                                           cleaned=clean))
    if clean:
        make_private(root, [*plains, *outputs])


def _readers(root: Path, result: DoctorResult) -> Readers | None:
    try:
        return verified_readers(WorkTree(root).read, head_reader(root))
    except DataError as exc:
        result.findings.append(Finding(exc.path or ".scr/keys", exc.message, exc.hint or ""))
        return None


def _plaintext_files(root: Path, files: list[str], ignored: set[str], readers: Readers | None, clean: bool,
                     result: DoctorResult) -> dict[str, bytes]:
    """The plaintext of each sensitive file present; findings for plaintext git sees and for wrong recipients."""
    cache = LockCache(root)
    plains: dict[str, bytes] = {}
    for rel in files:
        plain, cipher = root / rel, root / f"{rel}.gpg"
        if plain.is_file():
            plains[rel] = plain.read_bytes()
            if rel not in ignored:
                result.findings.append(Finding(rel, "plaintext is not git-ignored (not a public path: the hooks "
                                               "refuse it)", "run `scr lock` (it encrypts it and fixes .gitignore)"))
            locked = cipher.is_file() and cache.unchanged(rel, cipher.read_bytes(), plains[rel])
            result.findings.append(Finding(rel, "unlocked plaintext" + (" (same as its .gpg)" if locked else
                                           " with changes not locked"), "" if locked else "run `scr lock`",
                                           problem=False, cleaned=clean and locked and _remove(plain)))
        if cipher.is_file() and readers is not None and not recipients_ok(cipher.read_bytes(), readers, rel):
            result.findings.append(Finding(f"{rel}.gpg", "not encrypted to exactly the readers of its scope",
                                           "run `scr rekey`"))
    return plains


@exclusive
def doctor(root: Path, clean: bool = False, gnupghome: Path | None = None,
           public_output: Callable[[str], bool] = lambda name: False) -> DoctorResult:
    """Every finding; `public_output` tells a public edition in build/ (anyone may read it) from the rest."""
    from scr_cli.crypto.keys import list_readers

    result = DoctorResult()
    ctx = context(root, need_readers=False)
    files = sensitive_files(root, ctx.public)
    _leftovers(root, files, clean, result)
    _open_modes(root, files, build_outputs(root, root / BUILD_DIR, public_output), clean, result)
    readers = _readers(root, result)
    ignored = set(_git(root, "check-ignore", "--no-index", *files).splitlines()) if files else set()
    plains = _plaintext_files(root, files, ignored, readers, clean, result)
    for rel in refused_plaintext(root, ctx.public):
        if rel in ignored or rel not in files:  # tracked although ignored, or a public file beside its .gpg
            result.findings.append(Finding(rel, "plaintext git would commit, which the hooks refuse",
                                           f"run `scr lock`, then `git rm --cached {rel}`"))
    locked_only = [rel for rel in files if rel not in plains and (root / f"{rel}.gpg").is_file()]
    if locked_only:
        with work_dir(root) as work:
            outs = gpg_files.decrypt_files(gnupghome, [root / f"{rel}.gpg" for rel in locked_only], work)
            plains.update({rel: o.path.read_bytes() for rel, o in zip(locked_only, outs, strict=True) if o.ok})
    _plaintext_in_git(root, plains, clean, result)
    if readers is not None:
        for row in list_readers(root).rows:
            if row.state != "ok":
                result.findings.append(Finding(f".scr/keys/{row.person}.asc", f"reader key is {row.state}",
                                               f"ask {row.person} for a current key; `scr keys add`"))
    for ref in _git(root, "for-each-ref", "--format=%(refname)", "refs/notes/textconv").split():
        gone = clean and not _git(root, "update-ref", "-d", ref) and not _git(root, "show-ref", ref)
        result.findings.append(Finding(ref, "textconv cache holds decrypted text as git objects",
                                       "run `scr doctor --clean`; never set cachetextconv", cleaned=gone))
    for entry in _git(root, "config", "--get-regexp", r"^diff\..*\.cachetextconv$").splitlines():
        key = entry.split()[0]
        if clean:
            _git(root, "config", "--unset-all", key)
        result.findings.append(Finding(key, "caches decrypted diffs as git objects", "unset it", cleaned=clean))
    return result
