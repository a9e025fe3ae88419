"""The rules for drafts, as pure functions over two versions of a document (before and after a commit).

- A draft whose body changes must raise `version` by exactly one and carry the commit's date.
- A date in the future, or before the previous draft's date, is refused.
- Whitespace-only or front-matter-only changes need no new version.
- A final document is frozen: its content may change only after `scr draft reopen` logged a reason.
- A document may become final only with every sign-off the regime requires, valid and current.
Each rule refuses with one line naming the file and the command that fixes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scr_cli.review.regime import DocumentSpec
from scr_cli.review.signoff import Requirement


@dataclass(frozen=True)
class Snapshot:
    """One version of a document as git stores it."""

    path: str
    version: int | None
    date: date | None
    status: str
    body_key: str  # hash of the normalised body: equal keys mean no change that needs a new version
    content: str  # the sign-off fingerprint (body and the front-matter fields that matter)


@dataclass(frozen=True)
class Refusal:
    """A change the draft rules refuse: the file, what is wrong, and the command that fixes it."""

    path: str
    message: str
    fix: str

    def line(self) -> str:
        return f"{self.path}: {self.message} — run `{self.fix}`"


def _bump(path: str) -> str:
    return f"scr draft bump {path}"


def check_change(
    old: Snapshot | None,
    new: Snapshot,
    spec: DocumentSpec | None,
    commit_dates: Sequence[date],
    reopened: bool,
    missing: Sequence[Requirement] = (),
    why: str = "",
    aggregate: bool = False,
) -> Refusal | None:
    """The first rule the change breaks, or None.

    `commit_dates`: the dates the commit may carry (today, or its author and committer dates); `reopened`: this
    change logs a reopen of the document; `missing`: sign-offs still lacking in the new tree (only consulted
    when the document becomes final); `why`: what is wrong with a sign-off that was given but does not count
    (stale, or invalid and why); `aggregate`: the change spans several commits (a merge), each already held to
    the one-step rules (a version rises by one, a new draft carries its commit's date), so only the rules on
    state apply.
    """
    dated = spec is not None and spec.dated_drafts
    return ((_dating(old, new, max(commit_dates)) if dated else None)
            or _frozen(old, new, reopened)
            or (_versioning(old, new, commit_dates, aggregate) if dated else None)
            or _signoffs(old, new, missing, why))


def _dating(old: Snapshot | None, new: Snapshot, latest: date) -> Refusal | None:
    """A dated draft's version and date are there, not in the future, and not before the previous draft's."""
    path = new.path
    if new.version is None or new.date is None:
        return Refusal(path, "front matter needs a whole-number version and an ISO date", _bump(path))
    if new.date > latest:
        return Refusal(path, f"date {new.date} is in the future (commit date {latest})", _bump(path))
    if old is not None and old.date is not None and new.date < old.date:
        return Refusal(path, f"date {new.date} is before the previous draft's date {old.date}", _bump(path))
    return None


def _frozen(old: Snapshot | None, new: Snapshot, reopened: bool) -> Refusal | None:
    """A final document stays final and unchanged unless a reopen was logged."""
    if old is None or old.status != "final":
        return None
    reopen = f'scr draft reopen {new.path} --reason "..."'
    if new.status != "final" and not reopened:
        return Refusal(new.path, "a final document was turned back into a draft without a logged reason", reopen)
    if new.status == "final" and new.content != old.content:
        return Refusal(
            new.path,
            "the document is final and frozen; its text, or a file it includes or shows, changed",
            reopen,
        )
    return None


def _versioning(old: Snapshot | None, new: Snapshot, commit_dates: Sequence[date], aggregate: bool
                ) -> Refusal | None:
    """A changed body raises the version by exactly one, and a new draft carries the commit's date.

    Across several commits (`aggregate`) only the first holds: each commit was held to the others.
    """
    if old is None or old.version is None or new.version is None:
        return None
    path = new.path
    if new.version < old.version:
        return Refusal(path, f"version went down from {old.version} to {new.version}", _bump(path))
    if aggregate:
        return None
    if new.body_key != old.body_key and new.version == old.version:
        return Refusal(path, f"the body changed but version is still {new.version}", _bump(path))
    if new.version > old.version + 1:
        return Refusal(path, f"version jumps from {old.version} to {new.version}", _bump(path))
    if new.version == old.version + 1 and new.date not in commit_dates:
        return Refusal(
            path,
            f"a new draft (v{new.version}) must carry the commit date {max(commit_dates)}, not {new.date}",
            _bump(path),
        )
    return None


def _signoffs(old: Snapshot | None, new: Snapshot, missing: Sequence[Requirement], why: str) -> Refusal | None:
    """A document becomes final only with every sign-off it needs."""
    becomes_final = new.status == "final" and not (old is not None and old.status == "final")
    if not becomes_final or not missing:
        return None
    first = missing[0]
    more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
    because = f" (the sign-off given is {why})" if why else ""
    return Refusal(
        new.path,
        f"cannot be final without a valid, current sign-off by {first.describe()}{more}{because}",
        f"scr signoff {new.path} --as {first.role}",
    )


def reopened_paths(
    old_events: Sequence[dict[str, object]], new_events: Sequence[dict[str, object]], reopen_event: str
) -> set[str]:
    """Documents for which the change adds a reopen event (the regime's `scr_events.reopened`) to log.yaml."""

    def count(events: Sequence[dict[str, object]]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for e in events:
            if reopen_event and e.get("event") == reopen_event and isinstance(e.get("document"), str):
                key = str(e["document"])
                seen[key] = seen.get(key, 0) + 1
        return seen

    before, after = count(old_events), count(new_events)
    return {p for p, n in after.items() if n > before.get(p, 0)}
