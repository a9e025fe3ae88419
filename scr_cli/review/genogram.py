"""Where each member of a genogram stands: generations in rows, couples side by side, children under parents.

A pure layout (no drawing, no names): `layout(family)` gives each member a cell in a row and the lines
between them, in abstract units; publish/genogram_svg.py turns that into an SVG. The generation of a member
is one below their lowest parent (a cycle of parents, which `scr check` reports, is cut where it closes);
partners share a row when that keeps every child below its parents. Within a row, couples sit together,
brothers and sisters in birth order, each group centred under its parents as far as the row leaves room.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scr_cli.review.family import Family, Member, Status, ancestors, birth_key, parents_of

CELL = 130.0  # width of a member's cell: the symbol and its name beneath
SIZE = 40.0  # the symbol (square, circle, diamond)
LABEL = 46.0  # up to three lines of name under the symbol
ROW = 160.0  # from one generation's top to the next
GAP = 20.0  # between two cells of a row that are not a couple
MARGIN = 30.0

LineKind = Literal["couple", "descent", "siblings", "break"]


@dataclass(frozen=True)
class Shape:
    """One member's symbol: top-left corner of the cell, the symbol's kind and marks."""

    member: str
    x: float  # left edge of the cell
    y: float  # top of the symbol
    kind: Literal["square", "circle", "diamond"]
    subject: bool
    deceased: bool

    @property
    def cx(self) -> float:
        return self.x + CELL / 2

    @property
    def bottom(self) -> float:
        return self.y + SIZE


@dataclass(frozen=True)
class Line:
    """A straight line: a couple's line, a line of descent, a sibling bar, or a stroke marking a separation."""

    x1: float
    y1: float
    x2: float
    y2: float
    kind: LineKind


@dataclass(frozen=True)
class Outline:
    """A household: a closed polygon around its members, row by row."""

    points: tuple[tuple[float, float], ...]
    label: str


@dataclass(frozen=True)
class Drawing:
    """The laid-out genogram: its size, every member's shape, the lines and the household outlines."""

    width: float
    height: float
    shapes: tuple[Shape, ...]
    lines: tuple[Line, ...]
    outlines: tuple[Outline, ...]

    def shape(self, member: str) -> Shape:
        return next(s for s in self.shapes if s.member == member)


KIND = {"male": "square", "female": "circle", "unknown": "diamond"}


def _longest_path(family: Family) -> dict[str, int]:
    """Generation from parent links: 0 without parents, else one more than the lowest parent (cycle-safe)."""
    gen: dict[str, int] = {}

    def walk(member: str, path: frozenset[str]) -> int:
        if member in gen:
            return gen[member]
        ups = [p for p in parents_of(family, member) if p not in path]  # a parent on the path closes a cycle
        gen[member] = 1 + max((walk(p, path | {member}) for p in ups), default=-1)
        return gen[member]

    for m in family.members:
        walk(m.id, frozenset())
    return gen


def generations(family: Family) -> dict[str, int]:
    """Each member's row; partners are moved level when no child then sits at or above a parent."""
    base = _longest_path(family)
    cyclic = {m.id for m in family.members if m.id in ancestors(family, m.id)}
    gen = dict(base)
    couples = [(c.a.id, c.b.id) for c in family.couples
               if c.a.id in gen and c.b.id in gen and c.a.id != c.b.id and not {c.a.id, c.b.id} & cyclic]
    couples = [(a, b) for a, b in couples if a not in ancestors(family, b) and b not in ancestors(family, a)]
    descent = [(p, m.id) for m in family.members if m.id not in cyclic
               for p in parents_of(family, m.id) if p not in cyclic]
    for _ in range(2 * len(gen) + 2):  # each pass lowers someone; more passes than that means no fixed point
        before = dict(gen)
        for a, b in couples:
            gen[a] = gen[b] = max(gen[a], gen[b])
        for parent, child in descent:
            gen[child] = max(gen[child], gen[parent] + 1)
        if gen == before:
            return gen
    return base  # the couples pull against the parents (the two families intertwine): rows by descent only


