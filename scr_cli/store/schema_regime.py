"""pydantic models of a regime file (the process rules shipped with scr) and of a board's local variant of one.

store/schema.py lists them with the review's files, so their JSON Schemas are exported and checked the same
way; review/regime.py turns a checked regime file into the rule types the pure core works with.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from scr_cli.store.schema_base import ID, Strict
from scr_cli.store.schema_followup import (
    BoardRulesModel,
    EvaluationRulesModel,
    FoiRulesModel,
    MonitoringModel,
    ProceedingRulesModel,
    RetentionRulesModel,
)


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


Roll = Literal["back", "forward", "none"]
Length = dict[Literal["working_days", "days", "weeks", "months"], int]


class ClockModel(Strict):
    """A statutory clock: the event that starts it, how long it runs, and the events that meet it."""

    id: str = Field(pattern=ID)
    title: str
    starts: str | None = None
    before: str | None = None
    due: Length = Field(min_length=1, max_length=1)
    met_by: list[str]
    requires_also: list[str] = Field(default_factory=list)
    only_if: ConditionModel | None = None
    extended_by: str | None = None
    extension_notified_by: str | None = None
    repeat_until: str | None = None
    not_before: bool = False
    met_before_start: bool = Field(False, description="a met_by event dated before the start still meets it "
                                                      "(what it asks for had already been done)")
    source: str = ""
    roll: Roll = Field("none", description="A deadline on a weekend or bank holiday moves back, forward or not")
    statutory: bool = Field(True, description="False for a local target (a board's variant may remove it)")


class NoticeModel(Strict):
    """A notice rule: an event announcing a date must come at least this long before that date."""

    id: str = Field(pattern=ID)
    title: str
    event: str
    date_field: str
    at_least: dict[Literal["working_days", "days", "weeks", "months"], int] = Field(min_length=1, max_length=1)
    source: str = ""


class OrderModel(Strict):
    """An order rule: when both events have happened, `earlier` is expected on or before `later`."""

    earlier: str
    later: str
    source: str = Field("", description="the procedure's section that sets the order")
    severity: Literal["warning", "error"] = Field(
        "warning", description="warning: logged as it happened, then flagged (the default); error: refused")


class SignoffSpecModel(Strict):
    """A sign-off a document needs: the role, and whether one is needed per agency, involved or owner.

    `named`: the one person the file is named after signs it (05-imr/police/interviews/pc-ash.md: pc-ash).
    """

    role: str
    per: Literal["agency", "involved", "owners", "named"] | None = None
    meaning: str = ""


class DocumentSpecModel(Strict):
    """A kind of document: its path, whether its drafts are dated, and the sign-offs it needs."""

    id: str = Field(pattern=ID)
    title: str
    path: str
    dated_drafts: bool = True
    signoffs: list[SignoffSpecModel] = Field(default_factory=list)
    then_log: str | None = Field(None, description="the event to log once the document is final (scr status "
                                                   "and scr signoff suggest it)")
    headings: list[str] = Field(default_factory=list, description="The standard headings it must have, in order")
    template: str = Field("", description="Its template in the review, when not at its own path (one per agency)")


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


class AppointmentsModel(Strict):
    """The roles whose holders keep appointment records in people.yaml, and which records."""

    roles: list[str]
    records: list[Literal["indemnity", "supervision", "data_protection", "contract"]]
    source: str = ""


class CirculationModel(Strict):
    """Documents sent round the panel: once the event is logged, the roles read what the paths name."""

    event: str = Field(description="The event that circulates the documents (e.g. imr-circulated)")
    roles: list[str] = Field(min_length=1, description="The roles the documents are circulated to")
    paths: list[str] = Field(min_length=1, description="The documents, as globs (05-imr/*/imr.md)")


class ReadersRulesModel(Strict):
    """Who reads each sensitive file.

    Roles that read everything, roles that read their own agency's folder, and the documents circulated to
    other roles once an event is logged.
    """

    core: list[str] = Field(min_length=1, description="Roles that read every sensitive file")
    agency: list[str] = Field(default_factory=list, description="Roles that read their own agency's folder")
    circulated: list[CirculationModel] = Field(default_factory=list,
                                               description="Documents other roles read once an event is logged")
    source: str = ""


class ScrEventsModel(Strict):
    """The events scr itself writes to the log, by what writes them."""

    opened: str | None = Field(default=None, description="The event `scr new` logs with the date it is given")
    reopened: str | None = Field(default=None, description="The event `scr draft reopen` logs")
    switched: str | None = Field(default=None, description="The event `scr regime switch` logs")
    imr_commissioned: str | None = Field(default=None, description="The event `scr imr commission` logs")
    imr_received: str | None = Field(default=None, description="The event `scr imr receive` logs (and plans)")
    interview_notice: str | None = Field(default=None, description="The event `scr interview plan` logs")
    papers_sent: str | None = Field(default=None, description="The event `scr send` logs (an agency's papers sent)")


class ScrRolesModel(Strict):
    """The roles scr's commands look for, by what they do."""

    imr_author: str | None = Field(default=None, description="Who `scr imr commission --author` must be")
    interviewee: str | None = Field(default=None, description="Who `scr interview plan --interviewee` must be")
    sender: str | None = Field(default=None, description="Who signs the letters `scr letter` writes")


