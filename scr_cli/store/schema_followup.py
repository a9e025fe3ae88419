"""pydantic models of the records kept beside a review, and of the regime's rules for them.

The files: 07-action-plan/progress.yaml, proceedings.yaml, 08-publication/foi.yaml and
08-publication/evaluation.yaml. store/schema.py lists them with the other files, so their JSON Schemas are
exported and checked the same way. What the regime decides (the kinds of proceeding, the exemptions, the
grades) is checked against the regime by review/followup_checks.py, since a schema cannot know it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from scr_cli.store.schema_base import ID, Strict

LengthMap = Annotated[dict[Literal["working_days", "days", "weeks", "months"], int],
                      Field(min_length=1, max_length=1)]
ProgressStatus = Literal["not-started", "on-track", "at-risk", "complete"]


# --- the files ---

class EvidenceItem(Strict):
    """Evidence for an action: a file in the review (`file:`) or a reference to where it is kept (`ref:`)."""

    file: str | None = Field(None, min_length=1, description="Path of a file in the review, from its root")
    ref: str | None = Field(None, min_length=1, description="Where the evidence is kept, e.g. board minutes")


class EntrySignatureModel(Strict):
    """The owning agency's sign-off of a completed action, written by `scr action signoff`."""

    person: str = Field(pattern=ID, description="Id in people.yaml of the person who signed")
    role: str = Field(min_length=1)
    agency: str | None = None
    date: dt.date
    fingerprint: str = Field(min_length=1, description="sha256: fingerprint of the entry as signed")
    signature: str = Field(min_length=1, description="ASCII-armoured detached GPG signature over the record")


class ProgressEntryModel(Strict):
    """One dated report of progress on an action. Written by `scr action update`; newest last."""

    action: str = Field(min_length=1, description="Id of the action in the action plan, e.g. A1")
    date: dt.date
    status: ProgressStatus
    note: str = Field(min_length=1, description="What was done or found (no real names)")
    evidence: list[EvidenceItem] = Field(default_factory=list)
    new_due: dt.date | None = Field(None, description="A new due date, when one was agreed")
    agreed_by: str | None = Field(None, pattern=ID, description="Id in people.yaml of who agreed the new date")
    signed: EntrySignatureModel | None = None


class ProgressFile(Strict):
    """07-action-plan/progress.yaml: progress on each action, recorded beside the signed action plan."""

    progress: list[ProgressEntryModel] = Field(default_factory=list)


class ProceedingEntry(Strict):
    """One proceeding running beside the review: what it is, its dates, and what it holds back."""

    id: str = Field(pattern=ID, description="Short id, e.g. crown-court-trial")
    kind: str = Field(min_length=1, description="A kind from the regime, e.g. criminal-trial or inquest")
    title: str = Field(min_length=1, description="What it is, with pseudonyms only")
    listed: dt.date | None = Field(None, description="The date it is listed for (a hearing, a trial)")
    concluded: dt.date | None = Field(None, description="The date it concluded")
    outcome: str = Field("", description="The outcome (verdict, sentence, findings), without real names")
    findings_considered: dt.date | None = Field(None, description="When the panel considered its findings")
    holds: list[str] = Field(default_factory=list, description="What it holds back: adoption, publication")
    told: dict[str, dt.date] = Field(default_factory=dict, description="Clock id -> the day the department was told")
    note: str = ""


class ProceedingsFile(Strict):
    """proceedings.yaml: trials, inquests and other proceedings running beside the review."""

    proceedings: list[ProceedingEntry] = Field(default_factory=list)


class ExemptionEntry(Strict):
    """An exemption considered for an FOI request, and whether it was relied on."""

    exemption: str = Field(min_length=1, description="An exemption id from the regime, e.g. personal-data")
    applied: bool = Field(False, description="Whether the response relied on it")
    note: str = ""


