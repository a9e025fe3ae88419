"""pydantic models of every file a review holds, and the JSON Schemas editors use to check them as you type.

One source: `python -m scr_cli.store.schema` regenerates scr_cli/data/schemas/ from these models, and a test
fails when the committed schemas drift from them. A model's docstring is its description in the schema: editors
show it, so it is written for the person editing the file.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from scr_cli.paths import SCHEMAS_DIR

ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
FINGERPRINT = r"^[0-9A-F]{40}$"


class Strict(BaseModel):
    """A model that refuses unknown fields and cannot be changed once read."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CreatedWith(Strict):
    """Which scr and template versions created the review."""

    scr: str = Field(description="scr version that created the review")
    template: str = Field(description="review-template version it was copied from")


class ReviewFile(Strict):
    """review.yaml: the case itself."""

    reference: str = Field(min_length=1, description="The board's reference for this review, e.g. SCR-2026-03")
    board: str = Field(min_length=1, description="Name of the safeguarding board or partnership")
    regime: str = Field("scr-2015", description="Process rules the review follows (a file in scr's regimes)")
    child: str = Field(min_length=1, description="The child's pseudonym, e.g. 'Child R'. Never a real name.")
    title: str = Field("", description="Short public title, pseudonyms only")
    created_with: CreatedWith | None = None


Sector = Literal[
    "social-care", "health", "education", "police", "probation", "housing", "youth-justice",
    "voluntary", "local-authority", "other",
]


class PersonEntry(Strict):
    """One professional taking part: id, name, roles, agency or employer, key, and involvement."""

    id: str = Field(pattern=ID, description="Short id used everywhere else, e.g. 'panel-chair' or 'imr-police'")
    name: str = Field(min_length=1, description="The professional's name")
    roles: list[str] = Field(min_length=1, description="Roles from the regime: board-chair, panel-chair, ...")
    agency: str | None = Field(None, description="Id of the involved agency this person works for, if any")
    organisation: str = Field("", description="Employer when not an involved agency (independent chair, ...)")
    job_title: str = ""
    email: str = ""
    key_fingerprint: str | None = Field(None, pattern=FINGERPRINT, description="Full 40-hex GPG fingerprint")
    directly_involved: bool = Field(False, description="Worked with the child or family during the period")
    line_manager_of_involved: bool = Field(False, description="Line manager of staff who worked with the family")


class PeopleFile(Strict):
    """people.yaml: the professionals taking part and the roles they hold."""

    people: list[PersonEntry] = Field(default_factory=list)


class AgencyEntry(Strict):
    """One agency involved with the child and family."""

    id: str = Field(pattern=ID)
    name: str = Field(min_length=1)
    sector: Sector
    imr: bool = Field(True, description="Whether an IMR is commissioned from this agency")


class AgenciesFile(Strict):
    """agencies.yaml: the agencies involved with the child and family."""

    agencies: list[AgencyEntry] = Field(default_factory=list)


class LogEntry(BaseModel):
    """One dated event. Extra fields (outcome, reasons, new_date, ...) are checked against the regime."""

    model_config = ConfigDict(extra="allow", frozen=True)

    event: str = Field(min_length=1, description="Event id from the regime, e.g. referral-received")
    date: date
    note: str = ""


class LogFile(Strict):
    """log.yaml: what happened, when. The clocks start and stop on these events."""

    events: list[LogEntry] = Field(default_factory=list)


class FamilyMember(Strict):
    """One family member: the pseudonym public documents use, and every real name to keep out of them."""

    pseudonym: str = Field(min_length=1, description="How public documents name this person, e.g. 'Mother'")
    relationship: str = ""
    real_names: list[str] = Field(default_factory=list, description="Real name and every variant used")
    subject: bool = Field(False, description="The child the review is about")


class FamilyFile(Strict):
    """family.yaml (SENSITIVE): real names, their variants and their pseudonyms."""

    members: list[FamilyMember] = Field(default_factory=list)


