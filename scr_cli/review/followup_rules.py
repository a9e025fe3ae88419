"""The regime's rules for what runs beside a review and after it: values read from the regime file.

Action plan monitoring, parallel proceedings and what they hold back, freedom-of-information requests,
Ofsted's evaluation, the retention of papers, and the board's view across reviews. The code knows what
each rule is for; which events, lengths, kinds and grades exist is data (scr_cli/data/regimes/*.yaml).
A regime without these sections gets empty rules: nothing is held, nothing is gated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scr_cli.review.lengths import Length, length_from


@dataclass(frozen=True)
class MonitoringRules:
    """How the action plan is monitored: the event that closes it and who signs an action's completion."""

    closed_by: str = ""  # refused while any action is not complete with signed evidence
    signer: str = ""  # the role whose holder in the owning agency signs a completion
    due_soon: Length | None = None  # an open action due this soon shows amber
    source: str = ""


@dataclass(frozen=True)
class Kind:
    """One kind of thing the regime lists (a proceeding, an exemption, an evaluated element): id and title."""

    id: str
    title: str
    section: str = ""  # an exemption's section of the Act
    test: str = ""  # an exemption's test: absolute | qualified


@dataclass(frozen=True)
class HoldSpec:
    """What an open proceeding may hold back (adoption, publication): the events it holds."""

    id: str
    title: str
    events: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class ProceedingClock:
    """A clock each proceeding of some kinds carries (the department told of a court date or a verdict).

    It runs from one of the proceeding's dates (`starts`) or counts back from it (`before`); it is met when
    the proceeding's `told:` gives a date under the clock's id.
    """

    id: str
    title: str
    kinds: tuple[str, ...]
    due: Length
    starts: str | None = None  # listed | concluded
    before: str | None = None  # listed | concluded
    source: str = ""


@dataclass(frozen=True)
class ProceedingRules:
    """The kinds of parallel proceeding, what they may hold, and the clocks they carry."""

    kinds: tuple[Kind, ...] = ()
    holds: tuple[HoldSpec, ...] = ()
    clocks: tuple[ProceedingClock, ...] = ()
    source: str = ""

    def kind(self, kind_id: str) -> Kind | None:
        return next((k for k in self.kinds if k.id == kind_id), None)

    def hold(self, hold_id: str) -> HoldSpec | None:
        return next((h for h in self.holds if h.id == hold_id), None)

    def holds_event(self, event_id: str) -> tuple[HoldSpec, ...]:
        return tuple(h for h in self.holds if event_id in h.events)


@dataclass(frozen=True)
class FoiRules:
    """Freedom-of-information requests: the time to respond, the exemptions to consider, the outcomes."""

    title: str = ""
    respond_within: Length | None = None
    exemptions: tuple[Kind, ...] = ()
    outcomes: tuple[str, ...] = ()
    source: str = ""

    def exemption(self, exemption_id: str) -> Kind | None:
        return next((k for k in self.exemptions if k.id == exemption_id), None)


@dataclass(frozen=True)
class EvaluationRules:
    """Ofsted's evaluation letter: the event recording it, the grades, the elements graded, what it holds."""

    letter: str = ""
    grades: tuple[str, ...] = ()
    elements: tuple[Kind, ...] = ()
    holds: str = ""  # a hold id: issues raised and not yet addressed hold it
    source: str = ""


@dataclass(frozen=True)
class RetentionItem:
    """Papers that are destroyed once kept long enough after the event retention runs from."""

    id: str
    title: str
    keep: Length
    destroyed_by: str
    source: str = ""


@dataclass(frozen=True)
class RetentionRules:
    """The retention of papers: the event it runs from and what is kept how long."""

    after: str = ""
    items: tuple[RetentionItem, ...] = ()

    def item_for(self, event_id: str) -> RetentionItem | None:
        return next((i for i in self.items if i.destroyed_by == event_id), None)


@dataclass(frozen=True)
class Step:
    """One step of publication, by the event that records it."""

    event: str
    title: str


