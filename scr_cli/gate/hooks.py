"""`scr hook pre-commit` and `scr hook pre-receive`: the draft and sign-off rules on what git stores.

pre-commit compares the index (GIT_INDEX_FILE honoured) with HEAD; pre-receive compares every pushed
commit with its parents. Both read git objects only, never the working tree, through the same
`check_transition()`. Heavy things (gpg, the regime) are loaded only when a changed file needs them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from scr_cli import paths
from scr_cli.adapters import git
from scr_cli.adapters.git import Change
from scr_cli.errors import ScrError, ToolFailed
from scr_cli.gate.gittree import CommitTree, IndexTree, ObjectTree, read_document, read_review
from scr_cli.review import layout
from scr_cli.review.drafts import Refusal, Snapshot, check_change, reopened_paths
from scr_cli.review.layout import MODEL_FILES, is_document
from scr_cli.review.model import Document
from scr_cli.review.regime import Regime, regime_from_dict
from scr_cli.review.signoff import Requirement, SignoffState, Verified, missing_signoffs, signoff_state
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import decode, parse


@dataclass
class HookResult:
    """What a hook refuses, as lines for stderr; no lines means the change may go in."""

    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lines


def load_regime_fast(tree: Tree) -> Regime:
    """The review's regime, read without pydantic (the shipped regime files are checked by the tests)."""
    regime_id = "scr-2015"
    raw = tree.read(layout.REVIEW)
    if raw is not None:
        data = parse(decode(raw, "review.yaml")[0], "review.yaml").data
        if isinstance(data, dict) and isinstance(data.get("regime"), str):
            regime_id = data["regime"]
    file = paths.regime_file(regime_id)
    if file is None:
        raise ScrError(f"unknown regime '{regime_id}'", path="review.yaml", hint="use a regime scr ships")
    return regime_from_dict(parse(file.read_text(encoding="utf-8"), file.name).data)


def public_keys(tree: Tree) -> list[bytes]:
    """The public keys the review holds (.scr/keys/*.asc): signatures are checked against these only."""
    return [tree.read(p) or b"" for p in tree.paths() if p.startswith(layout.KEYS_DIR + "/") and p.endswith(".asc")]


def verifier(tree: Tree) -> Callable[[bytes, str], Verified]:
    """A check of a sign-off's signature against the review's public keys.

    Once the review has a readers list, only keys on that chair-signed list count: a key added to .scr/keys/
    and people.yaml by whoever can push does not.
    """
    from scr_cli.adapters import gpg

    keys = public_keys(tree)
    registered = _registered_keys(tree)

    def verify(data: bytes, signature: str) -> Verified:
        signer = gpg.verify_detached(data, signature.encode("utf-8"), keys) if keys else None
        if signer is None:
            return Verified(False, None, "no public keys in .scr/keys/" if not keys else "does not verify")
        if registered is not None and signer.upper() not in registered:
            return Verified(False, signer, "made with a key that is not on the chair-signed readers list "
                                           "(`scr keys add`, then a chair runs `scr keys sign`)")
        return Verified(True, signer)

    return verify


def _registered_keys(tree: Tree) -> frozenset[str] | None:
    """Fingerprints on the chair-signed readers list; None when the review has no list yet (nothing is locked)."""
    from scr_cli.crypto.readers import verified_readers

    if tree.read(layout.READERS) is None:
        return None
    try:
        return frozenset(r.fingerprint.upper() for r in verified_readers(tree.read).entries)
    except ScrError:
        return frozenset()  # a list that does not verify registers nobody


def _states(tree: Tree, finals: Sequence[tuple[Document, Snapshot]], regime: Regime) -> tuple[Any, list[SignoffState]]:
    review, _ = read_review(tree, [doc for doc, _ in finals])
    current = {doc.path: snap.content for doc, snap in finals}
    relevant = [s for s in review.signoffs if s.document in current]
    states: list[SignoffState] = []
    if relevant:
        verify = verifier(tree)
        states = [signoff_state(s, review, regime, current[s.document], verify) for s in relevant]
    return review, states