class SignoffEntry(Strict):
    """One sign-off: who signed which version of a document, as what role, with the signature."""

    document: str = Field(description="Path of the document, from the review's root")
    version: int = Field(ge=1)
    fingerprint: str = Field(description="sha256: fingerprint of the signed content")
    person: str = Field(pattern=ID)
    role: str
    agency: str | None = None
    date: date
    signature: str = Field("", description="ASCII-armoured detached GPG signature over the record")


class SignoffsFile(Strict):
    """signoffs.yaml: every sign-off given, written by `scr signoff`."""

    signoffs: list[SignoffEntry] = Field(default_factory=list)


ActionStatus = Literal["not-started", "in-progress", "complete", "overdue-agreed"]


class ActionEntry(Strict):
    """One action: what is to be done, who owns it, when it is due, and how it is measured and checked."""

    id: str = Field(min_length=1)
    recommendation: str = ""
    action: str = Field(min_length=1)
    owner_agency: str
    owner_officer: str = ""
    due: date | None = None
    measure: str = Field("", description="How achievement will be measured")
    evidence: str = Field("", description="Evidence that it was done")
    audit: str = Field("", description="Audit that shows the lesson was learnt")
    status: ActionStatus = "not-started"
    completed_on: date | None = None


class ActionPlanFile(Strict):
    """07-action-plan/action-plan.yaml: the multi-agency action plan."""

    title: str = "Action plan"
    version: int = Field(1, ge=1)
    date: date
    status: Literal["draft", "final"] = "draft"
    actions: list[ActionEntry] = Field(default_factory=list)


class ChronologyEntry(Strict):
    """One entry of an agency's chronology: when, from which record, what happened and what was done."""

    date: date
    time: str | None = Field(None, pattern=r"^([01]\d|2[0-3]):[0-5]\d$", description="24-hour HH:MM")
    source: str = Field("", description="Record the entry comes from (file, system, reference)")
    event: str = Field(min_length=1)
    action: str = ""
    outcome: str = ""
    recording: Literal["contemporaneous", "retrospective"] = "contemporaneous"
    comment: str = ""


class ChronologyFile(Strict):
    """05-imr/<agency>/chronology.yaml (SENSITIVE): the agency's chronology."""

    agency: str = Field(pattern=ID)
    entries: list[ChronologyEntry] = Field(default_factory=list)


class BuildSettings(Strict):
    """How documents are built: the house font and the classification marked on every page."""

    house_font: str | None = None
    classification: str = "OFFICIAL-SENSITIVE"


class ConfigFile(Strict):
    """.scr/config.yaml: settings of this review."""

    sensitive: list[str] = Field(default_factory=list, description="Globs of files kept only encrypted")
    extra_bank_holidays: list[date] = Field(default_factory=list, description="One-off bank holidays")
    build: BuildSettings = Field(default_factory=BuildSettings)


class FrontMatter(Strict):
    """The YAML block at the top of every Markdown document."""

    title: str = Field(min_length=1)
    version: int = Field(ge=1)
    date: date
    status: Literal["draft", "final"]
    agency: str | None = None
    author: str | None = None
    interviewee: str | None = None
    classification: str | None = None


# --- the regime file (process rules shipped with scr) ---

class FieldSpecModel(Strict):
    """An extra field an event carries: its type, whether it is required, and its choices."""

    type: Literal["text", "date", "choice", "person", "agency"] = "text"
    required: bool = False
    choices: list[str] = Field(default_factory=list)


class EventSpecModel(Strict):
    """An event of the procedure: its id, title and extra fields."""

    id: str = Field(pattern=ID)
    title: str
    fields: dict[str, FieldSpecModel] = Field(default_factory=dict)


class ConditionModel(Strict):
    """A test on a logged event: true when its field equals a value."""

    event: str
    field: str
    equals: str


class StageModel(Strict):
    """A stage of the review: the events that reach it, and a condition they must meet."""

    id: str = Field(pattern=ID)
    title: str
    reached_by: list[str]
    when: ConditionModel | None = None


