"""Process rules as values: stages, events, clocks, sign-offs and independence, read from a regime file.

The code below knows the *kinds* of rule (a clock counted in working days, a not-also independence rule);
which clocks and rules exist is data in scr_cli/data/regimes/*.yaml.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FieldSpec:
    """An extra field an event may or must carry in log.yaml, and the kind of value it holds."""

    name: str
    type: str  # text | date | choice | person | agency
    required: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class EventSpec:
    """An event the regime knows: its id and title, and the extra fields it carries."""

    id: str
    title: str
    fields: tuple[FieldSpec, ...] = ()


@dataclass(frozen=True)
class Condition:
    """A test on a logged event: true when the event's field equals a value."""

    event: str
    field: str
    equals: str


@dataclass(frozen=True)
class StageSpec:
    """A stage of the review, reached when one of its events is logged (and, if it has one, its condition holds)."""

    id: str
    title: str
    reached_by: tuple[str, ...]
    when: Condition | None = None


@dataclass(frozen=True)
class Length:
    """A span of time a rule allows: working days, days, weeks or months."""

    unit: str  # working_days | days | weeks | months
    amount: int

    def describe(self) -> str:
        names = {"working_days": "working day", "days": "day", "weeks": "week", "months": "month"}
        word = names[self.unit]
        return f"{self.amount} {word}{'' if self.amount == 1 else 's'}"


@dataclass(frozen=True)
class ClockSpec:
    """A statutory clock: the event it runs from (or must come before), how long, what meets it, how it is extended."""

    id: str
    title: str
    due: Length
    met_by: tuple[str, ...]
    starts: str | None = None
    before: str | None = None
    requires_also: tuple[str, ...] = ()
    only_if: Condition | None = None
    extended_by: str | None = None
    extension_notified_by: str | None = None
    repeat_until: str | None = None
    not_before: bool = False
    source: str = ""


@dataclass(frozen=True)
class NoticeSpec:
    """An event announcing a later date (held in `date_field`) must come at least `at_least` before that date."""

    id: str
    title: str
    event: str
    date_field: str
    at_least: Length
    source: str = ""


@dataclass(frozen=True)
class SignoffSpec:
    """A sign-off a document needs: the role, and whether one is needed per agency, involved or owner."""

    role: str
    per: str | None = None  # None | agency | involved | owners
    meaning: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """A kind of document: where it lives, whether its drafts are dated, and the sign-offs it needs."""

    id: str
    title: str
    path: str
    dated_drafts: bool
    signoffs: tuple[SignoffSpec, ...] = ()

    def matches(self, path: str) -> bool:
        return fnmatch.fnmatchcase(path, self.path) and path.count("/") == self.path.count("/")


@dataclass(frozen=True)
class IndependenceRule:
    """Who may not hold a role: a holder of certain other roles, an involved agency's employee, or a flagged person."""

    id: str
    role: str
    kind: str  # not-also | not-employed-by-involved | not-flagged
    roles: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class RoleSpec:
    """A role a person may hold, whether only one person may hold it, and whether it belongs to an agency."""

    id: str
    title: str
    unique: bool = False
    agency: bool = False


@dataclass(frozen=True)
class PanelRule:
    """The sectors the people holding a role (the panel) must between them come from."""

    role: str
    must_cover: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class Regime:
    """The rules of one procedure: events and their order, stages, clocks, notices, documents, roles, independence."""

    id: str
    title: str
    events: tuple[EventSpec, ...]
    stages: tuple[StageSpec, ...]
    clocks: tuple[ClockSpec, ...]
    documents: tuple[DocumentSpec, ...]
    independence: tuple[IndependenceRule, ...]
    roles: tuple[RoleSpec, ...]
    panel: PanelRule | None = None
    order: tuple[tuple[str, str], ...] = ()
    notices: tuple[NoticeSpec, ...] = ()
    _event_index: dict[str, EventSpec] = field(default_factory=dict, compare=False, repr=False)

    def event(self, event_id: str) -> EventSpec | None:
        if not self._event_index:
            self._event_index.update({e.id: e for e in self.events})
        return self._event_index.get(event_id)

    def role(self, role_id: str) -> RoleSpec | None:
        return next((r for r in self.roles if r.id == role_id), None)

    def document_for(self, path: str) -> DocumentSpec | None:
        return next((d for d in self.documents if d.matches(path)), None)


def _condition(raw: dict[str, Any] | None) -> Condition | None:
    return Condition(raw["event"], raw["field"], str(raw["equals"])) if raw else None


def _length(raw: dict[str, int]) -> Length:
    (unit, amount), = raw.items()
    return Length(unit, int(amount))


def regime_from_dict(raw: dict[str, Any]) -> Regime:
    """Build a Regime from a regime file already checked against schema.RegimeFile."""
    events = tuple(
        EventSpec(
            e["id"],
            e["title"],
            tuple(
                FieldSpec(name, f.get("type", "text"), bool(f.get("required", False)), tuple(f.get("choices", ())))
                for name, f in (e.get("fields") or {}).items()
            ),
        )
        for e in raw["events"]
    )
    stages = tuple(
        StageSpec(s["id"], s["title"], tuple(s["reached_by"]), _condition(s.get("when"))) for s in raw["stages"]
    )
    clocks = tuple(
        ClockSpec(
            id=c["id"],
            title=c["title"],
            due=_length(c["due"]),
            met_by=tuple(c["met_by"]),
            starts=c.get("starts"),
            before=c.get("before"),
            requires_also=tuple(c.get("requires_also", ())),
            only_if=_condition(c.get("only_if")),
            extended_by=c.get("extended_by"),
            extension_notified_by=c.get("extension_notified_by"),
            repeat_until=c.get("repeat_until"),
            not_before=bool(c.get("not_before", False)),
            source=str(c.get("source", "")),
        )
        for c in raw["clocks"]
    )
    documents = tuple(
        DocumentSpec(
            d["id"],
            d["title"],
            d["path"],
            bool(d.get("dated_drafts", True)),
            tuple(SignoffSpec(s["role"], s.get("per"), s.get("meaning", "")) for s in d.get("signoffs", ())),
        )
        for d in raw["documents"]
    )
    independence = tuple(
        IndependenceRule(
            r["id"], r["role"], r["kind"], tuple(r.get("roles", ())), tuple(r.get("flags", ())),
            str(r.get("source", "")),
        )
        for r in raw.get("independence", ())
    )
    roles = tuple(
        RoleSpec(r["id"], r["title"], bool(r.get("unique", False)), bool(r.get("agency", False)))
        for r in raw.get("roles", ())
    )
    panel_raw = raw.get("panel")
    panel = (
        PanelRule(panel_raw["role"], tuple(panel_raw["must_cover"]), str(panel_raw.get("source", "")))
        if panel_raw
        else None
    )
    order = tuple((str(a), str(b)) for a, b in raw.get("order", ()))
    notices = tuple(
        NoticeSpec(n["id"], n["title"], n["event"], n["date_field"], _length(n["at_least"]), str(n.get("source", "")))
        for n in raw.get("notices", ())
    )
    return Regime(raw["id"], raw["title"], events, stages, clocks, documents, independence, roles, panel, order,
                  notices)
