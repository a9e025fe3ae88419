"""What `scr build` makes: targets -> jobs (Markdown, metadata, draft or approved, public or not)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from scr_cli.adapters.unicode_data import unicode_data
from scr_cli.errors import DataError
from scr_cli.publish.markdown import (
    APPENDIX,
    Assembled,
    SourceLine,
    action_plan_markdown,
    body_lines,
    chronology_markdown,
)
from scr_cli.review.chronology import merge
from scr_cli.review.layout import ACTION_PLAN
from scr_cli.review.model import Document
from scr_cli.review.pseudonyms import Name, NameMatcher
from scr_cli.store.loader import Loaded

TARGETS = ("terms-of-reference", "imr", "overview", "summary", "action-plan", "chronology", "pack")
TOR = "04-terms-of-reference/terms-of-reference.md"
OVERVIEW = "06-overview/overview-report.md"
SUMMARY = "06-overview/executive-summary.md"
ALLOWED_ROLES = ("board-chair", "panel-chair", "overview-author")
PUBLIC_CLASSIFICATION = "For publication"


@dataclass
class Job:
    """One document to build: its target, file name, title, assembled Markdown, and draft and public marks."""

    target: str
    stem: str  # output file name without extension
    title: str
    markdown: Assembled
    draft: bool
    public: bool
    version: int | None
    when: date | None
    subtitle: str = ""
    parts: list[str] = field(default_factory=list)  # source documents, for messages


def is_approved(loaded: Loaded, doc_path: str) -> bool:
    """Final, with a valid, current sign-off for every sign-off the regime requires of it.

    Uses the hooks' checks (scr_cli.review.signoff): each signature is verified against .scr/keys/, made
    with the signer's registered key, and over the document's current content (a stale one does not count).
    """
    review = loaded.review
    doc = review.document(doc_path)
    if doc is None or doc.locked or doc.status != "final":
        return False
    spec = loaded.regime.document_for(doc_path)
    if spec is None or not spec.signoffs:
        return True
    candidates = [s for s in review.signoffs if s.document == doc_path]
    if not candidates:
        return False
    from scr_cli.gate.hooks import verifier
    from scr_cli.review.signoff import document_fingerprint, missing_signoffs, signoff_state
    from scr_cli.store.tree import WorkTree

    verify = verifier(WorkTree(loaded.root))
    current = document_fingerprint(doc, review)
    states = [signoff_state(s, review, loaded.regime, current, verify) for s in candidates]
    return not missing_signoffs(doc, review, loaded.regime, states)


def protected_names(loaded: Loaded) -> tuple[list[Name], list[str]]:
    """(names to replace, allowed names): the family and staff other than the three named roles."""
    names: list[Name] = []
    if loaded.family is not None:
        for m in loaded.family.members:
            if m.real_names:
                names.append(Name(f"family member '{m.pseudonym}'", m.pseudonym, tuple(m.real_names)))
    allowed: list[str] = []
    for p in loaded.review.people:
        if any(r in ALLOWED_ROLES for r in p.roles):
            allowed.append(p.name)
        else:
            role = loaded.regime.role(p.roles[0]) if p.roles else None
            label = (p.job_title or (role.title if role else "practitioner")).strip()
            names.append(Name(f"staff member '{p.id}'", "the " + label[:1].lower() + label[1:], (p.name,)))
    return names, allowed


def matcher_for(loaded: Loaded) -> NameMatcher:
    """The one matcher (scr_cli/review/pseudonyms.py) for this review's protected and allowed names."""
    names, allowed = protected_names(loaded)
    return NameMatcher(names, allowed, data=unicode_data())