class ClockModel(Strict):
    """A statutory clock: the event that starts it, how long it runs, and the events that meet it."""

    id: str = Field(pattern=ID)
    title: str
    starts: str | None = None
    before: str | None = None
    due: dict[Literal["working_days", "days", "weeks", "months"], int] = Field(min_length=1, max_length=1)
    met_by: list[str]
    requires_also: list[str] = Field(default_factory=list)
    only_if: ConditionModel | None = None
    extended_by: str | None = None
    extension_notified_by: str | None = None
    repeat_until: str | None = None
    not_before: bool = False
    source: str = ""


class NoticeModel(Strict):
    """A notice rule: an event announcing a date must come at least this long before that date."""

    id: str = Field(pattern=ID)
    title: str
    event: str
    date_field: str
    at_least: dict[Literal["working_days", "days", "weeks", "months"], int] = Field(min_length=1, max_length=1)
    source: str = ""


class SignoffSpecModel(Strict):
    """A sign-off a document needs: the role, and whether one is needed per agency, involved or owner."""

    role: str
    per: Literal["agency", "involved", "owners"] | None = None
    meaning: str = ""


class DocumentSpecModel(Strict):
    """A kind of document: its path, whether its drafts are dated, and the sign-offs it needs."""

    id: str = Field(pattern=ID)
    title: str
    path: str
    dated_drafts: bool = True
    signoffs: list[SignoffSpecModel] = Field(default_factory=list)


class IndependenceModel(Strict):
    """An independence rule: who may not hold the role, and the procedure's source for it."""

    id: str = Field(pattern=ID)
    role: str
    kind: Literal["not-also", "not-employed-by-involved", "not-flagged"]
    roles: list[str] = Field(default_factory=list)
    flags: list[Literal["directly_involved", "line_manager_of_involved"]] = Field(default_factory=list)
    source: str = ""


class PanelModel(Strict):
    """The sectors the people holding a role (the panel) must between them come from."""

    role: str
    must_cover: list[str]
    source: str = ""


class RoleModel(Strict):
    """A role a person may hold: its title, whether one person only, and whether it belongs to an agency."""

    id: str = Field(pattern=ID)
    title: str
    unique: bool = False
    agency: bool = False


class RegimeFile(Strict):
    """A regime: the stages, events, clocks, sign-offs and independence rules of one procedure."""

    id: str = Field(pattern=ID)
    title: str
    events: list[EventSpecModel]
    order: list[list[str]] = Field(default_factory=list, description="[earlier, later] event pairs")
    stages: list[StageModel]
    clocks: list[ClockModel]
    notices: list[NoticeModel] = Field(default_factory=list)
    documents: list[DocumentSpecModel]
    independence: list[IndependenceModel] = Field(default_factory=list)
    panel: PanelModel | None = None
    roles: list[RoleModel] = Field(default_factory=list)


# Which model checks which file; the schema file name editors are pointed at.
FILE_MODELS: dict[str, type[BaseModel]] = {
    "review": ReviewFile,
    "people": PeopleFile,
    "agencies": AgenciesFile,
    "log": LogFile,
    "family": FamilyFile,
    "signoffs": SignoffsFile,
    "action-plan": ActionPlanFile,
    "chronology": ChronologyFile,
    "config": ConfigFile,
    "front-matter": FrontMatter,
    "regime": RegimeFile,
}


def json_schema(name: str) -> dict[str, Any]:
    schema = FILE_MODELS[name].model_json_schema()
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


def render_schema(name: str) -> str:
    return json.dumps(json_schema(name), indent=2, sort_keys=True) + "\n"


def export_schemas(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FILE_MODELS:
        path = target / f"{name}.schema.json"
        path.write_text(render_schema(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # python -m scr_cli.store.schema [DIR]
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMAS_DIR
    for p in export_schemas(out):
        print(p)
