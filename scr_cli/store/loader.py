"""The review folder <-> the model: find a review, load every file with positions, collect issues.

Loading never stops at the first problem: each file's issues are collected so `scr check` can show them
all. Commands that cannot work on a broken review call `require_clean()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from scr_cli import collector, fileio
from scr_cli.errors import DataError, EnvironmentProblem, ScrError
from scr_cli.review import layout
from scr_cli.review.family import Family, family_issues
from scr_cli.review.layout import ACTION_PLAN
from scr_cli.review.model import (
    Action,
    Agency,
    Answer,
    DecisionAnswers,
    Document,
    Event,
    Issue,
    Person,
    PlannedEvent,
    Pos,
    Review,
    ReviewInfo,
    SignOff,
    Where,
)
from scr_cli.review.planning import plan_issues
from scr_cli.review.references import attachments
from scr_cli.review.regime import Regime, with_earlier_events
from scr_cli.review.signoff import Reopened, mark_void
from scr_cli.store.family import family_of
from scr_cli.store.frontmatter import read_document
from scr_cli.store.regimes import load_regime, with_variant
from scr_cli.store.root import require_clean
from scr_cli.store.schema import (
    ActionPlanFile,
    AgenciesFile,
    ChronologyFile,
    ConfigFile,
    CriteriaAnswersFile,
    FamilyFile,
    LogFile,
    PeopleFile,
    PlanFile,
    ReviewFile,
    SignoffsFile,
)
from scr_cli.store.schema_regime import RegimeVariantFile
from scr_cli.store.tracking_loader import load_tracking
from scr_cli.store.tree import WorkTree
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import YamlDoc, load_file

__all__ = ["Loaded", "answers_from", "load", "load_regime"]


@dataclass
class Loaded:
    """A review read from its folder: the model, its regime and settings, the parsed files and every issue."""

    root: Path
    review: Review
    regime: Regime
    config: ConfigFile
    issues: list[Issue] = field(default_factory=list)
    family: FamilyFile | None = None
    chronologies: dict[str, ChronologyFile] = field(default_factory=dict)
    docs: dict[str, YamlDoc] = field(default_factory=dict)
    kin: Family | None = None  # family.yaml's relationships, for the genogram

    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def require_clean(self) -> None:
        """Refuse to go on when any file is broken: raise the first error, pointing at `scr check`."""
        require_clean(self.issues)


class _Reader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.issues: list[Issue] = []
        self.docs: dict[str, YamlDoc] = {}

    def yaml(self, rel: str, model: type[BaseModel], *, optional: bool = False) -> tuple[Any, YamlDoc | None]:
        file = self.root / rel
        if optional and not os.path.lexists(file):  # not exists(): a link that loops must be reported
            return None, None
        try:
            doc = load_file(file, rel)
        except EnvironmentProblem:
            raise  # the machine's problem, not the file's: no `scr check` issue can fix it
        except ScrError as exc:
            self.issues.append(Issue("error", "yaml", rel, exc.line or 0, exc.column or 0, exc.message, exc.hint or ""))
            return None, None
        self.docs[rel] = doc
        self.issues += [Issue("warning", "encoding", rel, ln, col, m, h) for ln, col, m, h in doc.warnings]
        parsed, problems = validate(doc, model)
        self.issues += problems
        return parsed, doc


def _pos(doc: YamlDoc | None, rel: str, key: tuple[Any, ...]) -> Pos:
    if doc is None:
        return Pos(rel)
    line, col = doc.where(key)
    return Pos(rel, line, col)


def _appointment(doc: YamlDoc | None, i: int, person: Any) -> tuple[tuple[str, date, Pos], ...]:
    """A person's appointment records: (record, expires, where its expiry is written)."""
    if person.appointment is None:
        return ()
    return tuple((name, record.expires, _pos(doc, layout.PEOPLE, ("people", i, "appointment", name, "expires")))
                 for name, record in person.appointment if record is not None)


def load(root: Path) -> Loaded:
    """The review at `root`, validated, with the issues found while loading it."""
    with collector.paused():  # building thousands of events and models: see scr_cli/collector.py
        return _load(root)


