"""What a loaded review is: frozen values with the file positions they came from.

store/loader.py builds these from the files; everything in review/ reads them and never touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Literal

Severity = Literal["error", "warning"]
Day = date  # for annotations inside classes that have a field named `date`


@dataclass(frozen=True)
class Pos:
    """Where a value stands in a file (1-based line and column); line 0 means 'the file as a whole'."""

    path: str
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class Issue:
    """One problem `scr check` reports: error or warning, at file:line:column, with how to fix it."""

    severity: Severity
    code: str
    path: str
    line: int
    column: int
    message: str
    hint: str = ""

    @staticmethod
    def at(pos: Pos, code: str, message: str, hint: str = "", severity: Severity = "error") -> Issue:
        return Issue(severity, code, pos.path, pos.line, pos.column, message, hint)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


@dataclass(frozen=True)
class Event:
    """One dated event from log.yaml, with its note and the regime's extra fields."""

    event: str
    date: date
    pos: Pos
    note: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    index: int = 0


@dataclass(frozen=True)
class Person:
    """One professional from people.yaml: roles, agency or employer, key, and how close to the case they were."""

    id: str
    name: str
    roles: tuple[str, ...]
    pos: Pos
    agency: str | None = None
    organisation: str = ""
    job_title: str = ""
    email: str = ""
    key_fingerprint: str | None = None
    directly_involved: bool = False
    line_manager_of_involved: bool = False
    appointment: tuple[tuple[str, date, Pos], ...] = ()  # (record, expires, where) for independent appointees


@dataclass(frozen=True)
class Agency:
    """One agency involved with the child and family, and whether an IMR is commissioned from it."""

    id: str
    name: str
    sector: str
    pos: Pos
    imr_required: bool = True


@dataclass(frozen=True)
class Document:
    """A Markdown document: its front matter and body. `locked` means only its ciphertext is present."""

    path: str
    pos: Pos
    title: str = ""
    version: int | None = None
    date: date | None = None
    status: str = "draft"
    agency: str | None = None
    body: str = ""
    front: dict[str, Any] = field(default_factory=dict)
    locked: bool = False
    attached: tuple[tuple[str, str], ...] = ()  # (path, digest) of what it includes or shows: see references.py
    body_line: int = 1  # the file's line number of the body's first line


@dataclass(frozen=True)
class SignOff:
    """One sign-off from signoffs.yaml: who signed which version of a document, as what, and the signature."""

    document: str
    version: int
    fingerprint: str
    person: str
    role: str
    date: date
    pos: Pos
    agency: str | None = None
    signature: str = ""
    voided: str = ""  # why it no longer counts: the document was reopened after it (see signoff.mark_void)


@dataclass(frozen=True)
class Action:
    """One action of the multi-agency action plan: what, who owns it, when it is due, and how it is checked."""

    id: str
    action: str
    owner_agency: str
    due: date | None
    status: str
    pos: Pos
    recommendation: str = ""
    owner_officer: str = ""
    measure: str = ""
    evidence: str = ""
    audit: str = ""
    completed_on: date | None = None
    outcome: str = ""  # the intended outcome (App. 13)


@dataclass(frozen=True)
class Evidence:
    """Evidence a progress entry gives: a file in the review (with the digest of its bytes) or a reference."""

    kind: Literal["file", "ref"]
    value: str
    digest: str = ""  # "sha256:..." of a file's bytes as found; "missing" when it is not there; "" for a ref


@dataclass(frozen=True)
class EntrySignature:
    """The sign-off of one progress entry: who signed, as what, for which agency, when, and the signature."""

    person: str
    role: str
    agency: str | None
    date: date
    fingerprint: str
    signature: str
    pos: Pos


@dataclass(frozen=True)
class ProgressEntry:
    """One dated report of progress on an action, from 07-action-plan/progress.yaml."""

    action: str
    date: date
    status: str  # not-started | on-track | at-risk | complete
    pos: Pos
    note: str = ""
    evidence: tuple[Evidence, ...] = ()
    new_due: Day | None = None
    agreed_by: str | None = None
    signed: EntrySignature | None = None
    index: int = 0
    at: tuple[tuple[str, Pos], ...] = ()  # where each field is written (evidence items as evidence[N])

    def pos_of(self, name: str) -> Pos:
        return _field_pos(self.at, name, self.pos)


@dataclass(frozen=True)
class Proceeding:
    """A proceeding running beside the review (a trial, an inquest), its dates and what it holds back."""

    id: str
    kind: str
    title: str
    pos: Pos
    listed: date | None = None
    concluded: date | None = None
    outcome: str = ""
    findings_considered: date | None = None
    holds: tuple[str, ...] = ()
    told: tuple[tuple[str, date], ...] = ()  # (clock id, the day it was met)
    at: tuple[tuple[str, Pos], ...] = ()

    def pos_of(self, name: str) -> Pos:
        return _field_pos(self.at, name, self.pos)


@dataclass(frozen=True)
class FoiRequest:
    """A freedom-of-information request about the review: when, from whom, what was considered and decided."""

    id: str
    received: date
    pos: Pos
    requester: str = ""
    request: str = ""
    chair_consulted: date | None = None
    considered: tuple[str, ...] = ()  # exemption ids considered
    applied: tuple[str, ...] = ()  # exemption ids relied on
    outcome: str = ""
    responded: date | None = None
    index: int = 0  # its place in the file's list
    at: tuple[tuple[str, Pos], ...] = ()

    def pos_of(self, name: str) -> Pos:
        return _field_pos(self.at, name, self.pos)