def _blocks(family: Family, row: list[str]) -> list[list[str]]:
    """A row's members in couples: each block is a chain of partners (one with two partners in the middle)."""
    partners: dict[str, list[str]] = {m: [] for m in row}
    for c in family.couples:
        if c.a.id in partners and c.b.id in partners and c.a.id != c.b.id and c.b.id not in partners[c.a.id]:
            partners[c.a.id].append(c.b.id)
            partners[c.b.id].append(c.a.id)
    placed: set[str] = set()
    blocks: list[list[str]] = []
    for m in row:
        if m in placed:
            continue
        hub = max(_component(partners, m), key=lambda x: (len(partners[x]), -row.index(x)))
        block = [hub]
        for i, other in enumerate(o for o in _component(partners, hub) if o != hub):
            block = [other, *block] if i % 2 == 0 else [*block, other]
        placed.update(block)
        blocks.append(block)
    return blocks


def _component(partners: dict[str, list[str]], start: str) -> list[str]:
    seen = [start]
    for one in seen:
        seen += [p for p in partners[one] if p not in seen]
    return seen


@dataclass
class _Group:
    blocks: list[list[str]]
    centre: float | None  # where its parents' line of descent comes down; None: no parents above

    @property
    def width(self) -> float:
        cells = sum(len(b) for b in self.blocks)
        return cells * CELL + (len(self.blocks) - 1) * GAP


def _groups(family: Family, blocks: list[list[str]], xs: dict[str, float]) -> list[_Group]:
    """Blocks gathered by the parents of their first member with parents above, in order under them."""
    by_parents: dict[tuple[str, ...], _Group] = {}
    keyed: list[tuple[tuple[float, tuple[int, tuple[int, int, int]], int], _Group]] = []
    for n, block in enumerate(blocks):
        with_parents = [m for m in block if any(p in xs for p in parents_of(family, m))]
        anchor = max(with_parents, key=lambda m: _partners(family, m), default=None)  # the hub's family first
        ups = tuple(sorted(p for p in parents_of(family, anchor) if p in xs)) if anchor else ()
        if ups and ups in by_parents:
            by_parents[ups].blocks.append(block)
            continue
        centre = sum(xs[p] for p in ups) / len(ups) if ups else None
        group = _Group([block], centre)
        if ups:
            by_parents[ups] = group
        member = family.ids[anchor] if anchor else None
        keyed.append(((centre if centre is not None else -1.0, _born(member), n), group))
    for group in by_parents.values():  # brothers and sisters in birth order, file order among the rest
        group.blocks.sort(key=lambda b: _born(next((family.ids[m] for m in b if parents_of(family, m)), None)))
    return [g for _, g in sorted(keyed, key=lambda k: k[0])]


def _partners(family: Family, member: str) -> int:
    return sum(1 for c in family.couples if member in (c.a.id, c.b.id))


def _born(member: Member | None) -> tuple[int, tuple[int, int, int]]:
    return birth_key(member) if member else (1, (0, 0, 0))


def _place_row(family: Family, row: list[str], xs: dict[str, float]) -> dict[str, float]:
    """Centre x of every cell of one row: groups left to right, each under its parents if there is room."""
    placed: dict[str, float] = {}
    edge: float | None = None
    for group in _groups(family, _blocks(family, row), xs):
        left = group.centre - group.width / 2 if group.centre is not None else (edge or 0.0)
        if edge is not None:
            left = max(left, edge + GAP)
        for block in group.blocks:
            for i, m in enumerate(block):
                placed[m] = left + i * CELL + CELL / 2
            left += len(block) * CELL + GAP
        edge = left - GAP
    return placed


