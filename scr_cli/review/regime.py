"""Process rules as values: stages, events, clocks, sign-offs and independence, read from a regime file.

The code below knows the *kinds* of rule (a clock counted in working days, a not-also independence rule);
which clocks and rules exist is data in scr_cli/data/regimes/*.yaml.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from scr_cli.review.followup_rules import Followup, followup_from_dict
from scr_cli.review.lengths import Length as Length
from scr_cli.review.lengths import length_from


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
    met_before_start: bool = False  # a met_by event before the start counts: it had already been done
    source: str = ""
    roll: str = "none"  # back | forward | none: what a deadline landing on a weekend or bank holiday does
    statutory: bool = True  # False for a local target, which a board's own variant may remove
    origin: str = ""  # the local variant that added or changed it ("" when it is the shipped regime's)


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
class OrderRule:
    """When both events have happened, `earlier` is expected on or before `later` (procedure `source`).

    A record of facts accepts what happened: breaking the order is a warning unless the regime says error.
    """

    earlier: str
    later: str
    source: str = ""
    severity: str = "warning"  # warning | error


@dataclass(frozen=True)
class SignoffSpec:
    """A sign-off a document needs: the role, and whether one is needed per agency, involved or owner."""

    role: str
    per: str | None = None  # None | agency | involved | owners | named (the person the file is named after)
    meaning: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """A kind of document: where it lives, whether its drafts are dated, and the sign-offs it needs."""

    id: str
    title: str
    path: str
    dated_drafts: bool
    signoffs: tuple[SignoffSpec, ...] = ()
    then_log: str | None = None  # the event to log once the document is final
    headings: tuple[str, ...] = ()  # the standard headings, in order
    template: str = ""  # its template in the review when not at its own path (e.g. .scr/templates/imr/imr.md)

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
class AppointmentRule:
    """The roles whose holders keep appointment records (indemnity, supervision, ...), and which."""

    roles: tuple[str, ...]
    records: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class ScrEvents:
    """The events scr itself writes to the log, named by the regime so that no code names an event id."""

    opened: str = ""  # `scr new` logs it with the date it is given
    reopened: str = ""  # `scr draft reopen`
    switched: str = ""  # `scr regime switch`
    imr_commissioned: str = ""  # `scr imr commission`
    imr_received: str = ""  # `scr imr receive`; its planned date is the IMR's due date
    interview_notice: str = ""  # `scr interview plan`
    papers_sent: str = ""  # `scr send`: an agency's papers sent to one of its people


@dataclass(frozen=True)
class ScrRoles:
    """The roles scr's commands look for, named by the regime."""

    imr_author: str = ""
    interviewee: str = ""
    sender: str = ""  # who signs the letters `scr letter` writes


@dataclass(frozen=True)
class Criterion:
    """One criterion for deciding on a review: `requires` one when met (unless overridden), or `consider`."""

    id: str
    kind: str
    text: str
    source: str = ""


@dataclass(frozen=True)
class Criteria:
    """What `scr decide` walks through, and the decision event (its `outcome` field) the answers lead to."""

    decides: str
    items: tuple[Criterion, ...]

    def get(self, criterion_id: str) -> Criterion | None:
        return next((c for c in self.items if c.id == criterion_id), None)


@dataclass(frozen=True)
class LeadStep:
    """A review.yaml field that, when filled in, names the area whose board leads, and why."""

    field: str
    why: str
    agree: bool = False  # the procedure does not settle it: the boards record their agreement