def check_transition(old: Tree, new: Tree, changes: Sequence[Change], dates: Sequence[date]) -> list[Refusal]:
    """Every rule broken by going from `old` to `new`, one refusal per file."""
    docs = [c for c in changes if c.status != "D" and is_document(c.path)]
    docs += _finals_showing(old, new, changes, {c.path for c in docs})
    if not docs:
        return []
    if isinstance(new, ObjectTree):
        new.prefetch([*(c.path for c in docs), *MODEL_FILES, layout.REVIEW])
    if isinstance(old, ObjectTree):
        old.prefetch([*((c.old_path or c.path) for c in docs), layout.LOG])
    refusals: list[Refusal] = []
    pairs: list[tuple[Snapshot | None, Snapshot, Document]] = []
    for change in docs:
        try:
            got = read_document(new, change.path)
        except ScrError as exc:
            refusals.append(Refusal(exc.path or change.path, exc.message, f"scr check {change.path}"))
            continue
        try:
            before = read_document(old, change.old_path or change.path)
        except ScrError:
            before = None  # the previous version was broken: this commit repairs it, judge it as new
        if got is not None:
            pairs.append((before[1] if before else None, got[1], got[0]))
    if not pairs:
        return refusals
    regime = load_regime_fast(new)
    reopened = reopened_paths(_events(old), _events(new))
    finals = [
        (doc, snap) for old_s, snap, doc in pairs if snap.status == "final" and not (old_s and old_s.status == "final")
    ]
    review, states = _states(new, finals, regime) if finals else (None, [])
    final_paths = {doc.path for doc, _ in finals}
    for old_s, snap, doc in pairs:
        missing = missing_signoffs(doc, review, regime, states) if review and doc.path in final_paths else []
        spec = regime.document_for(doc.path) or (regime.document_for(old_s.path) if old_s else None)
        refusal = check_change(old_s, snap, spec, dates, doc.path in reopened, missing, _why(states, missing))
        if refusal:
            refusals.append(refusal)
    return refusals


def _finals_showing(old: Tree, new: Tree, changes: Sequence[Change], seen: set[str]) -> list[Change]:
    """Final documents that include or show a file this change touches (an appendix, a genogram).

    They are judged as changed, so `final means frozen` covers what a sign-off covers. Read only when such a
    file changed.
    """
    touched = {
        p for c in changes for p in (c.path, c.old_path)
        if p and not p.endswith(".gpg") and p not in MODEL_FILES and not p.startswith(".scr/")
    }
    if not touched:
        return []
    candidates = sorted(p for p in old.paths() if p.endswith(".md") and is_document(p) and p not in seen)
    if isinstance(old, ObjectTree):
        old.prefetch(candidates)  # one git process for all of them
    out: list[Change] = []
    for path in candidates:
        try:
            got = read_document(old, path)
        except ScrError:
            continue
        if got and got[1].status == "final" and touched & {p for p, _ in got[0].attached} and new.read(path):
            out.append(Change(path, "M"))
    return out


def _why(states: Sequence[SignoffState], missing: Sequence[Requirement]) -> str:
    """Why a sign-off given for the first missing requirement does not count ("" when none was given)."""
    if not missing:
        return ""
    want = missing[0]
    given = [st for st in states if st.signoff.document == want.document and st.signoff.role == want.role]
    bad = [st for st in given if st.state != "valid"]
    return f"{bad[-1].state}: {bad[-1].reason}" if bad else ""


def _events(tree: Tree) -> list[dict[str, Any]]:
    raw = tree.read("log.yaml")
    if raw is None:
        return []
    try:
        data = parse(decode(raw, "log.yaml")[0], "log.yaml").data
    except ScrError:
        return []
    events = data.get("events") if isinstance(data, dict) else None
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []


def _sensitive(tree: Tree, changed: list[str], base: Tree | None = None) -> list[str]:
    """The encryption checks (scr_cli/sensitive.py): no sensitive plaintext, ciphertext to the signed readers."""
    from scr_cli.gate.sensitive import check_sensitive

    found = check_sensitive(tree, changed, base)  # base: a changed readers list must be signed by an allowed chair
    return [f"{i.path}: {i.message}" + (f" — {i.hint}" if i.hint else "") for i in (found or [])]


_EPOCH = re.compile(r"^@?(\d{9,11})(?:\s+([+-]\d{4}))?$")