@dataclass(frozen=True)
class Evaluation:
    """Ofsted's evaluation letter: when it came, who graded the review, the grades, and the issues raised."""

    pos: Pos
    received: date | None = None
    inspector: str = ""
    overall: str = ""
    grades: tuple[tuple[str, str], ...] = ()  # (element id, grade)
    issues: str = ""
    issues_addressed: date | None = None
    at: tuple[tuple[str, Pos], ...] = ()

    def pos_of(self, name: str) -> Pos:
        return _field_pos(self.at, name, self.pos)


@dataclass(frozen=True)
class Tracking:
    """What is recorded beside the review's documents: action progress, proceedings, FOI, the evaluation."""

    progress: tuple[ProgressEntry, ...] = ()
    proceedings: tuple[Proceeding, ...] = ()
    foi: tuple[FoiRequest, ...] = ()
    foi_locked: bool = False  # 08-publication/foi.yaml is present only as ciphertext
    evaluation: Evaluation | None = None


@dataclass(frozen=True)
class PlannedEvent:
    """A date plan.yaml gives an event still to come; `history` holds the dates planned before (date, changed on)."""

    event: str
    date: date
    pos: Pos
    agency: str | None = None
    note: str = ""
    history: tuple[tuple[Day, Day], ...] = ()


@dataclass(frozen=True)
class ReviewInfo:
    """The case itself, from review.yaml: reference, board, regime, the child's pseudonym and title."""

    reference: str
    board: str
    regime: str
    child: str
    pos: Pos
    title: str = ""
    themes: tuple[str, ...] = ()
    where: Where | None = None  # the areas the lead-board rule reads (procedure 1.2)


@dataclass(frozen=True)
class Where:
    """The areas of review.yaml that decide which board leads, and the boards that co-operate."""

    area: str = ""  # the area this board covers
    residence: str = ""  # the child's ordinary residence ('none': no fixed residence)
    looked_after_by: str = ""
    harmed_in: str = ""
    lead_agreed: str = ""
    cooperating: tuple[tuple[str, str], ...] = ()  # (board, area)
    lines: dict[str, Pos] = field(default_factory=dict, compare=False)  # review.yaml position of each field

    def value(self, name: str) -> str:
        return str(getattr(self, name, "") or "").strip()


@dataclass(frozen=True)
class Answer:
    """One criterion answered for the decision: yes, no or not-known, with its evidence."""

    criterion: str
    met: str
    evidence: str
    pos: Pos


@dataclass(frozen=True)
class DecisionAnswers:
    """02-decision/criteria.yaml: the criteria answered and the decision they led to (`scr decide`)."""

    date: date
    decided_by: str
    answers: tuple[Answer, ...]
    outcome: str
    reasons: str
    override: str
    pos: Pos  # the file
    outcome_pos: Pos


@dataclass(frozen=True)
class Review:
    """A whole review, loaded: the case, people, agencies, events, documents, sign-offs and actions."""

    root: str
    info: ReviewInfo
    people: tuple[Person, ...]
    agencies: tuple[Agency, ...]
    events: tuple[Event, ...]
    documents: tuple[Document, ...]
    signoffs: tuple[SignOff, ...]
    actions: tuple[Action, ...]
    extra_holidays: tuple[date, ...] = ()
    planned: tuple[PlannedEvent, ...] = ()
    tracking: Tracking = Tracking()
    answers: DecisionAnswers | None = None  # None when not recorded, or only its .gpg is here
    answers_kept: bool = False  # the answers exist, as plaintext or encrypted

    # Lookups go through indexes built once per loaded review (status asks for events dozens of times).

    def person(self, person_id: str) -> Person | None:
        return self._index.people.get(person_id)

    def agency(self, agency_id: str) -> Agency | None:
        return self._index.agencies.get(agency_id)

    def events_of(self, event_id: str) -> list[Event]:
        """The events with this id, in the log's order."""
        return list(self._index.events.get(event_id, ()))

    def plan_for(self, event_id: str, agency: str | None = None) -> PlannedEvent | None:
        """The earliest planned date of an event (of one agency's, when given), or None."""
        found = [p for p in self.planned if p.event == event_id and (agency is None or p.agency == agency)]
        return min(found, key=lambda p: p.date, default=None)

    def document(self, path: str) -> Document | None:
        return self._index.documents.get(path)

    @cached_property
    def _index(self) -> _Index:
        return _Index.of(self)


@dataclass(frozen=True)
class _Index:
    """A review's values by id (the first of each, as a search from the top finds it) and its events by id."""

    people: dict[str, Person]
    agencies: dict[str, Agency]
    documents: dict[str, Document]
    events: dict[str, tuple[Event, ...]]

    @staticmethod
    def of(review: Review) -> _Index:
        people: dict[str, Person] = {}
        for p in review.people:
            people.setdefault(p.id, p)
        agencies: dict[str, Agency] = {}
        for a in review.agencies:
            agencies.setdefault(a.id, a)
        documents: dict[str, Document] = {}
        for d in review.documents:
            documents.setdefault(d.path, d)
        events: dict[str, list[Event]] = {}
        for e in review.events:
            events.setdefault(e.event, []).append(e)
        return _Index(people, agencies, documents, {k: tuple(v) for k, v in events.items()})


def _field_pos(at: tuple[tuple[str, Pos], ...], name: str, whole: Pos) -> Pos:
    return next((p for n, p in at if n == name), whole)
