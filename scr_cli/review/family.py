"""The family as the genogram sees it: members, who is whose parent, couples, households, and their checks.

store/family.py builds these values from family.yaml with the position of every id; `family_issues`
judges the relationships (an unknown id, a member their own parent, a cycle of parenthood, two subject
children, ...) and the genogram layout (review/genogram.py) reads them. Nothing here names anyone: messages
speak of ids and pseudonyms only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from scr_cli.review.model import Issue, Pos

Sex = Literal["male", "female", "unknown"]
Status = Literal["married", "partners", "separated", "divorced"]


@dataclass(frozen=True)
class Ref:
    """An id written in a relationship, with where it was written."""

    id: str
    pos: Pos


@dataclass(frozen=True)
class Member:
    """One family member: id, pseudonym, the name a restricted edition shows, and what the genogram draws."""

    id: str
    pseudonym: str
    name: str  # the first real name, else the pseudonym
    pos: Pos
    sex: Sex = "unknown"
    subject: bool = False
    deceased: bool = False
    born: tuple[int, int, int] | None = None  # (year, month, day); a year alone is (year, 0, 0)
    parents: tuple[Ref, ...] = ()
    id_given: bool = True  # False: the entry has no id (its position stands in for one)


@dataclass(frozen=True)
class Couple:
    """Two members who are or were a couple."""

    a: Ref
    b: Ref
    status: Status
    pos: Pos


@dataclass(frozen=True)
class Home:
    """A household: members living together."""

    members: tuple[Ref, ...]
    pos: Pos
    label: str = ""


@dataclass(frozen=True)
class Family:
    """Everything family.yaml says about who the family are to one another."""

    members: tuple[Member, ...]
    couples: tuple[Couple, ...] = ()
    homes: tuple[Home, ...] = ()
    ids: dict[str, Member] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        for m in self.members:
            self.ids.setdefault(m.id, m)

    def drawable(self) -> bool:
        """Whether there is anything to draw beyond a list of names: a relationship of any kind."""
        return bool(self.couples or self.homes or any(m.parents for m in self.members))


HINT_ID = "use the id of a member listed under members:"


def _refs(family: Family) -> Iterator[Ref]:
    for m in family.members:
        yield from m.parents
    for c in family.couples:
        yield c.a
        yield c.b
    for h in family.homes:
        yield from h.members


def _identity_issues(family: Family) -> list[Issue]:
    out: list[Issue] = []
    seen: set[str] = set()
    for m in family.members:
        if m.id_given and m.id in seen:
            out.append(Issue.at(m.pos, "family-id", f"the id '{m.id}' is used by two members",
                                "give each member an id of their own"))
        seen.add(m.id)
    subjects = [m for m in family.members if m.subject]
    for extra in subjects[1:]:
        out.append(Issue.at(extra.pos, "family-subject", f"'{extra.pseudonym}' is a second subject child",
                            f"only one member is the subject (the first is '{subjects[0].pseudonym}')"))
    for ref in _refs(family):
        if ref.id not in family.ids or not family.ids[ref.id].id_given:
            out.append(Issue.at(ref.pos, "family-unknown", f"no member has the id '{ref.id}'", HINT_ID))
    return out


def _parent_issues(family: Family) -> list[Issue]:
    out: list[Issue] = []
    for m in family.members:
        ids = [p.id for p in m.parents]
        for p in m.parents:
            if p.id == m.id:
                out.append(Issue.at(p.pos, "family-parent", f"'{m.pseudonym}' is listed as their own parent",
                                    "list this member's mother and father, not the member"))
        if len(ids) == 2 and ids[0] == ids[1]:
            out.append(Issue.at(m.parents[1].pos, "family-parent", f"'{m.pseudonym}' has the same parent twice",
                                "list each parent once"))
    for m in _in_cycles(family):
        out.append(Issue.at(m.pos, "family-cycle", f"'{m.pseudonym}' is their own ancestor (a cycle of parents)",
                            "check the parents: of each pair, one is the other's child"))
    return out


def _couple_issues(family: Family) -> list[Issue]:
    out: list[Issue] = []
    pairs: set[frozenset[str]] = set()
    for c in family.couples:
        pair = frozenset((c.a.id, c.b.id))
        if len(pair) == 1:
            out.append(Issue.at(c.b.pos, "family-partner", f"'{c.a.id}' is listed as their own partner",
                                "a partnership names two different members"))
        elif pair in pairs:
            out.append(Issue.at(c.pos, "family-partner", f"'{c.a.id}' and '{c.b.id}' are listed as a couple twice",
                                "keep one entry, with the status it has now"))
        pairs.add(pair)
        if c.a.id in ancestors(family, c.b.id) or c.b.id in ancestors(family, c.a.id):
            out.append(Issue.at(c.pos, "family-partner", f"'{c.a.id}' and '{c.b.id}' are parent and child",
                                "check the ids of the partnership and the parents"))
    for h in family.homes:
        ids = [r.id for r in h.members]
        for r in h.members[1:]:
            if ids.count(r.id) > 1 and ids.index(r.id) < h.members.index(r):
                out.append(Issue.at(r.pos, "family-household", f"'{r.id}' is listed twice in one household",
                                    "list each member once"))
    return out


def family_issues(family: Family) -> list[Issue]:
    """Every problem with the relationships, each at the id (or entry) that is wrong."""
    return _identity_issues(family) + _parent_issues(family) + _couple_issues(family)


def parents_of(family: Family, member_id: str) -> list[str]:
    """The known parents of a member (ids that name no member are left out)."""
    m = family.ids.get(member_id)
    return [p.id for p in m.parents if p.id in family.ids and p.id != member_id] if m else []


def ancestors(family: Family, member_id: str) -> set[str]:
    """Every ancestor of a member; safe on a cycle (the walk never visits anyone twice)."""
    found: set[str] = set()
    todo = parents_of(family, member_id)
    while todo:
        one = todo.pop()
        if one not in found:
            found.add(one)
            todo += parents_of(family, one)
    return found


def _in_cycles(family: Family) -> list[Member]:
    return [m for m in family.members if m.id in ancestors(family, m.id) and m.id_given]


def siblings(family: Family, member_id: str) -> list[str]:
    """Brothers and sisters, full or half: members sharing a parent, in birth order where known."""
    mine = set(parents_of(family, member_id))
    found = [m for m in family.members if m.id != member_id and mine & set(parents_of(family, m.id))]
    return [m.id for m in sorted(found, key=birth_key)]


def birth_key(m: Member) -> tuple[int, tuple[int, int, int]]:
    """Sort key: members with a birth date or year first, oldest first; the rest in file order."""
    return (0, m.born) if m.born else (1, (0, 0, 0))