def _doc(loaded: Loaded, rel: str) -> Document:
    for issue in sorted(loaded.issues, key=lambda x: x.sort_key()):
        if issue.path == rel and issue.severity == "error":
            raise DataError(
                issue.message, path=rel, line=issue.line or None, column=issue.column or None, hint=issue.hint or None
            )
    doc = loaded.review.document(rel)
    if doc is None or doc.locked:
        if (loaded.root / (rel + ".gpg")).is_file():
            raise DataError(
                f"{rel} is locked (only its encrypted copy is present)", path=rel, hint=f"run `scr unlock {rel}` first"
            )
        raise DataError(f"{rel} does not exist", path=rel, hint="write it, or build another target")
    return doc


def _agency_names(loaded: Loaded) -> dict[str, str]:
    return {a.id: a.name for a in loaded.review.agencies}


def _generated(text: str, where: str) -> Assembled:
    out = Assembled([], [])
    out.add(text, SourceLine(where, 0))
    return out


def chronology_part(
    loaded: Loaded, heading: str = "#", title: str = "Integrated chronology", appendix: bool = False
) -> Assembled:
    for rel in sorted({i.path for i in loaded.issues if i.path.endswith("chronology.yaml") and i.severity == "error"}):
        first = next(i for i in loaded.issues if i.path == rel and i.severity == "error")
        raise DataError(first.message, path=rel, line=first.line, column=first.column, hint=first.hint)
    for folder in sorted((loaded.root / "05-imr").glob("*/chronology.yaml.gpg")):
        if not folder.with_suffix("").is_file():
            rel = folder.relative_to(loaded.root).as_posix()[:-4]
            raise DataError(
                f"{rel} is locked (only its encrypted copy is present)", path=rel, hint=f"run `scr unlock {rel}` first"
            )
    merged = merge({k: v.entries for k, v in loaded.chronologies.items()})
    text = chronology_markdown(merged, _agency_names(loaded), heading, title)
    return _generated((APPENDIX if appendix else "") + text, "05-imr/*/chronology.yaml")


def action_plan_part(loaded: Loaded, heading: str = "#") -> Assembled:
    return _generated(action_plan_markdown(loaded.review.actions, _agency_names(loaded), heading), ACTION_PLAN)


def _document_job(loaded: Loaded, target: str, rel: str, stem: str, public: bool, subtitle: str = "") -> Job:
    doc = _doc(loaded, rel)
    md = body_lines(loaded.root, rel)
    return Job(
        target, stem, doc.title, md, not is_approved(loaded, rel), public, doc.version, doc.date, subtitle, [rel]
    )