def _load(root: Path) -> Loaded:
    reader = _Reader(root)
    info_m, info_doc = reader.yaml(layout.REVIEW, ReviewFile)
    regime_id = info_m.regime if info_m else "scr-2015"
    try:
        regime = load_regime(regime_id)
    except DataError as exc:  # point at the `regime:` line of review.yaml
        line, col = info_doc.where(("regime",)) if info_doc else (None, None)
        raise DataError(exc.message, path=layout.REVIEW, line=line, column=col, hint=exc.hint) from None
    variant_m, variant_doc = reader.yaml(layout.REGIME_VARIANT, RegimeVariantFile, optional=True)
    if variant_m is not None and variant_doc is not None:
        varied, problems = with_variant(variant_doc, regime_id)
        reader.issues += problems
        regime = varied or regime
    config_m, _ = reader.yaml(layout.CONFIG, ConfigFile, optional=True)
    config = config_m or ConfigFile()
    people_m, people_doc = reader.yaml(layout.PEOPLE, PeopleFile)
    agencies_m, agencies_doc = reader.yaml(layout.AGENCIES, AgenciesFile)
    log_m, log_doc = reader.yaml(layout.LOG, LogFile)
    signoffs_m, signoffs_doc = reader.yaml(layout.SIGNOFFS, SignoffsFile)
    family_m, family_doc = reader.yaml(layout.FAMILY, FamilyFile, optional=True)
    kin = family_of(family_m, family_doc) if family_m is not None else None
    if kin is not None:
        reader.issues += family_issues(kin)
    plan_m, plan_doc = reader.yaml(ACTION_PLAN, ActionPlanFile, optional=True)
    dates_m, dates_doc = reader.yaml(layout.PLAN, PlanFile, optional=True)

    info = ReviewInfo(
        reference=info_m.reference if info_m else "?",
        board=info_m.board if info_m else "?",
        regime=regime_id,
        child=info_m.child if info_m else "?",
        pos=_pos(info_doc, layout.REVIEW, ()),
        title=info_m.title if info_m else "",
        themes=tuple(info_m.themes) if info_m else (),
        where=_where(info_m, info_doc),
    )
    people = tuple(
        Person(p.id, p.name, tuple(p.roles), _pos(people_doc, layout.PEOPLE, ("people", i)), p.agency,
               p.organisation, p.job_title, p.email, p.key_fingerprint, p.directly_involved,
               p.line_manager_of_involved, _appointment(people_doc, i, p))
        for i, p in enumerate(people_m.people if people_m else [])
    )
    agencies = tuple(
        Agency(a.id, a.name, a.sector, _pos(agencies_doc, layout.AGENCIES, ("agencies", i)), a.imr)
        for i, a in enumerate(agencies_m.agencies if agencies_m else [])
    )
    events = tuple(
        Event(e.event, e.date, _pos(log_doc, layout.LOG, ("events", i)), e.note, dict(e.model_extra or {}), i)
        for i, e in enumerate(log_m.events if log_m else [])
    )
    signoffs = mark_void(
        Reopened(s.document, s.date) if s.void else
        SignOff(s.document, s.version or 0, s.fingerprint or "", s.person or "", s.role or "", s.date,
                _pos(signoffs_doc, layout.SIGNOFFS, ("signoffs", i)), s.agency, s.signature)
        for i, s in enumerate(signoffs_m.signoffs if signoffs_m else [])
    )
    actions = tuple(
        Action(a.id, a.action, a.owner_agency, a.due, a.status, _pos(plan_doc, ACTION_PLAN, ("actions", i)),
               a.recommendation, a.owner_officer, a.measure, a.evidence, a.audit, a.completed_on, a.outcome)
        for i, a in enumerate(plan_m.actions if plan_m else [])
    )
    documents = list(_documents(root, reader))
    if plan_m is not None:
        documents.append(Document(ACTION_PLAN, Pos(ACTION_PLAN, 1, 1), plan_m.title, plan_m.version, plan_m.date,
                                  plan_m.status))
    chronologies: dict[str, ChronologyFile] = {}
    for file in sorted((root / "05-imr").glob("*/chronology.yaml")):
        rel = file.relative_to(root).as_posix()
        chron, _ = reader.yaml(rel, ChronologyFile)
        if chron is not None:
            chronologies[file.parent.name] = chron

    planned = tuple(
        PlannedEvent(p.event, p.date, _pos(dates_doc, layout.PLAN, ("plan", i)), p.agency, p.note,
                     tuple((m.date, m.changed_on) for m in p.history))
        for i, p in enumerate(dates_m.plan if dates_m else [])
    )
    answers_m, answers_doc = reader.yaml(layout.CRITERIA_ANSWERS, CriteriaAnswersFile, optional=True)
    review = Review(
        root=str(root), info=info, people=people, agencies=agencies, events=events,
        documents=tuple(documents), signoffs=signoffs, actions=actions,
        extra_holidays=tuple(config.extra_bank_holidays), planned=planned,
        tracking=load_tracking(root, reader.yaml),
        answers=_answers(answers_m, answers_doc),
        answers_kept=any(os.path.lexists(root / (layout.CRITERIA_ANSWERS + s)) for s in ("", ".gpg")),
    )
    regime = with_earlier_events(regime, _earlier_regimes(review, regime))
    reader.issues += plan_issues(review, regime)
    return Loaded(root, review, regime, config, reader.issues, family_m, chronologies, reader.docs, kin)


