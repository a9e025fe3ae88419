"""family.yaml -> the family the genogram is drawn from (review/family.py), with the position of every id."""

from __future__ import annotations

from datetime import date
from typing import Any

from scr_cli.review.family import Couple, Family, Home, Member, Ref
from scr_cli.review.layout import FAMILY
from scr_cli.review.model import Pos
from scr_cli.store.schema import FamilyFile, FamilyMember
from scr_cli.store.yamlfile import YamlDoc


def _pos(doc: YamlDoc | None, key: tuple[Any, ...]) -> Pos:
    if doc is None:
        return Pos(FAMILY)
    line, col = doc.where(key)
    return Pos(FAMILY, line, col)


def _born(value: date | int | None) -> tuple[int, int, int] | None:
    if isinstance(value, date):
        return (value.year, value.month, value.day)
    return (value, 0, 0) if value is not None else None


def _member(m: FamilyMember, i: int, doc: YamlDoc | None) -> Member:
    refs = tuple(Ref(p, _pos(doc, ("members", i, "parents", j))) for j, p in enumerate(m.parents))
    return Member(
        m.id or f"#{i + 1}",  # an entry without an id can be drawn but not named in a relationship
        m.pseudonym, m.real_names[0] if m.real_names else m.pseudonym, _pos(doc, ("members", i)),
        m.sex, m.subject, m.deceased, _born(m.born), refs, m.id is not None,
    )


def family_of(model: FamilyFile, doc: YamlDoc | None) -> Family:
    """The family with every member, couple and household, each id with where it is written."""
    members = tuple(_member(m, i, doc) for i, m in enumerate(model.members))
    couples = tuple(
        Couple(Ref(c.partners[0], _pos(doc, ("partnerships", i, "partners", 0))),
               Ref(c.partners[1], _pos(doc, ("partnerships", i, "partners", 1))),
               c.status, _pos(doc, ("partnerships", i)))
        for i, c in enumerate(model.partnerships)
    )
    homes = tuple(
        Home(tuple(Ref(r, _pos(doc, ("households", i, "members", j))) for j, r in enumerate(h.members)),
             _pos(doc, ("households", i)), h.label)
        for i, h in enumerate(model.households)
    )
    return Family(members, couples, homes)
