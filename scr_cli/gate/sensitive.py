"""The check that keeps plaintext out of git: default deny, and ciphertext that is ciphertext to the readers.

`check_sensitive(tree, changed_paths, trust)` serves the pre-commit hook (a Tree over the staged index), the
pre-receive hook (a Tree over a pushed commit) and `scr doctor`. It refuses:
- plaintext at any path that is not public (store/settings.py: PublicPaths), or beside its own `.gpg`;
- a symbolic link or a submodule anywhere (a review holds files);
- a `.gpg` that is armored, or not one binary OpenPGP message whose encrypted body looks random, or not
  encrypted to exactly the readers of its own scope (review/scopes.py: key IDs read from the packets, no gpg
  run), so a police IMR encrypted to the school's author is refused;
- a readers list that is missing, unsigned or not signed by a chair its predecessor allows, and board
  additions to the public paths that the signed list does not repeat.
When the readers list, keys or settings change, every `.gpg` file in the tree is checked, not only changed ones.
"""

from __future__ import annotations

from collections.abc import Sequence

from scr_cli.crypto.packets import PacketError, ciphertext_recipients
from scr_cli.crypto.readers import Readers, verify_list
from scr_cli.errors import DataError
from scr_cli.gate.trust import Trust
from scr_cli.review import layout
from scr_cli.review.layout import matches
from scr_cli.review.model import Issue
from scr_cli.store.settings import PublicPaths, addition_problem, board_public, scope_rules
from scr_cli.store.tree import Tree

HINT = "run `scr lock`, then `git rm --cached` the plaintext and stage the .gpg file"
RECIPIENTS_HINT = ("run `scr lock` (`scr rekey` for files you have not unlocked): each file is encrypted to its "
                   "readers, as the signed list and the log say")
SPECIAL = {"120000": "is a symbolic link; a review holds files only",
           "160000": "is a submodule; a review holds files only"}


def cipher_problem(data: bytes, readers: Readers | None, path: str) -> str | None:
    """Why bytes stored at `path` (`<name>.gpg`) are not a proper encryption to its scope's readers (None: fine)."""
    if data.lstrip()[:10] == b"-----BEGIN":
        return "holds ASCII armor, not the binary ciphertext scr writes"
    try:
        recipients = ciphertext_recipients(data)
    except PacketError as exc:
        return f"is not OpenPGP ciphertext ({exc})"
    return readers.problem(recipients, path.removesuffix(".gpg")) if readers is not None else None


def _settings_issues(tree: Tree, trust: Trust) -> list[Issue]:
    """The board's public additions: each well formed, and repeated by the chair-signed readers list."""
    try:
        board = board_public(tree.read(layout.CONFIG))
    except DataError as exc:
        return [Issue("error", "sensitive-config", layout.CONFIG, 0, 0, exc.message, exc.hint or "")]
    found = [Issue("error", "public-path", layout.CONFIG, 0, 0, problem, "name a folder or file to make public")
             for g in board if (problem := addition_problem(g))]
    readers = trust.get() if board else None
    signed = set(readers.public) if readers is not None else set()
    found += [Issue("error", "public-path-unsigned", layout.CONFIG, 0, 0,
                    f"public path '{g}' is not on the chair-signed readers list, so it stays sensitive",
                    "a chair runs `scr keys sign` to approve it") for g in board
              if g not in signed and addition_problem(g) is None]
    return found


def _path_issue(tree: Tree, path: str, public: PublicPaths, readers: Readers | None) -> Issue | None:
    mode = tree.mode(path)
    if mode in SPECIAL:
        return Issue("error", "sensitive-symlink", path, 0, 0, SPECIAL[str(mode)], HINT)
    if path.endswith(".gpg"):
        problem = cipher_problem(tree.read(path) or b"", readers, path)
        if problem is None:
            return None
        recipients = problem.startswith(("encrypted to", "not encrypted"))
        return Issue("error", "sensitive-recipients" if recipients else "sensitive-not-ciphertext", path, 0, 0,
                     problem, RECIPIENTS_HINT if recipients else HINT)
    if tree.mode(path + ".gpg") is not None:
        return Issue("error", "sensitive-plaintext", path, 0, 0,
                     "is the plaintext of an encrypted file (its .gpg is in the tree)", HINT)
    if not public.allows(path):
        why = " (a board's public path, not yet signed)" if public.needs_signature(path) else ""
        return Issue("error", "sensitive-plaintext", path, 0, 0,
                     f"is not a public path{why}; only its .gpg may be committed", HINT)
    return None


def _signed_public(trust: Trust) -> tuple[str, ...]:
    readers = trust.get()
    return readers.public if readers is not None else ()


def check_sensitive(tree: Tree, changed_paths: Sequence[str], trust: Trust | None = None) -> list[Issue]:
    """Issues (all errors) for changed paths that would put plaintext or bad ciphertext into git.

    `trust`: the readers list that judges the tree (the hooks give the one protected history vouches for);
    by default the tree's own list, signed by a chair it names (`scr doctor`, tests).
    """
    trust = trust or Trust(lambda: verify_list(tree.read, None))
    changed = list(dict.fromkeys(changed_paths))
    settings = {layout.CONFIG, layout.PEOPLE, layout.REVIEW}  # review.yaml: its regime decides the scopes
    keys_changed = any(p.startswith(layout.KEYS_DIR + "/") or p in settings for p in changed)
    if keys_changed:
        changed += [p for p in tree.paths() if p.endswith(".gpg") and p not in changed]
    elif layout.LOG in changed:  # a circulation logged (or taken out) changes who reads what it names
        rules = scope_rules(tree.read(layout.REVIEW))
        if rules.circulated:
            globs = [g for c in rules.circulated for g in c.paths]
            changed += [p for p in tree.paths() if p.endswith(".gpg") and p not in changed
                        and matches(p.removesuffix(".gpg"), globs)]
    present = [p for p in changed if tree.mode(p) is not None]
    issues = _settings_issues(tree, trust) if layout.CONFIG in changed or keys_changed else []
    readers: Readers | None = None
    if any(p.endswith(".gpg") for p in present) or keys_changed:
        readers = trust.get()
        readers = readers.judging(tree.read) if readers is not None else None
        if readers is None and trust.problem is not None and (
                tree.read(layout.READERS) is not None or any(p.endswith(".gpg") for p in present)):
            problem = trust.problem
            issues.append(Issue("error", "readers-list", problem.path or layout.KEYS_DIR, 0, 0, problem.message,
                                problem.hint or ""))
    public = PublicPaths.of(tree, lambda: _signed_public(trust))
    for path in present:
        issue = _path_issue(tree, path, public, readers)
        if issue is not None:
            issues.append(issue)
    return issues
