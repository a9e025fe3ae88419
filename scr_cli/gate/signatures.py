"""Sign-off signatures: the verifier, the work tree's trust root, `scr check`'s part, signoffs.yaml growing only.

A signature counts only with a key on the chair-signed readers list that judges the tree (`verifier`); the
hooks on the shared remote pass that list's keys only, never the keys a pushed commit carries. For the work
tree the other key files of .scr/keys/ are tried too, to say which key made a signature that does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scr_cli.crypto.readers import Readers, verified_readers
from scr_cli.crypto.state import head_reader
from scr_cli.errors import EnvironmentProblem, ScrError
from scr_cli.gate.trust import PEOPLE_HINT, Trust, people_problems
from scr_cli.review import layout
from scr_cli.review.model import Issue
from scr_cli.review.signoff import SignatureCheck, Verified, Verify, signoff_issues
from scr_cli.review.signoff import Trust as SignerMap
from scr_cli.store.settings import regime_facts
from scr_cli.store.tree import Tree, WorkTree
from scr_cli.store.yamlfile import decode, parse

if TYPE_CHECKING:
    from scr_cli.store import loader

_checked: dict[tuple[bytes, str, tuple[bytes, ...]], str | None] = {}


def public_keys(tree: Tree) -> list[bytes]:
    """The public key files the tree holds (.scr/keys/*.asc)."""
    return [tree.read(p) or b"" for p in tree.paths() if p.startswith(layout.KEYS_DIR + "/") and p.endswith(".asc")]


def verifier(readers: Readers | None, extra: Sequence[bytes] = ()) -> Callable[[bytes, str], Verified]:
    """A check of a sign-off's signature with the keys of the signed list.

    `extra` keys serve only to name a key that is not on it. The caller compares the signer with the person's
    key on the list.
    """
    from scr_cli.adapters import gpg

    listed = tuple(r.key for r in readers.entries) if readers is not None else ()
    keys = tuple(dict.fromkeys([*listed, *extra]))
    trusted = {r.fingerprint for r in readers.entries} if readers is not None else set()

    def verify(data: bytes, signature: str) -> Verified:
        if not keys:
            return Verified(False, None, "no public keys on the chair-signed readers list")
        cache = (data, signature, keys)
        if cache not in _checked:
            _checked[cache] = gpg.verify_detached(data, signature.encode("utf-8"), list(keys))
        signer = _checked[cache]
        if signer is None:
            return Verified(False, None, "does not verify")
        if signer.upper() not in trusted:
            return Verified(False, signer, "made with a key that is not on the chair-signed readers list "
                                           "(`scr keys add`, then a chair runs `scr keys sign`)")
        return Verified(True, signer)

    return verify


def work_trust(root: Path) -> Trust:
    """The work tree's trust root: its readers list, checked against the one committed in HEAD."""
    tree = WorkTree(root)
    return Trust(lambda: verified_readers(tree.read, head_reader(root)))


def work_verifier(root: Path, trust: Trust) -> Callable[[bytes, str], Verified]:
    return verifier(trust.get(), public_keys(WorkTree(root)))


def work_check(root: Path) -> SignatureCheck:
    """The work tree's signature check with its trust root, made (and gpg started) only on first use."""

    def make() -> tuple[Verify, SignerMap | None]:
        trust = work_trust(root)
        return work_verifier(root, trust), trust.signers()

    return SignatureCheck(make)


def signoff_issues_for(loaded: loader.Loaded, today: date) -> list[Issue]:
    """Issues at the sign-off's line in signoffs.yaml, and where people.yaml contradicts the signed list."""
    del today  # sign-offs do not depend on the date
    trust = work_trust(loaded.root)
    tree = WorkTree(loaded.root)
    try:
        found = signoff_issues(loaded.review, loaded.regime, work_verifier(loaded.root, trust), trust.signers())
    except EnvironmentProblem as exc:  # no gpg here: say so rather than fail the whole check
        return [Issue("warning", "signoff-unverified", "signoffs.yaml", 0, 0,
                      f"sign-offs not verified: {exc.message}", exc.hint or "")]
    readers = trust.get()
    if readers is not None:
        signing = regime_facts(tree).signing_roles
        found += [Issue("error", "people-vs-readers", layout.PEOPLE, 0, 0, f"{p} ({layout.READERS})", PEOPLE_HINT)
                  for p in people_problems(tree.read(layout.PEOPLE), readers, signing)]
    return found


def _entries(tree: Tree) -> list[dict[str, Any]]:
    raw = tree.read(layout.SIGNOFFS)
    if raw is None:
        return []
    try:
        data = parse(decode(raw, layout.SIGNOFFS)[0], layout.SIGNOFFS).data
    except ScrError:
        return []
    rows = data.get("signoffs") if isinstance(data, dict) else None
    return [r for r in rows if isinstance(r, dict)] if isinstance(rows, list) else []


def _keeps_order(old: Iterable[dict[str, Any]], new: Sequence[dict[str, Any]]) -> int | None:
    """Where `new` loses or edits an entry of `old`: None when none, else the index of the first such entry.

    Every old entry must still be in `new`, unchanged and in the same order.
    """
    pos = 0
    for i, entry in enumerate(old):
        while pos < len(new) and new[pos] != entry:
            pos += 1
        if pos == len(new):
            return i
        pos += 1
    return None


def signoffs_problems(old: Tree, new: Tree) -> list[str]:
    """signoffs.yaml only grows: an entry may be superseded by a later one, never removed or edited."""
    before = _entries(old)
    if not before:
        return []
    lost = _keeps_order(before, _entries(new))
    if lost is None:
        return []
    entry = before[lost]
    what = f"the {'reopen marker' if entry.get('void') else 'sign-off'} of {entry.get('document')}" + (
        f" by {entry.get('person')}" if entry.get("person") else "")
    return [f"{layout.SIGNOFFS}: removes or edits {what} — sign-offs are only ever added: restore the entry "
            "(a new `scr signoff` supersedes it)"]


def reopen_markers(tree: Tree) -> dict[str, int]:
    """How many reopen markers signoffs.yaml holds per document."""
    counts: dict[str, int] = {}
    for entry in _entries(tree):
        if entry.get("void") and isinstance(entry.get("document"), str):
            counts[entry["document"]] = counts.get(entry["document"], 0) + 1
    return counts