WHERE_FIELDS = ("area", "residence", "looked_after_by", "harmed_in", "lead_agreed")


def _where(info: ReviewFile | None, doc: YamlDoc | None) -> Where | None:
    """The lead-board fields of review.yaml, with their lines; None when none is filled in."""
    if info is None or not any(getattr(info, f) for f in WHERE_FIELDS):
        return None
    lines = {f: _pos(doc, layout.REVIEW, (f,)) for f in (*WHERE_FIELDS, "cooperating_boards")}
    return Where(info.area, info.residence, info.looked_after_by, info.harmed_in, info.lead_agreed,
                 cooperating=tuple((b.board, b.area) for b in info.cooperating_boards), lines=lines)


def answers_from(doc: YamlDoc) -> tuple[DecisionAnswers | None, list[Issue]]:
    """Criteria answers read from any YAML document (a file given to `scr decide`, or the answers typed)."""
    parsed, problems = validate(doc, CriteriaAnswersFile)
    return _answers(parsed, doc), problems


def _answers(parsed: CriteriaAnswersFile | None, doc: YamlDoc | None) -> DecisionAnswers | None:
    if parsed is None or doc is None:
        return None
    rel = doc.path
    answers = tuple(Answer(a.criterion, a.met, a.evidence, _pos(doc, rel, ("answers", i)))
                    for i, a in enumerate(parsed.answers))
    return DecisionAnswers(parsed.date, parsed.decided_by, answers, parsed.outcome, parsed.reasons, parsed.override,
                           Pos(rel, 1, 1), _pos(doc, rel, ("outcome",)))


def _earlier_regimes(review: Review, regime: Regime) -> list[Regime]:
    """The regimes the log says the review followed before (`scr regime switch` records each move)."""
    found: list[Regime] = []
    for event in review.events_of(regime.scr_events.switched):
        name = str(event.fields.get("from_regime", ""))
        try:
            found.append(load_regime(name))
        except ScrError:
            continue  # a regime scr no longer ships adds no events
    return found


def _documents(root: Path, reader: _Reader) -> list[Document]:
    found: list[Document] = []
    files = WorkTree(root)
    for folder in layout.DOCUMENT_FOLDERS:
        base = root / folder
        if not base.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames.sort()
            for name in sorted(filenames):
                file = Path(dirpath) / name
                rel = file.relative_to(root).as_posix()
                if name.endswith(".md"):
                    try:
                        raw = fileio.read_bytes(file, rel)
                    except (FileNotFoundError, IsADirectoryError):  # a dangling symlink, a folder named *.md
                        reader.issues.append(Issue("error", "front-matter", rel, 1, 1, "the document cannot be read",
                                                   "check that it is a readable file (not a broken link)"))
                        continue
                    try:
                        doc, problems = read_document(raw, rel)
                    except ScrError as exc:
                        reader.issues.append(Issue("error", "front-matter", rel, exc.line or 1, exc.column or 1,
                                                   exc.message, exc.hint or ""))
                        continue
                    reader.issues += problems
                    found.append(replace(doc, attached=attachments(rel, doc.body, files.read)))
                elif name.endswith(".md.gpg") and not (Path(dirpath) / name[:-4]).exists():
                    plain = rel[:-4]
                    found.append(Document(plain, Pos(plain), locked=True))
    return found
