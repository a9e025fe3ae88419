"""The review folder <-> the model: find a review, load every file with positions, collect issues.

Loading never stops at the first problem: each file's issues are collected so `scr check` can show them
all. Commands that cannot work on a broken review call `require_clean()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from scr_cli import paths
from scr_cli.errors import DataError, ScrError
from scr_cli.review import layout
from scr_cli.review.layout import ACTION_PLAN
from scr_cli.review.model import (
    Action,
    Agency,
    Document,
    Event,
    Issue,
    Person,
    Pos,
    Review,
    ReviewInfo,
    SignOff,
)
from scr_cli.review.references import attachments
from scr_cli.review.regime import Regime, regime_from_dict
from scr_cli.store.frontmatter import read_document
from scr_cli.store.root import require_clean
from scr_cli.store.schema import (
    ActionPlanFile,
    AgenciesFile,
    ChronologyFile,
    ConfigFile,
    FamilyFile,
    LogFile,
    PeopleFile,
    RegimeFile,
    ReviewFile,
    SignoffsFile,
)
from scr_cli.store.tree import WorkTree
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import YamlDoc, load_file


@lru_cache(maxsize=8)
def load_regime(regime_id: str) -> Regime:
    file = paths.regime_file(regime_id)
    if file is None:
        known = ", ".join(sorted(p.stem for p in paths.REGIMES_DIR.glob("*.yaml")))
        raise DataError(f"unknown regime '{regime_id}'", path=layout.REVIEW, hint=f"use one of: {known}")
    doc = load_file(file, f"regime {regime_id}")
    model, issues = validate(doc, RegimeFile)
    if model is None:
        first = issues[0]
        raise ScrError(f"the regime file is invalid: {first.message}", path=file.name, line=first.line,
                       column=first.column, hint="reinstall scr")
    return regime_from_dict(model.model_dump())


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
        if optional and not file.exists():
            return None, None
        try:
            doc = load_file(file, rel)
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


def load(root: Path) -> Loaded:
    reader = _Reader(root)
    info_m, info_doc = reader.yaml(layout.REVIEW, ReviewFile)
    regime_id = info_m.regime if info_m else "scr-2015"
    try:
        regime = load_regime(regime_id)
    except DataError as exc:  # point at the `regime:` line of review.yaml
        line, col = info_doc.where(("regime",)) if info_doc else (None, None)
        raise DataError(exc.message, path=layout.REVIEW, line=line, column=col, hint=exc.hint) from None
    config_m, _ = reader.yaml(layout.CONFIG, ConfigFile, optional=True)
    config = config_m or ConfigFile()
    people_m, people_doc = reader.yaml(layout.PEOPLE, PeopleFile)
    agencies_m, agencies_doc = reader.yaml(layout.AGENCIES, AgenciesFile)
    log_m, log_doc = reader.yaml(layout.LOG, LogFile)
    signoffs_m, signoffs_doc = reader.yaml(layout.SIGNOFFS, SignoffsFile)
    family_m, _ = reader.yaml(layout.FAMILY, FamilyFile, optional=True)
    plan_m, plan_doc = reader.yaml(ACTION_PLAN, ActionPlanFile, optional=True)

    info = ReviewInfo(
        reference=info_m.reference if info_m else "?",
        board=info_m.board if info_m else "?",
        regime=regime_id,
        child=info_m.child if info_m else "?",
        pos=_pos(info_doc, layout.REVIEW, ()),
        title=info_m.title if info_m else "",
    )
    people = tuple(
        Person(p.id, p.name, tuple(p.roles), _pos(people_doc, layout.PEOPLE, ("people", i)), p.agency,
               p.organisation, p.job_title, p.email, p.key_fingerprint, p.directly_involved,
               p.line_manager_of_involved)
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
    signoffs = tuple(
        SignOff(s.document, s.version, s.fingerprint, s.person, s.role, s.date,
                _pos(signoffs_doc, layout.SIGNOFFS, ("signoffs", i)), s.agency, s.signature)
        for i, s in enumerate(signoffs_m.signoffs if signoffs_m else [])
    )
    actions = tuple(
        Action(a.id, a.action, a.owner_agency, a.due, a.status, _pos(plan_doc, ACTION_PLAN, ("actions", i)),
               a.recommendation, a.owner_officer, a.measure, a.evidence, a.audit, a.completed_on)
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

    review = Review(
        root=str(root), info=info, people=people, agencies=agencies, events=events,
        documents=tuple(documents), signoffs=signoffs, actions=actions,
        extra_holidays=tuple(config.extra_bank_holidays),
    )
    return Loaded(root, review, regime, config, reader.issues, family_m, chronologies, reader.docs)


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
                        raw = file.read_bytes()
                    except OSError:  # a dangling symlink, a folder named *.md, no permission
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
