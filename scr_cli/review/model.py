"""What a loaded review is: frozen values with the file positions they came from.

store/loader.py builds these from the files; everything in review/ reads them and never touches the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Severity = Literal["error", "warning"]


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


@dataclass(frozen=True)
class ReviewInfo:
    """The case itself, from review.yaml: reference, board, regime, the child's pseudonym and title."""

    reference: str
    board: str
    regime: str
    child: str
    pos: Pos
    title: str = ""


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

    def person(self, person_id: str) -> Person | None:
        return next((p for p in self.people if p.id == person_id), None)

    def agency(self, agency_id: str) -> Agency | None:
        return next((a for a in self.agencies if a.id == agency_id), None)

    def events_of(self, event_id: str) -> list[Event]:
        return [e for e in self.events if e.event == event_id]

    def document(self, path: str) -> Document | None:
        return next((d for d in self.documents if d.path == path), None)
