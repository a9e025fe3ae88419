"""Who reads each sensitive file: its scope, worked out from the readers' roles and agencies and the regime.

`pass` keeps a `.gpg-id` per folder; here nothing but the chair-signed readers list grants reading, so a
file's scope is derived from what that list binds (each reader's roles and agency) and the regime's rules:
- the regime's `core` roles read every sensitive file;
- its `agency` roles read their own agency's folder, `05-imr/AGENCY/**`;
- whoever must sign a document reads it (the document's sign-off roles; in an agency's folder only that
  agency's holders; an interview record only the interviewee it is named after), since a sign-off is made
  on the plaintext;
- once a circulation event is in the log (the IMRs, then the draft overview report, sent round the panel),
  its `circulated` roles read the documents it names, every agency's alike: the log says when, the signed
  list still says who.
A list that records no roles at all (signed by an older scr) keeps every reader reading every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from scr_cli.review.layout import IMR_FOLDER, matches


@dataclass(frozen=True)
class SignerRule:
    """A document's path (a glob) and the roles that sign it, so read it.

    `named`: only the holder the file is named after signs it, so only they read it (an interview record,
    05-imr/police/interviews/pc-ash.md, to pc-ash, not to every interviewee of the police).
    """

    path: str
    roles: frozenset[str]
    named: bool = False


def named_after(path: str) -> str:
    """The person a file is named after: its name without the extension."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]


@dataclass(frozen=True)
class CirculationRule:
    """Documents (globs) that `roles` read once `event` is in the log: papers sent round the panel."""

    event: str
    roles: frozenset[str]
    paths: tuple[str, ...]


@dataclass(frozen=True)
class ScopeRules:
    """The regime's reading rules: core roles, agency roles, each document's signing roles, circulations."""

    core: frozenset[str]
    agency: frozenset[str] = frozenset()
    signers: tuple[SignerRule, ...] = ()
    circulated: tuple[CirculationRule, ...] = ()

    @property
    def roles(self) -> frozenset[str]:
        """Every role that gives a reader something to read."""
        return (self.core | self.agency | frozenset(r for s in self.signers for r in s.roles)
                | frozenset(r for c in self.circulated for r in c.roles))

    def circulated_to(self, path: str, logged: frozenset[str]) -> frozenset[str]:
        """The roles that read `path` because a circulation naming it is logged."""
        return frozenset(r for c in self.circulated if c.event in logged and matches(path, list(c.paths))
                         for r in c.roles)


@dataclass(frozen=True)
class Holder:
    """A reader as the signed list binds them: their roles and the agency they hold them for."""

    person: str
    roles: tuple[str, ...]
    agency: str | None


def folder_agency(path: str) -> str | None:
    """The agency whose folder holds `path` (`05-imr/AGENCY/...`), or None."""
    parts = path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == IMR_FOLDER and parts[1] else None


def label(path: str) -> str:
    """The name of a path's scope as people read it: its agency's folder, or the core readers."""
    agency = folder_agency(path)
    return f"{IMR_FOLDER}/{agency}/" if agency else "core"


def describe(path: str) -> str:
    """A path's scope in words, for an error about a ciphertext's recipients."""
    agency = folder_agency(path)
    return f"the core readers and {agency}'s own" if agency else "the core readers"


def scope(rules: ScopeRules, holders: Iterable[Holder], path: str,
          logged: frozenset[str] = frozenset()) -> frozenset[str]:
    """The persons who read `path` (its plaintext path, without `.gpg`); `logged`: the events in the log."""
    found = list(holders)
    if not any(h.roles for h in found):
        return frozenset(h.person for h in found)
    agency = folder_agency(path)
    wanted = set(rules.core) | rules.circulated_to(path, logged)
    local: set[str] = set(rules.agency) if agency else set()
    named: set[str] = set()  # roles that read the file only as the person it is named after
    for rule in rules.signers:
        if matches(path, [rule.path]):
            (named if rule.named else local if agency else wanted).update(rule.roles)
    person = named_after(path)
    return frozenset(h.person for h in found
                     if wanted & set(h.roles)
                     or (agency is not None and h.agency == agency and local & set(h.roles))
                     or (h.person == person and (agency is None or h.agency == agency) and named & set(h.roles)))


def reads(rules: ScopeRules, holder: Holder, holders: Sequence[Holder], sensitive: Callable[[str], bool],
          logged: frozenset[str] = frozenset()) -> str:
    """What one reader reads, in words for `scr keys list` (`sensitive`: whether a document path is sensitive)."""
    if not any(h.roles for h in holders) or rules.core & set(holder.roles):
        return "every sensitive file"
    parts: list[str] = []
    if holder.agency and rules.agency & set(holder.roles):
        parts.append(f"{IMR_FOLDER}/{holder.agency}/**")
    for rule in rules.signers:
        if not (rule.roles & set(holder.roles)) or not sensitive(rule.path):
            continue
        where = rule.path.split("/")
        if len(where) > 2 and where[0] == IMR_FOLDER:
            if not holder.agency:
                continue
            where[1] = holder.agency
        if rule.named:  # their own record only
            where[-1] = where[-1].replace("*", holder.person, 1)
        shown = "/".join(where)
        if not any(matches(shown, [p]) or shown.startswith(p.removesuffix("**")) for p in parts):
            parts.append(shown)
    for circulation in rules.circulated:
        if circulation.roles & set(holder.roles):
            event = circulation.event
            when = f"({event} logged)" if event in logged else f"once {event} is logged"
            parts.append(f"{', '.join(circulation.paths)} {when}")
    return ", ".join(parts) or "nothing (no reading role)"
