"""`scr hook pre-receive`: the shared remote judges every pushed commit against the history it lands on.

The trust root (the chair-signed readers list, its keys, roles and public paths) comes from protected history
only: the branch being updated as it stands before the push, or main's for a new branch, a tag or a root
commit. A pushed commit that keeps its parent's list inherits the parent's trust; one that changes it is
trusted only when a chair of that trust signed it, on top of it (`previous:`), and with that trust's copy of
the chair's key. Keys and lists the pushed commits carry never vouch for themselves.

Each commit is judged against its first parent; a merge against its first parent too, and a root commit (an
orphan history) against main's tip, with the rules on state (gate/transition.py: aggregate). A branch's new
tip is also judged against its old tip, so nothing enters by a merge whose parents were swapped, or by a
rewritten history, that could not enter directly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scr_cli.adapters import git
from scr_cli.crypto.readers import load_readers, verify_list
from scr_cli.errors import DataError
from scr_cli.gate.gittree import CommitTree
from scr_cli.gate.hooks import HookResult, issue_lines, registry_lines
from scr_cli.gate.sensitive import check_sensitive
from scr_cli.gate.transition import check_transition
from scr_cli.gate.trust import Trust
from scr_cli.review import layout
from scr_cli.store.tree import Tree


@dataclass
class Push:
    """What one push has established so far: the trust of each judged commit, the protected trust roots."""

    repo: Path
    main: str
    trusts: dict[str, Trust] = field(default_factory=dict)
    protected: dict[str, Trust] = field(default_factory=dict)

    def protected_trust(self, rev: str) -> Trust:
        """The trust root of a commit already on the server (its list, trusted as protected history)."""
        if rev not in self.protected:
            tree = CommitTree(rev, self.repo)
            if tree.read(layout.READERS) is None:
                self.protected[rev] = Trust.fixed(None)
            else:
                try:
                    self.protected[rev] = Trust.fixed(load_readers(tree.read))
                except DataError as exc:
                    self.protected[rev] = Trust.fixed(None, exc)
        return self.protected[rev]

    def main_tip(self) -> str:
        """The commit of main on the server before the push ("" when there is none yet)."""
        done = git.git(["rev-parse", "-q", "--verify", f"{self.main}^{{commit}}"], self.repo, check=False)
        return done.out.strip()

    def base(self, old: str) -> Trust:
        """The trust root a ref update is judged with: the ref's old tip, else main's tip (else none yet)."""
        if old != git.ZERO:
            return self.protected_trust(old)
        main = self.main_tip()
        return self.protected_trust(main) if main else Trust.fixed(None)


def _dates(commit: git.CommitInfo) -> list[date]:
    return sorted({date.fromisoformat(commit.author_date[:10]), date.fromisoformat(commit.committer_date[:10])})


def _trust_of(tree: Tree, parent: Trust) -> tuple[Trust, list[str]]:
    """The trust root a commit holds, from its parent's: unchanged, changed by a chair of it, or refused."""
    data = tree.read(layout.READERS)
    before = parent.get()
    if data is None:
        if before is None:
            return Trust.fixed(None), []
        return parent, [f"{layout.READERS}: removes the signed readers list — restore it; a chair changes it "
                        "with `scr keys`"]
    if before is not None and data == before.raw and tree.read(layout.SIGNATURE) == before.signature:
        try:  # the parent's list, signature and keys (as protected history holds them) judge this commit
            load_readers(tree.read)  # ... and the key files must still be the ones the list's digests name
        except DataError as exc:
            return parent, [f"{exc.path or layout.READERS}: {exc.message}" + (f" — {exc.hint}" if exc.hint else "")]
        return parent, []
    try:
        return Trust.fixed(verify_list(tree.read, before)), []
    except DataError as exc:
        return Trust.fixed(before, exc), [f"{exc.path or layout.READERS}: {exc.message}"
                                          + (f" — {exc.hint}" if exc.hint else "")]


def _merged_dates(repo: Path, commit: git.CommitInfo) -> list[date]:
    """The dates of the commits a merge brings into its first parent (each already judged on its own)."""
    done = git.git(["log", "--format=%aI %cI", f"{commit.parents[0]}..{commit.sha}"], repo, check=False)
    return sorted({date.fromisoformat(d[:10]) for line in done.out.splitlines() for d in line.split()})


