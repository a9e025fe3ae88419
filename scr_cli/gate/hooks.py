"""`scr hook pre-commit`: the rules on what the next commit stores (the shared remote's gate is gate/receive.py).

pre-commit compares the index (GIT_INDEX_FILE honoured) with HEAD, reading git objects only: the draft and
sign-off rules (gate/transition.py), default deny and ciphertext checks (gate/sensitive.py), signoffs.yaml
only growing, people.yaml agreeing with the signed readers list, and, from this member's own lock cache and
unlocked family.yaml, no pasted sensitive paragraph or real name (gate/pasted.py). The readers list is
verified with gpg only when a rule needs it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from scr_cli.adapters import git
from scr_cli.crypto.readers import load_readers, verified_readers
from scr_cli.errors import DataError, ToolFailed
from scr_cli.gate.gittree import CommitTree, IndexTree
from scr_cli.gate.pasted import pasted_lines
from scr_cli.gate.sensitive import check_sensitive
from scr_cli.gate.signatures import signoffs_problems
from scr_cli.gate.transition import check_transition
from scr_cli.gate.trust import Trust, people_lines
from scr_cli.review import layout
from scr_cli.review.model import Issue
from scr_cli.store.settings import regime_facts
from scr_cli.store.tree import Tree


@dataclass
class HookResult:
    """What a hook refuses, as lines for stderr; no lines means the change may go in."""

    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.lines


def issue_lines(issues: Iterable[Issue]) -> list[str]:
    return [f"{i.path}: {i.message}" + (f" — {i.hint}" if i.hint else "") for i in issues]


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


def registry_lines(old: Tree, new: Tree, changed: Sequence[str], trust: Trust) -> list[str]:
    """signoffs.yaml only grows; people.yaml says nothing the signed readers list does not."""
    lines = signoffs_problems(old, new) if layout.SIGNOFFS in changed else []
    if layout.PEOPLE in changed or layout.READERS in changed:
        if layout.READERS in changed:
            readers = trust.get()
        else:  # the list is the committed one: compare without running gpg
            try:
                readers = load_readers(new.read) if new.read(layout.READERS) is not None else None
            except DataError:
                readers = None
        lines += people_lines(new.read(layout.PEOPLE), readers, regime_facts(new).signing_roles)
    return lines


def _against_merged(repo: Path, index: Tree, merging: Sequence[str], dates: Sequence[date], trust: Trust
                    ) -> list[str]:
    """A merge is judged against every side too, on the rules about state.

    Whichever parent is the protected line (the shared remote knows; this machine does not), nothing enters
    it that could not enter directly.
    """
    lines: list[str] = []
    for rev in merging:
        other = CommitTree(rev, repo)
        changes = git.staged_changes(repo, rev)
        lines += [r.line() for r in check_transition(other, index, changes, dates, trust, aggregate=True)]
        lines += signoffs_problems(other, index)
    return lines


def pre_commit(repo: Path, today: date) -> HookResult:
    try:
        changes = git.staged_changes(repo)
    except ToolFailed:
        git.toplevel(repo)  # outside a repository: say so plainly (exit 2) rather than relay git's usage error
        raise
    dates = [today, *filter(None, (_env_date(os.environ.get(k)) for k in ("GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE")))]
    base = CommitTree("HEAD", repo)  # on an unborn branch every `HEAD:path` reads as missing
    index = IndexTree(repo)
    trust = Trust(lambda: verified_readers(index.read, base.read))
    present = [c.path for c in changes if c.status != "D"]
    merging = git.merge_heads(repo)
    if merging:  # the commits merged in met the one-step rules each; their dates count
        dates += [date.fromisoformat(d[:10]) for m in merging for d in git.commit_dates(f"HEAD..{m}", repo)]
    result = HookResult([r.line() for r in check_transition(base, index, changes, dates, trust, bool(merging))])
    result.lines += _against_merged(repo, index, merging, dates, trust)
    result.lines += issue_lines(check_sensitive(index, present, trust))
    result.lines += registry_lines(base, index, [p for c in changes for p in (c.path, c.old_path) if p], trust)
    result.lines += pasted_lines(repo, base, index, present)
    result.lines = list(dict.fromkeys(result.lines))
    return result