@dataclass(frozen=True)
class LeadRule:
    """Which board leads: the first step whose field is filled in."""

    steps: tuple[LeadStep, ...]
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
    order: tuple[OrderRule, ...] = ()
    notices: tuple[NoticeSpec, ...] = ()
    scr_events: ScrEvents = ScrEvents()
    proceeds_if: Condition | None = None  # the review goes ahead (e.g. the decision was to hold one)
    template: str = ""  # the folder of template files laid over review-template/ by `scr new`
    extends: tuple[str, ...] = ()  # the regimes this one was built on, nearest first (a board's variant)
    followup: Followup = Followup()  # monitoring, proceedings, FOI, evaluation, retention (followup_rules.py)
    criteria: Criteria | None = None  # what `scr decide` walks through
    lead: LeadRule | None = None  # which board leads
    scr_roles: ScrRoles = ScrRoles()
    placeholders: tuple[str, ...] = ()  # words a template leaves to be filled in
    appointments: AppointmentRule | None = None
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
    return length_from(raw)


def regime_from_dict(raw: dict[str, Any]) -> Regime:
    """Build a Regime from a regime file already checked against schema_regime.RegimeFile."""
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
            met_before_start=bool(c.get("met_before_start", False)),
            source=str(c.get("source", "")),
            roll=str(c.get("roll", "none")),
            statutory=bool(c.get("statutory", True)),
            origin=str(c.get("origin") or ""),
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
            d.get("then_log"),
            tuple(str(h) for h in d.get("headings") or ()),
            str(d.get("template") or ""),
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
    order = tuple(
        OrderRule(str(o["earlier"]), str(o["later"]), str(o.get("source", "")), str(o.get("severity", "warning")))
        for o in raw.get("order", ())
    )
    notices = tuple(
        NoticeSpec(n["id"], n["title"], n["event"], n["date_field"], _length(n["at_least"]), str(n.get("source", "")))
        for n in raw.get("notices", ())
    )
    logged = raw.get("scr_events") or {}
    scr_events = ScrEvents(*(str(logged.get(name) or "") for name in (
        "opened", "reopened", "switched", "imr_commissioned", "imr_received", "interview_notice",
        "papers_sent")))
    looked_for = raw.get("scr_roles") or {}
    scr_roles = ScrRoles(*(str(looked_for.get(name) or "") for name in ("imr_author", "interviewee", "sender")))
    return Regime(raw["id"], raw["title"], events, stages, clocks, documents, independence, roles, panel, order,
                  notices, scr_events, _condition(raw.get("proceeds_if")), str(raw.get("template") or ""),
                  tuple(raw.get("extended", ())), followup=followup_from_dict(raw), scr_roles=scr_roles,
                  criteria=_criteria(raw.get("criteria")), lead=_lead(raw.get("lead_board")),
                  placeholders=tuple(str(p) for p in raw.get("placeholders") or ()),
                  appointments=_appointments(raw.get("appointment_records")))


def _appointments(raw: dict[str, Any] | None) -> AppointmentRule | None:
    if not raw:
        return None
    return AppointmentRule(tuple(raw.get("roles") or ()), tuple(raw.get("records") or ()), str(raw.get("source", "")))


def _criteria(raw: dict[str, Any] | None) -> Criteria | None:
    if not raw:
        return None
    items = tuple(Criterion(c["id"], c["kind"], c["text"], str(c.get("source", ""))) for c in raw["items"])
    return Criteria(str(raw["decides"]), items)


def _lead(raw: dict[str, Any] | None) -> LeadRule | None:
    if not raw:
        return None
    steps = tuple(LeadStep(s["field"], s["why"], bool(s.get("agree", False))) for s in raw["by"])
    return LeadRule(steps, str(raw.get("source", "")))


def with_earlier_events(regime: Regime, earlier: Iterable[Regime]) -> Regime:
    """The regime knowing also the events of the regimes the review followed before a switch.

    The log keeps them as history; they start and meet no clock of this regime unless it names them too.
    """
    known = {e.id for e in regime.events}
    added: list[EventSpec] = []
    for other in earlier:
        for event in other.events:
            if event.id not in known:
                known.add(event.id)
                added.append(event)
    if not added:
        return regime
    return replace(regime, events=(*regime.events, *added), _event_index={})