def jobs_for(loaded: Loaded, targets: Sequence[str], public: bool) -> list[Job]:  # noqa: C901 - being rewritten (issue 8/9)
    """Parse the targets (`imr AGENCY` takes an optional agency id) into jobs, refusing unknown ones."""
    agencies = [a.id for a in loaded.review.agencies]
    names = _agency_names(loaded)
    jobs: list[Job] = []
    args = list(targets) or ["pack"]
    i = 0
    while i < len(args):
        target = args[i]
        i += 1
        if target not in TARGETS:
            raise DataError(f"unknown target '{target}'", hint=f"use one of: {', '.join(TARGETS)}")
        if target == "terms-of-reference":
            jobs.append(_document_job(loaded, target, TOR, "terms-of-reference", public))
        elif target == "imr":
            chosen = agencies
            if i < len(args) and args[i] not in TARGETS:
                if args[i] not in agencies:
                    raise DataError(
                        f"unknown agency '{args[i]}'",
                        path="agencies.yaml",
                        hint=f"use one of: {', '.join(agencies) or '(none listed)'}",
                    )
                chosen = [args[i]]
                i += 1
            before = len(jobs)
            for agency in chosen:
                rel = f"05-imr/{agency}/imr.md"
                if len(chosen) > 1 and not (loaded.root / rel).exists() and not (loaded.root / (rel + ".gpg")).exists():
                    continue
                job = _document_job(loaded, target, rel, f"imr-{agency}", public, names.get(agency, agency))
                jobs.append(job)
            if len(jobs) == before:  # not a silent success that built nothing
                raise DataError(
                    "there is no IMR to build",
                    path="agencies.yaml" if not agencies else None,
                    hint="list the agencies in agencies.yaml" if not agencies else "write 05-imr/<agency>/imr.md first",
                )
        elif target == "overview":
            job = _document_job(loaded, target, OVERVIEW, "overview-report", public)
            job.markdown.extend(chronology_part(loaded, title="Integrated chronology", appendix=True))
            jobs.append(job)
        elif target == "summary":
            job = _document_job(loaded, target, SUMMARY, "executive-summary", True)
            job.markdown.extend(action_plan_part(loaded))
            job.parts.append(ACTION_PLAN)
            job.draft = job.draft or not is_approved(loaded, ACTION_PLAN)  # it carries the plan in full
            jobs.append(job)
        elif target == "action-plan":
            doc = loaded.review.document(ACTION_PLAN)
            md = action_plan_part(loaded)
            jobs.append(
                Job(
                    target,
                    "action-plan",
                    doc.title if doc else "Action plan",
                    md,
                    not is_approved(loaded, ACTION_PLAN),
                    public,
                    doc.version if doc else None,
                    doc.date if doc else None,
                    "",
                    [ACTION_PLAN],
                )
            )
        elif target == "chronology":
            dates = [e.date for c in loaded.chronologies.values() for e in c.entries]
            jobs.append(
                Job(
                    target,
                    "integrated-chronology",
                    "Integrated chronology",
                    chronology_part(loaded),
                    True,
                    public,
                    None,
                    max(dates) if dates else None,
                    "",
                    ["05-imr/*/chronology.yaml"],
                )
            )
        else:
            jobs.append(pack_job(loaded, public))
    return jobs


def pack_job(loaded: Loaded, public: bool) -> Job:
    """Everything the board adopts, one document: each part a top-level heading, its headings one level down."""
    md = Assembled([], [])
    draft = False
    dates: list[date] = []
    parts: list[str] = []
    names = _agency_names(loaded)
    plan: list[tuple[str, str]] = [(TOR, ""), (OVERVIEW, ""), (SUMMARY, "")]
    plan += [
        (f"05-imr/{a.id}/imr.md", names[a.id])
        for a in loaded.review.agencies
        if (loaded.root / f"05-imr/{a.id}/imr.md").exists() or (loaded.root / f"05-imr/{a.id}/imr.md.gpg").exists()
    ]
    for rel, extra in plan:
        doc = _doc(loaded, rel)
        generic = doc.title.strip().lower() in ("individual management review", "imr", "")
        title = doc.title + (f": {extra}" if extra and generic else "")
        md.add(f"\n# {title}\n", SourceLine(rel, 1))
        md.extend(body_lines(loaded.root, rel, shift=1))
        draft = draft or not is_approved(loaded, rel)
        if doc.date:
            dates.append(doc.date)
        parts.append(rel)
        if rel == SUMMARY:
            md.extend(action_plan_part(loaded, "##"))
            draft = draft or not is_approved(loaded, ACTION_PLAN)
            parts.append(ACTION_PLAN)
    md.extend(chronology_part(loaded, "#", "Integrated chronology", appendix=True))
    overview = loaded.review.document(OVERVIEW)
    return Job(
        "pack",
        "review-pack",
        "Serious case review: the full report",
        md,
        draft,
        public,
        overview.version if overview else None,
        max(dates) if dates else None,
        "Overview report, executive summary, action plan and agency reviews",
        parts,
    )


def epoch_of(when: date | None) -> int:
    """Typst's timestamp and SOURCE_DATE_EPOCH: the document's date, else SOURCE_DATE_EPOCH, else 1 Jan 2000."""
    if when is not None:
        return int(datetime(when.year, when.month, when.day, 12, tzinfo=UTC).timestamp())
    env = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(env) if env.isdigit() else 946728000


def default_out(root: Path) -> Path:
    return root / "build"