def check_commit(push: Push, commit: git.CommitInfo, base: Trust) -> list[str]:
    """Problems of one pushed commit against its first parent (or nothing, for a root commit)."""
    repo = push.repo
    # a root commit (an orphan history) starts from main as it stands: it may not undo what main holds
    first = commit.parents[0] if commit.parents else (push.main_tip() or git.EMPTY_TREE)
    # a pushed parent passes on the trust it was judged with; a protected one, or none, the push's base
    parent = push.trusts.get(first) or (base if commit.parents else push.base(git.ZERO))
    new, old = CommitTree(commit.sha, repo), CommitTree(first, repo)
    trust, lines = _trust_of(new, parent)
    push.trusts[commit.sha] = trust
    changes = git.tree_changes(first, commit.sha, repo)
    aggregate = len(commit.parents) > 1 or (not commit.parents and first != git.EMPTY_TREE)
    dates = sorted({*_dates(commit), *(_merged_dates(repo, commit) if len(commit.parents) > 1 else [])})
    lines = [r.line() for r in check_transition(old, new, changes, dates, trust, aggregate=aggregate)] + lines
    lines += issue_lines(check_sensitive(new, [c.path for c in changes if c.status != "D"], trust))
    lines += registry_lines(old, new, [p for c in changes for p in (c.path, c.old_path) if p], trust)
    return list(dict.fromkeys(lines))


def check_update(push: Push, old: str, new: str, commits: Sequence[git.CommitInfo]) -> list[str]:
    """A branch's new tip against its old one, as one change: the rules on state, and signoffs.yaml growing."""
    old_tree, new_tree = CommitTree(f"{old}^{{commit}}", push.repo), CommitTree(f"{new}^{{commit}}", push.repo)
    tip = git.git(["rev-parse", f"{new}^{{commit}}"], push.repo).out.strip()
    trust = push.trusts.get(tip) or push.protected_trust(tip)
    changes = git.tree_changes(f"{old}^{{commit}}", f"{new}^{{commit}}", push.repo)
    dates = sorted({d for c in commits for d in _dates(c)}) or [date.max]
    lines = [r.line() for r in check_transition(old_tree, new_tree, changes, dates, trust, aggregate=True)]
    lines += registry_lines(old_tree, new_tree, [layout.SIGNOFFS], trust)
    return lines


def _ref_refusal(repo: Path, new: str, ref: str) -> str | None:
    """Only branches and tags pointing at commits: notes, or a tag on a blob, would carry files unchecked."""
    if not ref.startswith(("refs/heads/", "refs/tags/")):
        return f"{ref}: only branches and tags may be pushed to a review (other refs are not checked)"
    kind = git.git(["cat-file", "-t", f"{new}^{{}}"], repo, check=False).out.strip()
    if kind != "commit":
        return f"{ref}: points at a {kind or 'missing object'}, not a commit; only commits may be pushed"
    return None


def pre_receive(repo: Path, updates: Iterable[str]) -> HookResult:
    result = HookResult()
    main = git.git(["symbolic-ref", "-q", "HEAD"], repo, check=False).out.strip() or "refs/heads/main"
    push = Push(repo, main)
    for line in updates:
        parts = line.split()
        if len(parts) != 3:
            continue
        old, new, ref = parts
        if new == git.ZERO:  # a deleted ref brings nothing, but the main branch holds the trust root
            if ref == main:
                result.lines.append(f"{ref}: the review's main branch may not be deleted "
                                    "(recreating it would drop the chain of readers-list signatures)")
            continue
        refused = _ref_refusal(repo, new, ref)
        if refused:
            result.lines.append(refused)
            continue
        base = push.base(old)
        commits = git.new_commits(new, repo)
        said: set[str] = set()
        for commit in commits:
            if commit.sha not in push.trusts:
                found = check_commit(push, commit, base)
                said |= set(found)
                result.lines += [f"{commit.sha[:10]}: {msg}" for msg in found]
        if old != git.ZERO and ref.startswith("refs/heads/"):  # what no single commit showed
            result.lines += [f"{ref}: {msg}" for msg in check_update(push, old, new, commits) if msg not in said]
    result.lines = list(dict.fromkeys(result.lines))
    return result
