"""The genogram layout (review/genogram.py): properties over random families, and the conventions by example.

Pure: no files. Families are built as review/family.py values directly; every name is invented.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from scr_cli.review.family import Couple, Family, Home, Member, Ref, Sex, Status
from scr_cli.review.genogram import CELL, LABEL, SIZE, Drawing, generations, layout
from scr_cli.review.model import Pos

HERE = Pos("family.yaml", 1, 1)
SEXES: tuple[Sex, ...] = ("male", "female", "unknown")
STATUSES: tuple[Status, ...] = ("married", "partners", "separated", "divorced")


def member(mid: str, sex: Sex = "unknown", parents: tuple[str, ...] = (), born: int | None = None,
           **extra: bool) -> Member:
    return Member(mid, mid.title(), mid.title(), HERE, sex, parents=tuple(Ref(p, HERE) for p in parents),
                  born=(born, 0, 0) if born else None, **extra)


def couple(a: str, b: str, status: Status = "partners") -> Couple:
    return Couple(Ref(a, HERE), Ref(b, HERE), status, HERE)


@st.composite
def families(draw: st.DrawFn) -> Family:
    """Acyclic families: each member's parents come from earlier members; couples between any two."""
    n = draw(st.integers(1, 12))
    members = []
    for i in range(n):
        parents = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        members.append(member(f"p{i}", draw(st.sampled_from(SEXES)), tuple(f"p{j}" for j in parents),
                              draw(st.one_of(st.none(), st.integers(1950, 2025)))))
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n))
    couples = tuple(couple(f"p{a}", f"p{b}", draw(st.sampled_from(STATUSES))) for a, b in pairs if a != b)
    homes = tuple(Home(tuple(Ref(f"p{i}", HERE) for i in draw(st.lists(st.integers(0, n - 1), min_size=1,
                                                                        max_size=n, unique=True))), HERE)
                  for _ in range(draw(st.integers(0, 2))))
    return Family(tuple(members), couples, homes)


def overlapping(d: Drawing) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(d.shapes):
        for b in d.shapes[i + 1:]:
            apart_x = a.x + CELL <= b.x or b.x + CELL <= a.x
            apart_y = a.y + SIZE + LABEL <= b.y or b.y + SIZE + LABEL <= a.y
            if not (apart_x or apart_y):
                found.append((a.member, b.member))
    return found


@settings(max_examples=200, deadline=None)
@given(families())
def test_no_two_members_overlap_and_every_child_is_below_its_parents(family: Family) -> None:
    d = layout(family)
    assert len(d.shapes) == len(family.members)
    assert overlapping(d) == []
    for m in family.members:
        for p in m.parents:
            assert d.shape(m.id).y > d.shape(p.id).y, (m.id, p.id)
    for s in d.shapes:  # everything inside the drawing
        assert s.x >= 0 and s.x + CELL <= d.width and s.y >= 0 and s.bottom + LABEL <= d.height
    for ln in d.lines:
        assert min(ln.x1, ln.x2) >= 0 and max(ln.x1, ln.x2) <= d.width


@settings(max_examples=100, deadline=None)
@given(families(), st.data())
def test_a_cycle_of_parents_is_cut_and_still_drawn(family: Family, data: st.DataObject) -> None:
    """`scr check` refuses a cycle; the layout, given one anyway, ends and draws every member apart."""
    first = family.members[0]
    last = data.draw(st.sampled_from(family.members))
    looped = Family((first.__class__(**{**first.__dict__, "parents": (Ref(last.id, HERE),)}),
                     *family.members[1:]), family.couples, family.homes)
    d = layout(looped)
    assert len(d.shapes) == len(family.members)
    assert overlapping(d) == []


def test_a_couple_sits_side_by_side_with_their_child_centred_beneath() -> None:
    fam = Family((member("mum", "female"), member("dad", "male"), member("kid", "female", ("mum", "dad"))),
                 (couple("mum", "dad"),))
    d = layout(fam)
    mum, dad, kid = d.shape("mum"), d.shape("dad"), d.shape("kid")
    assert mum.y == dad.y < kid.y
    assert abs(mum.x - dad.x) == CELL  # side by side
    assert kid.cx == (mum.cx + dad.cx) / 2
    assert (mum.kind, dad.kind, kid.kind) == ("circle", "square", "circle")


def test_siblings_stand_in_birth_order_and_a_partner_joins_the_row_of_the_other() -> None:
    fam = Family((
        member("mum", "female"), member("dad", "male"),
        member("young", parents=("mum", "dad"), born=2020), member("old", parents=("mum", "dad"), born=2012),
        member("middle", parents=("mum", "dad"), born=2016), member("in-law", "male"),
    ), (couple("mum", "dad"), couple("old", "in-law")))
    d = layout(fam)
    xs = [d.shape(k).cx for k in ("old", "middle", "young")]
    assert xs == sorted(xs)
    assert d.shape("in-law").y == d.shape("old").y  # the in-law has no parents listed, yet sits in the row
    assert generations(fam)["in-law"] == 1


def test_separation_and_divorce_are_strokes_across_the_couples_line() -> None:
    for status, strokes in (("married", 0), ("partners", 0), ("separated", 1), ("divorced", 2)):
        fam = Family((member("a", "female"), member("b", "male")), (couple("a", "b", status),))
        lines = layout(fam).lines
        assert sum(1 for ln in lines if ln.kind == "break") == strokes, status
        assert sum(1 for ln in lines if ln.kind == "couple") == 1


def test_a_household_outline_goes_round_its_members_only() -> None:
    fam = Family((member("mum", "female"), member("dad", "male"), member("kid", parents=("mum", "dad"))),
                 (couple("mum", "dad", "separated"),), (Home((Ref("mum", HERE), Ref("kid", HERE)), HERE, "home"),))
    d = layout(fam)
    (outline,) = d.outlines
    xs = [x for x, _ in outline.points]
    mum, dad = d.shape("mum"), d.shape("dad")
    assert min(xs) < d.shape("kid").cx < max(xs)
    row = [x for x, y in outline.points if mum.y - 10 <= y <= mum.bottom + LABEL + 10]
    assert min(row) <= mum.cx <= max(row) and not min(row) <= dad.cx <= max(row)
