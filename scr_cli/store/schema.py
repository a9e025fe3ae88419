"""pydantic models of every file a review holds, and the JSON Schemas editors use to check them as you type.

One source: `python -m scr_cli.store.schema` regenerates scr_cli/data/schemas/ from these models, and a test
fails when the committed schemas drift from them. A model's docstring is its description in the schema: editors
show it, so it is written for the person editing the file.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, model_validator

from scr_cli.paths import SCHEMAS_DIR
from scr_cli.store.schema_base import FINGERPRINT, ID, Strict
from scr_cli.store.schema_followup import FOLLOWUP_FILES
from scr_cli.store.schema_regime import RegimeFile, RegimeVariantFile


class CreatedWith(Strict):
    """Which scr and template versions created the review."""

    scr: str = Field(description="scr version that created the review")
    template: str = Field(description="review-template version it was copied from")


class CooperatingBoard(Strict):
    """Another board with an interest in the case, which co-operates in the review."""

    board: str = Field(min_length=1, description="The board's name")
    area: str = Field("", description="The area it covers, e.g. Southshire")


class ReviewFile(Strict):
    """review.yaml: the case itself."""

    reference: str = Field(min_length=1, description="The board's reference for this review, e.g. SCR-2026-03")
    board: str = Field(min_length=1, description="Name of the safeguarding board or partnership")
    regime: str = Field("scr-2015", description="Process rules the review follows (a file in scr's regimes)")
    child: str = Field(min_length=1, description="The child's pseudonym, e.g. 'Child R'. Never a real name.")
    title: str = Field("", description="Short public title, pseudonyms only")
    themes: list[str] = Field(default_factory=list,
                              description="Short themes for the board's tracker, e.g. neglect, domestic-abuse")
    created_with: CreatedWith | None = None
    area: str = Field("", description="The area this board covers, e.g. Northshire (for the lead-board rule)")
    residence: str = Field("", description="Where the child is or was ordinarily resident (an area); 'none' when "
                                           "the child had no fixed residence")
    looked_after_by: str = Field("", description="The local authority (area) looking after the child, if looked after")
    harmed_in: str = Field("", description="The area where the harm happened")
    lead_agreed: str = Field("", description="When the boards agreed a lead other than the rule gives: who agreed, "
                                             "when and why")
    cooperating_boards: list[CooperatingBoard] = Field(default_factory=list,
                                                       description="Other boards with an interest or involvement")


Sector = Literal[
    "social-care", "health", "education", "police", "probation", "housing", "youth-justice",
    "voluntary", "local-authority", "other",
]


class AppointmentRecord(Strict):
    """One record of an independent appointment (an insurance, a contract): what it is and when it ends."""

    expires: date = Field(description="The last day it is valid (YYYY-MM-DD)")
    reference: str = Field("", description="A policy or contract number, or where the record is kept")


class Appointment(Strict):
    """The records an independent chair or author holds for the appointment (procedure 3, Appendix 16)."""

    indemnity: AppointmentRecord | None = Field(None, description="Professional indemnity insurance")
    supervision: AppointmentRecord | None = Field(None, description="Arrangements for professional supervision")
    data_protection: AppointmentRecord | None = Field(None, description="Data protection registration")
    contract: AppointmentRecord | None = Field(None, description="The contract for the appointment")


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
    appointment: Appointment | None = Field(None, description="An independent appointee's records, with expiry")


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
    """One family member: the pseudonym public documents use, every real name to keep out of them, and their place.

    The id, sex, parents and the rest are optional: they are what the genogram is drawn from
    (`scr build genogram`). Siblings need no entry of their own: children of the same parent are siblings.
    """

    id: str | None = Field(None, pattern=ID, description="Short id the relationships use, e.g. 'mother'")
    pseudonym: str = Field(min_length=1, description="How public documents name this person, e.g. 'Mother'")
    relationship: str = ""
    real_names: list[str] = Field(default_factory=list, description="Real name and every variant used")
    subject: bool = Field(False, description="The child the review is about (one member only)")
    sex: Literal["male", "female", "unknown"] = Field(
        "unknown", description="Drawn as a square (male), a circle (female) or a diamond (unknown or not stated)"
    )
    born: date | StrictInt | None = Field(None, description="Date or year of birth: orders brothers and sisters")
    deceased: bool = Field(False, description="Drawn with a cross")
    parents: list[str] = Field(default_factory=list, max_length=2, description="Ids of this person's parents")


class Partnership(Strict):
    """Two members who are or were a couple, and how it stands now."""

    partners: list[str] = Field(min_length=2, max_length=2, description="The two members' ids")
    status: Literal["married", "partners", "separated", "divorced"] = Field(
        "partners", description="separated and divorced are drawn with one and two strokes across the line"
    )


class Household(Strict):
    """Members who live together, drawn inside one dashed outline."""

    label: str = Field("", description="A short description, e.g. 'household at the time'; no address")
    members: list[str] = Field(min_length=1, description="Ids of the members living in it")


class FamilyFile(Strict):
    """family.yaml (SENSITIVE): real names, their variants and their pseudonyms, and the family's relationships."""

    members: list[FamilyMember] = Field(default_factory=list)
    partnerships: list[Partnership] = Field(default_factory=list)
    households: list[Household] = Field(default_factory=list)