@dataclass(frozen=True)
class BoardRules:
    """What the board's portfolio and the national tracker read: the review type and the events they count."""

    review_type: str = ""
    added: str = ""  # the event that puts the review on the tracker
    decided: str = ""
    adopted: str = ""
    published: str = ""
    imr_received: str = ""  # an event with an `agency` field: that agency's report is in
    closed_stages: tuple[str, ...] = ()
    publication: tuple[Step, ...] = ()


@dataclass(frozen=True)
class Followup:
    """Every rule of this module for one regime."""

    monitoring: MonitoringRules = MonitoringRules()
    proceedings: ProceedingRules = ProceedingRules()
    foi: FoiRules = FoiRules()
    evaluation: EvaluationRules = EvaluationRules()
    retention: RetentionRules = RetentionRules()
    board: BoardRules = BoardRules()


def _kinds(rows: Any) -> tuple[Kind, ...]:
    return tuple(Kind(str(r["id"]), str(r["title"]), str(r.get("section", "")), str(r.get("test", "")))
                 for r in rows or ())


def _opt_length(raw: Any) -> Length | None:
    return length_from(raw) if raw else None


def _monitoring(raw: dict[str, Any]) -> MonitoringRules:
    return MonitoringRules(str(raw.get("closed_by", "")), str(raw.get("signer", "")),
                           _opt_length(raw.get("due_soon")), str(raw.get("source", "")))


def _proceedings(raw: dict[str, Any]) -> ProceedingRules:
    holds = tuple(HoldSpec(str(h["id"]), str(h["title"]), tuple(h.get("events", ())), str(h.get("source", "")))
                  for h in raw.get("holds") or ())
    clocks = tuple(
        ProceedingClock(str(c["id"]), str(c["title"]), tuple(c.get("kinds", ())), length_from(c["due"]),
                        c.get("starts"), c.get("before"), str(c.get("source", "")))
        for c in raw.get("clocks") or ()
    )
    return ProceedingRules(_kinds(raw.get("kinds")), holds, clocks, str(raw.get("source", "")))


def _foi(raw: dict[str, Any]) -> FoiRules:
    return FoiRules(str(raw.get("title", "")), _opt_length(raw.get("respond_within")), _kinds(raw.get("exemptions")),
                    tuple(str(o) for o in raw.get("outcomes") or ()), str(raw.get("source", "")))


def _evaluation(raw: dict[str, Any]) -> EvaluationRules:
    return EvaluationRules(str(raw.get("letter", "")), tuple(str(g) for g in raw.get("grades") or ()),
                           _kinds(raw.get("elements")), str(raw.get("holds") or ""), str(raw.get("source", "")))


def _retention(raw: dict[str, Any]) -> RetentionRules:
    items = tuple(RetentionItem(str(i["id"]), str(i["title"]), length_from(i["keep"]), str(i["destroyed_by"]),
                                str(i.get("source", "")))
                  for i in raw.get("items") or ())
    return RetentionRules(str(raw.get("after", "")), items)


def _board(raw: dict[str, Any]) -> BoardRules:
    steps = tuple(Step(str(s["event"]), str(s["title"])) for s in raw.get("publication") or ())
    def text(key: str) -> str:
        return str(raw.get(key, ""))

    return BoardRules(text("review_type"), text("added_by"), text("decided_by"), text("adopted_by"),
                      text("published_by"), text("imr_received"),
                      tuple(str(s) for s in raw.get("closed_stages") or ()), steps)


def followup_from_dict(raw: dict[str, Any]) -> Followup:
    """The rules from a regime file's sections (each optional; a missing one gives empty rules)."""
    return Followup(
        _monitoring(raw.get("monitoring") or {}),
        _proceedings(raw.get("proceedings") or {}),
        _foi(raw.get("foi") or {}),
        _evaluation(raw.get("evaluation") or {}),
        _retention(raw.get("retention_rules") or {}),
        _board(raw.get("board") or {}),
    )