def _env_date(value: str | None) -> date | None:
    if not value:
        return None
    value = value.strip()
    m = _EPOCH.match(value)
    if m:
        return datetime.fromtimestamp(int(m.group(1)), UTC).date()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def pre_commit(repo: Path, today: date) -> HookResult:
    try:
        changes = git.staged_changes(repo)
    except ToolFailed:
        git.toplevel(repo)  # outside a repository: say so plainly (exit 2) rather than relay git's usage error
        raise
    dates = [today, *filter(None, (_env_date(os.environ.get(k)) for k in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")))]
    base = CommitTree("HEAD", repo)  # on an unborn branch every `HEAD:path` reads as missing
    index = IndexTree(repo)
    refusals = check_transition(base, index, changes, dates)
    result = HookResult([r.line() for r in refusals])
    result.lines += _sensitive(index, [c.path for c in changes if c.status != "D"], base)
    return result


def pre_receive(repo: Path, updates: Iterable[str]) -> HookResult:
    result = HookResult()
    seen: set[str] = set()
    for line in updates:
        parts = line.split()
        if len(parts) != 3:
            continue
        if parts[1] == git.ZERO:  # a deleted ref brings nothing, but the main branch holds the signers chain
            if parts[2] == git.git(["symbolic-ref", "-q", "HEAD"], repo, check=False).out.strip():
                result.lines.append(f"{parts[2]}: the review's main branch may not be deleted "
                                    "(recreating it would drop the chain of readers-list signatures)")
            continue
        refused = _ref_refusal(repo, parts[1], parts[2])
        if refused:
            result.lines.append(refused)
            continue
        for commit in git.new_commits(parts[1], repo):
            if commit.sha in seen:
                continue
            seen.add(commit.sha)
            result.lines += [f"{commit.sha[:10]}: {msg}" for msg in check_commit(repo, commit, parts[0])]
        if parts[0] != git.ZERO and not _descends(repo, parts[0], parts[1]):
            # a force push, or a history pushed earlier to another branch: every commit after the old tip was
            # checked against its parents, but a jump from elsewhere must keep the old tip's signers chain
            tip = CommitTree(f"{parts[1]}^{{commit}}", repo)
            result.lines += [f"{parts[2]}: {msg}" for msg in _signers_chain(tip, [f"{parts[0]}^{{commit}}"], repo)]
    return result


def _descends(repo: Path, old: str, new: str) -> bool:
    return git.git(["merge-base", "--is-ancestor", old, new], repo, check=False).returncode == 0


def _ref_refusal(repo: Path, new: str, ref: str) -> str | None:
    """Only branches and tags pointing at commits: notes, or a tag on a blob, would carry files unchecked."""
    if not ref.startswith(("refs/heads/", "refs/tags/")):
        return f"{ref}: only branches and tags may be pushed to a review (other refs are not checked)"
    kind = git.git(["cat-file", "-t", f"{new}^{{}}"], repo, check=False).out.strip()
    if kind != "commit":
        return f"{ref}: points at a {kind or 'missing object'}, not a commit; only commits may be pushed"
    return None


def check_commit(repo: Path, commit: git.CommitInfo, old: str | None = None) -> list[str]:
    dates = sorted({date.fromisoformat(commit.author_date[:10]), date.fromisoformat(commit.committer_date[:10])})
    new = CommitTree(commit.sha, repo)
    per_parent: list[dict[str, str]] = []
    changed: set[str] = set()
    list_touched = not commit.parents
    for parent in commit.parents or (git.EMPTY_TREE,):
        changes = git.tree_changes(parent, commit.sha, repo)
        changed |= {c.path for c in changes if c.status != "D"}
        list_touched = list_touched or any(layout.READERS in (c.path, c.old_path) for c in changes)
        refusals = check_transition(CommitTree(parent, repo), new, changes, dates)
        per_parent.append({r.path: r.line() for r in refusals})
    # A merge is refused for a file only when the file breaks a rule against every parent.
    common = set.intersection(*(set(p) for p in per_parent)) if per_parent else set()
    lines = [per_parent[0][p] for p in sorted(common)]
    # The readers list must be signed by a chair whom the list it follows allows: in a merge, every parent's
    # list (else an orphan history merged in as first parent brings its own chair); in a root commit, the list
    # of the branch it replaces (else a force push of a fresh history does).
    bases = list(commit.parents) or ([old] if old and old != git.ZERO else [])
    first = CommitTree(bases[0], repo) if bases else None
    found = _sensitive(new, sorted(changed), first)
    chain = _signers_chain(new, bases, repo) if list_touched else []
    return lines + found + [ln for ln in chain if ln not in found]


def _signers_chain(new: Tree, bases: Sequence[str], repo: Path) -> list[str]:
    """Problems of the new readers list against each base it differs from (see verified_readers); removing it is one."""
    from scr_cli.crypto.readers import verified_readers

    data = new.read(layout.READERS)
    lines: list[str] = []
    for sha in bases:
        before = CommitTree(sha, repo).read(layout.READERS)
        if before is None or before == data:
            continue
        if data is None:  # else the next list would have no previous one to be allowed by
            lines.append(f"{layout.READERS}: removes the signed readers list — restore it; "
                         "a chair changes it with `scr keys`")
            continue
        base = CommitTree(sha, repo)
        try:
            verified_readers(new.read, base.read)
        except ScrError as exc:
            lines.append(f"{exc.path or layout.READERS}: {exc.message}" + (f" — {exc.hint}" if exc.hint else ""))
    return lines