class CriterionModel(Strict):
    """One criterion for deciding on a review, in our own words, with the procedure's section."""

    id: str = Field(pattern=ID)
    kind: Literal["requires", "consider"] = Field(description="requires: met, a review is held unless overridden; "
                                                              "consider: met, the board weighs one")
    text: str = Field(min_length=1)
    source: str = ""


class CriteriaModel(Strict):
    """The criteria walked through by `scr decide`, and the event whose outcome they lead to."""

    decides: str = Field(min_length=1, description="The decision event (its `outcome` field is the decision)")
    items: list[CriterionModel] = Field(min_length=1)


class LeadStepModel(Strict):
    """One step of the lead-board rule: a review.yaml field that, when filled in, names the leading area."""

    field: Literal["looked_after_by", "residence", "harmed_in"]
    why: str = Field(min_length=1)
    agree: bool = Field(False, description="The procedure does not settle it: the boards record their agreement")


class LeadBoardModel(Strict):
    """Which board leads a review, as an ordered list of review.yaml fields."""

    source: str = ""
    by: list[LeadStepModel] = Field(min_length=1)


class RegimeFile(Strict):
    """A regime: the stages, events, clocks, sign-offs and independence rules of one procedure."""

    id: str = Field(pattern=ID)
    title: str
    template: str = Field("", description="Folder of regime-templates/ laid over review-template/ by scr new")
    scr_events: ScrEventsModel = Field(default_factory=ScrEventsModel)
    scr_roles: ScrRolesModel = Field(default_factory=ScrRolesModel)
    proceeds_if: ConditionModel | None = Field(None, description="When the review goes ahead")
    events: list[EventSpecModel]
    order: list[OrderModel] = Field(default_factory=list, description="the order events are expected in")
    stages: list[StageModel]
    clocks: list[ClockModel]
    notices: list[NoticeModel] = Field(default_factory=list)
    documents: list[DocumentSpecModel]
    public: list[str] = Field(default_factory=list, description="Paths a review may commit in plaintext (globs)")
    independence: list[IndependenceModel] = Field(default_factory=list)
    panel: PanelModel | None = None
    roles: list[RoleModel] = Field(default_factory=list)
    monitoring: MonitoringModel | None = None
    proceedings: ProceedingRulesModel | None = None
    foi: FoiRulesModel | None = None
    evaluation: EvaluationRulesModel | None = None
    retention_rules: RetentionRulesModel | None = None
    board: BoardRulesModel | None = None
    criteria: CriteriaModel | None = Field(None, description="What `scr decide` walks through")
    lead_board: LeadBoardModel | None = Field(None, description="Which board leads the review")
    appointment_records: AppointmentsModel | None = Field(None, description="Which roles keep appointment records")
    readers: ReadersRulesModel | None = Field(None, description="Who reads each sensitive file (scopes)")
    placeholders: list[str] = Field(default_factory=list,
                                    description="Words the templates leave to be filled in; scr check finds them")


# --- a board's local variant of a shipped regime (.scr/regime.yaml) ---

class ClockOverrideModel(Strict):
    """A clock of the base regime changed (by id), or a new clock (every field given)."""

    id: str = Field(pattern=ID)
    title: str | None = None
    starts: str | None = None
    before: str | None = None
    due: Length | None = None
    met_by: list[str] | None = None
    requires_also: list[str] | None = None
    only_if: ConditionModel | None = None
    extended_by: str | None = None
    extension_notified_by: str | None = None
    repeat_until: str | None = None
    not_before: bool | None = None
    roll: Roll | None = None
    statutory: bool | None = None
    source: str = Field(min_length=1, description="Where the board's rule comes from (its procedure, section)")


class RemoveModel(Strict):
    """What the variant drops from the regime it extends: local targets only."""

    clocks: list[str] = Field(default_factory=list, description="Local-target clocks of the base this board drops")


class RegimeVariantFile(Strict):
    """.scr/regime.yaml: a board's local variant, the shipped regime it extends with its own changes."""

    extends: str = Field(min_length=1, description="The regime it builds on, as in review.yaml (e.g. cspr-2018)")
    id: str | None = Field(None, pattern=ID, description="A name for the variant, e.g. northshire-cspr")
    title: str | None = None
    source: str = Field("", description="The board's procedure these changes come from")
    clocks: list[ClockOverrideModel] = Field(default_factory=list)
    events: list[EventSpecModel] = Field(default_factory=list)
    documents: list[DocumentSpecModel] = Field(default_factory=list)
    order: list[OrderModel | list[str]] = Field(default_factory=list)
    notices: list[NoticeModel] = Field(default_factory=list)
    remove: RemoveModel = Field(default_factory=RemoveModel)