class FoiRequestEntry(Strict):
    """One freedom-of-information request about the review."""

    id: str = Field(min_length=1, description="The board's reference for the request, e.g. FOI-1")
    received: dt.date
    requester: str = Field(min_length=1, description="Who asked (personal data: this file is kept encrypted)")
    request: str = Field("", description="What was asked for")
    chair_consulted: dt.date | None = Field(None, description="When the panel chair was consulted")
    exemptions: list[ExemptionEntry] = Field(default_factory=list)
    outcome: str | None = Field(None, description="An outcome from the regime, e.g. partly-withheld")
    responded: dt.date | None = None
    note: str = ""


class FoiFile(Strict):
    """08-publication/foi.yaml (SENSITIVE): freedom-of-information requests about the review."""

    requests: list[FoiRequestEntry] = Field(default_factory=list)


class EvaluationFile(Strict):
    """08-publication/evaluation.yaml: Ofsted's evaluation letter, its inspector and grades."""

    received: dt.date = Field(description="The day the letter arrived (also logged: it starts a clock)")
    inspector: str = Field(min_length=1, description="The inspector who graded the review")
    overall: str = Field(min_length=1, description="The overall grade, e.g. good")
    grades: dict[str, str] = Field(default_factory=dict, description="Element id -> grade")
    issues: str = Field("", description="Issues the letter raises, to address before publication")
    issues_addressed: dt.date | None = None
    note: str = ""


# --- the regime's sections ---

class MonitoringModel(Strict):
    """How the action plan is monitored: the closing event and who signs an action's completion."""

    closed_by: str
    signer: str
    due_soon: LengthMap | None = None
    source: str = ""


class KindModel(Strict):
    """A kind the regime lists: a proceeding, an FOI exemption (with its section and test), a graded element."""

    id: str = Field(pattern=ID)
    title: str
    section: str = ""
    test: Literal["absolute", "qualified", ""] = ""


class HoldModel(Strict):
    """What a proceeding may hold back, and the events it holds."""

    id: str = Field(pattern=ID)
    title: str
    events: list[str]
    source: str = ""


class ProceedingClockModel(Strict):
    """A clock that proceedings of some kinds carry, from (or back from) one of their dates."""

    id: str = Field(pattern=ID)
    title: str
    kinds: list[str]
    due: LengthMap
    starts: Literal["listed", "concluded"] | None = None
    before: Literal["listed", "concluded"] | None = None
    source: str = ""


class ProceedingRulesModel(Strict):
    """The kinds of parallel proceeding, what they hold and the clocks they carry."""

    kinds: list[KindModel]
    holds: list[HoldModel] = Field(default_factory=list)
    clocks: list[ProceedingClockModel] = Field(default_factory=list)
    source: str = ""


class FoiRulesModel(Strict):
    """FOI requests: the time to respond, the exemptions to consider, the outcomes."""

    title: str
    respond_within: LengthMap
    exemptions: list[KindModel]
    outcomes: list[str]
    source: str = ""


class EvaluationRulesModel(Strict):
    """Ofsted's evaluation: the event recording the letter, the grades, the elements, what it holds."""

    letter: str
    grades: list[str]
    elements: list[KindModel]
    holds: str = ""
    source: str = ""


class RetentionItemModel(Strict):
    """Papers kept for a time after the retention event, and the event that records their destruction."""

    id: str = Field(pattern=ID)
    title: str
    keep: LengthMap
    destroyed_by: str
    source: str = ""


class RetentionRulesModel(Strict):
    """The retention of papers: the event it runs from and its items."""

    after: str
    items: list[RetentionItemModel]


class StepModel(Strict):
    """A step of publication, by the event recording it."""

    event: str
    title: str


class BoardRulesModel(Strict):
    """What the portfolio and the national tracker read."""

    review_type: str
    added_by: str = ""
    decided_by: str = ""
    adopted_by: str = ""
    published_by: str = ""
    imr_received: str = ""
    closed_stages: list[str] = Field(default_factory=list)
    publication: list[StepModel] = Field(default_factory=list)


FOLLOWUP_FILES: dict[str, type[BaseModel]] = {
    "progress": ProgressFile,
    "proceedings": ProceedingsFile,
    "foi": FoiFile,
    "evaluation": EvaluationFile,
}