def layout(family: Family) -> Drawing:
    """Lay the family out: a shape per member, the couples' and children's lines, the households' outlines."""
    gen = generations(family)
    rows: dict[int, list[str]] = {}
    for m in family.members:
        rows.setdefault(gen[m.id], []).append(m.id)
    xs: dict[str, float] = {}
    for level in sorted(rows):
        xs.update(_place_row(family, rows[level], xs))
    shift = MARGIN - min((x - CELL / 2 for x in xs.values()), default=0.0)
    order = {level: n for n, level in enumerate(sorted(rows))}
    shapes = tuple(
        Shape(m.id, xs[m.id] - CELL / 2 + shift, MARGIN + order[gen[m.id]] * ROW, KIND[m.sex],  # type: ignore[arg-type]
              m.subject, m.deceased)
        for m in family.members
    )
    drawing = Drawing(0, 0, shapes, (), ())
    width = max((s.x + CELL for s in shapes), default=0.0) + MARGIN
    height = MARGIN + len(rows) * ROW - (ROW - SIZE - LABEL) + MARGIN
    from_lines = _lines(family, drawing)
    outlines = tuple(_outline(drawing, [r.id for r in h.members if r.id in family.ids], h.label)
                     for h in family.homes)
    return Drawing(width, height, shapes, from_lines, tuple(o for o in outlines if o.points))


def _couple_line(a: Shape, b: Shape, status: Status | None) -> tuple[list[Line], tuple[float, float]]:
    """The line between two partners (side to side at mid-height), its strokes, and where children hang from."""
    left, right = sorted((a, b), key=lambda s: (s.cx, s.y))
    y1, y2 = left.y + SIZE / 2, right.y + SIZE / 2
    lines = [Line(left.cx + SIZE / 2, y1, right.cx - SIZE / 2, y2, "couple")]
    mid = ((left.cx + right.cx) / 2, (y1 + y2) / 2)
    strokes = {"separated": 1, "divorced": 2}.get(status or "", 0)
    for n in range(strokes):
        x = mid[0] - 4 * (strokes - 1) + 8 * n - 6
        lines.append(Line(x - 5, mid[1] + 9, x + 5, mid[1] - 9, "break"))
    return lines, mid


def _lines(family: Family, d: Drawing) -> tuple[Line, ...]:
    lines: list[Line] = []
    drops: dict[frozenset[str], tuple[float, float]] = {}  # a couple -> where their children's line starts
    status: dict[frozenset[str], Status] = {frozenset((c.a.id, c.b.id)): c.status for c in family.couples}
    pairs = list(status)
    for m in family.members:
        two = parents_of(family, m.id)
        if len(two) == 2 and frozenset(two) not in pairs:
            pairs.append(frozenset(two))  # parents never listed as a couple still share a line
    for pair in pairs:
        if len(pair) == 2 and all(p in family.ids for p in pair):
            a, b = (d.shape(p) for p in sorted(pair))
            couple, drops[pair] = _couple_line(a, b, status.get(pair))
            lines += couple
    children: dict[frozenset[str], list[Shape]] = {}
    for m in family.members:
        ups = frozenset(parents_of(family, m.id))
        if ups:
            children.setdefault(ups, []).append(d.shape(m.id))
    for n, (ups, kids) in enumerate(children.items()):
        if len(ups) == 1:
            parent = d.shape(next(iter(ups)))
            start = (parent.cx, parent.bottom + LABEL + 4)  # below the parent's name
        else:
            start = drops[ups]
        bar = min(k.y for k in kids) - 24 - 8 * (n % 3)
        xs = [k.cx for k in kids] + [start[0]]
        lines.append(Line(start[0], start[1], start[0], bar, "descent"))
        lines.append(Line(min(xs), bar, max(xs), bar, "siblings"))
        lines += [Line(k.cx, bar, k.cx, k.y, "descent") for k in kids]
    return tuple(lines)


def _outline(d: Drawing, members: list[str], label: str) -> Outline:
    """A polygon down the right of the members' cells row by row and back up their left."""
    rows: dict[float, list[Shape]] = {}
    for m in members:
        s = d.shape(m)
        rows.setdefault(s.y, []).append(s)
    pad, inset = 8.0, CELL / 2 - 8  # round the symbols and most of the names, clear of a couple's line
    right: list[tuple[float, float]] = []
    left: list[tuple[float, float]] = []
    for y in sorted(rows):
        lo = min(s.cx for s in rows[y]) - inset
        hi = max(s.cx for s in rows[y]) + inset
        top, bottom = y - pad, y + SIZE + LABEL + pad
        right += [(hi, top), (hi, bottom)]
        left = [(lo, bottom), (lo, top), *left]
    return Outline(tuple(right + left), label)