class SignoffEntry(Strict):
    """A sign-off, or (with `void`) the marker `scr draft reopen` appends: earlier sign-offs of it are void."""

    document: str = Field(description="Path of the document, from the review's root")
    version: StrictInt | None = Field(None, ge=1)  # strict: `true` and `2.0` are not whole numbers
    fingerprint: str | None = Field(None, description="sha256: fingerprint of the signed content")
    person: str | None = Field(None, pattern=ID)
    role: str | None = None
    agency: str | None = None
    date: date
    signature: str = Field("", description="ASCII-armoured detached GPG signature over the record")
    void: Literal["reopened"] | None = Field(None, description="A reopen marker: the sign-offs of this "
                                             "document above it no longer count")

    @model_validator(mode="after")
    def _complete(self) -> SignoffEntry:
        if self.void is None and None in (self.version, self.fingerprint, self.person, self.role):
            raise ValueError("a sign-off needs version, fingerprint, person and role")
        return self


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
    outcome: str = Field("", description="The intended outcome: what will be different once it is done")
    measure: str = Field("", description="How achievement will be measured")
    evidence: str = Field("", description="Evidence that it was done")
    audit: str = Field("", description="Audit that shows the lesson was learnt")
    status: ActionStatus = "not-started"
    completed_on: date | None = None


class ActionPlanFile(Strict):
    """07-action-plan/action-plan.yaml: the multi-agency action plan."""

    title: str = "Action plan"
    version: StrictInt = Field(1, ge=1)
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


class CalendarSettings(Strict):
    """How `scr calendar` writes the review's deadlines for Outlook or Google."""

    alarm_working_days: int = Field(default=2, ge=0, le=30, description="Reminder this many working days before each "
                                                                "statutory deadline in `scr calendar` (0: none)")


class ConfigFile(Strict):
    """.scr/config.yaml: settings of this review."""

    public: list[str] = Field(default_factory=list, description="Paths the board makes public (globs starting at a "
                              "named folder); they count once a chair signed the readers list that repeats them")
    sensitive: list[str] = Field(default_factory=list, description="No longer needed (every file not public is "
                                 "kept encrypted); accepted and ignored")
    extra_bank_holidays: list[date] = Field(default_factory=list, description="One-off bank holidays")
    build: BuildSettings = Field(default_factory=BuildSettings)
    calendar: CalendarSettings = Field(default_factory=CalendarSettings)


class PlanMove(Strict):
    """A date the plan gave this event before it moved (written by `scr plan`)."""

    date: dt.date = Field(description="The date planned before")
    changed_on: dt.date = Field(description="When the plan moved away from it")


class PlanEntry(Strict):
    """One event still to come and the date planned for it."""

    event: str = Field(min_length=1, description="Event id from the regime, e.g. presentation-meeting")
    date: dt.date = Field(description="The planned date (future dates welcome)")
    agency: str | None = Field(None, description="For an agency's own event (an IMR due), the agency's id")
    note: str = Field("", description="A short note (no real names)")
    history: list[PlanMove] = Field(default_factory=list, description="Earlier planned dates, written by scr plan")


class PlanFile(Strict):
    """plan.yaml: the dates the panel plans for events still to come. The log records what happened."""

    plan: list[PlanEntry] = Field(default_factory=list)


class CalendarStamp(Strict):
    """The date a calendar entry last had, its SEQUENCE number and the day that number began."""

    date: dt.date
    sequence: int = Field(0, ge=0)
    stamped: dt.date


class CalendarStateFile(Strict):
    """.scr/calendar.yaml: written by `scr calendar`, so a moved date raises its entry's SEQUENCE."""

    entries: dict[str, CalendarStamp] = Field(default_factory=dict)


class FrontMatter(Strict):
    """The YAML block at the top of every Markdown document."""

    title: str = Field(min_length=1)
    version: StrictInt = Field(ge=1)
    date: date
    status: Literal["draft", "final"]
    agency: str | None = None
    author: str | None = None
    interviewee: str | None = None
    classification: str | None = None


# --- 02-decision/criteria.yaml: the criteria answered for the decision (scr decide) ---

class AnswerEntry(Strict):
    """One criterion answered: met or not (or not known yet), with the evidence it rests on."""

    criterion: str = Field(min_length=1, description="A criterion id of the regime (scr decide --list)")
    met: Literal["yes", "no", "not-known"]
    evidence: str = Field("", description="What the answer rests on (this file is sensitive: it is encrypted)")


class CriteriaAnswersFile(Strict):
    """02-decision/criteria.yaml: every criterion answered, and the outcome they led to, with its reasons."""

    date: dt.date = Field(description="The day of the decision")
    decided_by: str = Field("", description="The person id (people.yaml) of who decided, e.g. board-chair")
    answers: list[AnswerEntry] = Field(min_length=1)
    outcome: str = Field(min_length=1, description="The decision the answers led to, e.g. review or no-review")
    reasons: str = Field(min_length=1, description="Why, in a few sentences")
    override: str = Field("", description="Why no review is held although a criterion requiring one is met")


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
    "regime-variant": RegimeVariantFile,
    "plan": PlanFile,
    "calendar-state": CalendarStateFile,
    **FOLLOWUP_FILES,
    "criteria": CriteriaAnswersFile,
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
