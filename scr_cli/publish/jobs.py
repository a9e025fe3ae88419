"""What `scr build` makes: targets -> jobs (Markdown, metadata, draft or approved, public or not).

`is_approved` is re-exported from publish/approval.py, where the sign-offs are judged.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from scr_cli.adapters.unicode_data import unicode_data
from scr_cli.errors import DataError
from scr_cli.publish import genogram_part
from scr_cli.publish.approval import NAMED_ROLES, Approval, approval
from scr_cli.publish.approval import is_approved as is_approved  # re-exported for callers of jobs
from scr_cli.publish.house import PACK_CONTENTS_DEPTH, long_date
from scr_cli.publish.markdown import (
    APPENDIX,
    Assembled,
    SourceLine,
    action_plan_markdown,
    body_lines,
    cell,
    chronology_markdown,
)
from scr_cli.review.chronology import Integrated, merge
from scr_cli.review.layout import ACTION_PLAN
from scr_cli.review.model import Document
from scr_cli.review.pseudonyms import Name, NameMatcher
from scr_cli.store.loader import Loaded

TARGETS = ("terms-of-reference", "imr", "overview", "summary", "action-plan", "chronology", "genogram", "pack")
TOR = "04-terms-of-reference/terms-of-reference.md"
OVERVIEW = "06-overview/overview-report.md"
SUMMARY = "06-overview/executive-summary.md"
ALLOWED_ROLES = NAMED_ROLES
CHRONOLOGY = "05-imr/*/chronology.yaml"
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
    signed: str = ""  # who signed it off, for the cover ("" for none to show)
    contents: int | None = None  # depth of its contents list; None: by its length (publish/house.py)
    figure: bytes = b""  # the drawing itself, for a format that is a drawing (SVG)
    staged: tuple[tuple[str, bytes], ...] = ()  # files (review-relative) its Markdown shows, made for the build


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


def _details(lines: list[str]) -> str:
    """A document's title block (a `part-details` div: see templates/house.lua), one line per fact."""
    return '::: {.part-details custom-style="Part Details"}\n' + "\n".join(f"| {ln}" for ln in lines) + "\n:::\n\n"


def document_details(title_version: int | None, when: date | None, ap: Approval) -> str:
    """Version, date, status and sign-offs of one document of the pack."""
    if ap.approved:
        status = "Approved: final and signed off"
    elif ap.final:
        status = "DRAFT: final, but not every sign-off it needs is valid"
    else:
        status = "DRAFT: not yet approved"
    lines = [
        f"**Version** {title_version or 'none'}{'' if ap.approved else ', draft'} · **Date** {long_date(when)}",
        f"**Status** {status}",
        "**Signed off** " + ("; ".join(cell(s) for s in ap.signed) if ap.signed else "not yet"),
    ]
    if ap.awaiting:
        lines.append("**Awaiting sign-off by** " + "; ".join(cell(a) for a in ap.awaiting))
    return _details(lines)


def _merged(loaded: Loaded) -> Integrated:
    for rel in sorted({i.path for i in loaded.issues if i.path.endswith("chronology.yaml") and i.severity == "error"}):
        first = next(i for i in loaded.issues if i.path == rel and i.severity == "error")
        raise DataError(first.message, path=rel, line=first.line, column=first.column, hint=first.hint)
    for folder in sorted((loaded.root / "05-imr").glob("*/chronology.yaml.gpg")):
        if not folder.with_suffix("").is_file():
            rel = folder.relative_to(loaded.root).as_posix()[:-4]
            raise DataError(
                f"{rel} is locked (only its encrypted copy is present)", path=rel, hint=f"run `scr unlock {rel}` first"
            )
    return merge({k: v.entries for k, v in loaded.chronologies.items()})


def chronology_part(loaded: Loaded, *, appendix: bool = False, part: bool = False) -> Assembled:
    """The integrated chronology on landscape pages; as a part of a larger document, with its title block."""
    merged = _merged(loaded)
    details = ""
    if part and merged.entries:
        first, last = merged.entries[0].date, merged.entries[-1].date
        details = _details([
            "**Compiled** by scr from each agency's own chronology (05-imr/\\*/chronology.yaml), in date order",
            f"**Period** {long_date(first)} to {long_date(last)}",
        ])
    text = chronology_markdown(merged, _agency_names(loaded), "#", "Integrated chronology", details)
    classes = "{.part .landscape}" if part else "{.landscape}"
    return _generated(f"::: {classes}\n\n{APPENDIX if appendix else ''}{text}\n:::\n", CHRONOLOGY)


def agency_chronology_job(loaded: Loaded, agency: str) -> Job:
    """One agency's own chronology as a document (`scr send`): its entries only, never the integrated one."""
    rel = f"05-imr/{agency}/chronology.yaml"
    errors = sorted((i for i in loaded.issues if i.path == rel and i.severity == "error"), key=lambda i: i.sort_key())
    if errors:
        raise DataError(errors[0].message, path=rel, line=errors[0].line, column=errors[0].column,
                        hint=errors[0].hint)
    chronology = loaded.chronologies.get(agency)
    if chronology is None:
        locked = (loaded.root / (rel + ".gpg")).is_file()
        raise DataError(f"{rel} is {'locked (only its encrypted copy is present)' if locked else 'missing'}",
                        path=rel, hint=f"run `scr unlock {rel}` first" if locked else "restore it, or commission "
                        "the IMR again (`scr imr commission`)")
    merged = merge({agency: chronology.entries})
    name = _agency_names(loaded).get(agency, agency)
    text = chronology_markdown(merged, {agency: name}, "#", f"Chronology: {cell(name)}", "")
    when = max((e.date for e in chronology.entries), default=None)
    return Job("chronology", f"chronology-{agency}", "Agency chronology", _generated(
        f"::: {{.landscape}}\n\n{text}\n:::\n", rel), True, False, None, when, name, [rel])


def action_plan_part(loaded: Loaded, *, part: bool = False, public: bool = False) -> tuple[Assembled, Approval]:
    """The action plan on landscape pages (and, as a part, with its title block) and its approval."""
    doc = loaded.review.document(ACTION_PLAN)
    ap = approval(loaded, ACTION_PLAN, public)
    details = document_details(doc.version, doc.date, ap) if part and doc else ""
    title = doc.title if part and doc and doc.title else "Action plan"
    text = action_plan_markdown(loaded.review.actions, _agency_names(loaded), "#", details, title=cell(title))
    classes = "{.part .landscape}" if part else "{.landscape}"
    return _generated(f"::: {classes}\n\n{text}\n:::\n", ACTION_PLAN), ap


def _document_job(loaded: Loaded, target: str, rel: str, stem: str, public: bool, subtitle: str = "") -> Job:
    doc = _doc(loaded, rel)
    ap = approval(loaded, rel, public)
    md = body_lines(loaded.root, rel)
    signed = "; ".join(ap.signed) or "not yet"
    return Job(target, stem, doc.title, md, not ap.approved, public, doc.version, doc.date, subtitle, [rel], signed)


def _tor_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    return [_document_job(loaded, "terms-of-reference", TOR, "terms-of-reference", public)]


def _imr_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    agencies = [a.id for a in loaded.review.agencies]
    if agency is not None and agency not in agencies:
        listed = ", ".join(agencies) or "(none listed)"
        raise DataError(f"unknown agency '{agency}'", path="agencies.yaml", hint=f"use one of: {listed}")
    chosen = [agency] if agency else agencies
    names = _agency_names(loaded)
    jobs = []
    for one in chosen:
        rel = f"05-imr/{one}/imr.md"
        if len(chosen) > 1 and not (loaded.root / rel).exists() and not (loaded.root / (rel + ".gpg")).exists():
            continue
        jobs.append(_document_job(loaded, "imr", rel, f"imr-{one}", public, names.get(one, one)))
    if not jobs:  # not a silent success that built nothing
        raise DataError(
            "there is no IMR to build",
            path="agencies.yaml" if not agencies else None,
            hint="list the agencies in agencies.yaml" if not agencies else "write 05-imr/<agency>/imr.md first",
        )
    return jobs


def _overview_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    job = _document_job(loaded, "overview", OVERVIEW, "overview-report", public)
    job.markdown.extend(chronology_part(loaded, appendix=True, part=True))
    return [job]


def _summary_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    job = _document_job(loaded, "summary", SUMMARY, "executive-summary", True)
    plan, ap = action_plan_part(loaded, part=True, public=True)
    job.markdown.extend(plan)
    job.parts.append(ACTION_PLAN)
    job.draft = job.draft or not ap.approved  # it carries the plan in full
    return [job]


def _plan_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    doc = loaded.review.document(ACTION_PLAN)
    md, ap = action_plan_part(loaded, public=public)
    title = doc.title if doc else "Action plan"
    version, when = (doc.version, doc.date) if doc else (None, None)
    signed = "; ".join(ap.signed) or "not yet"
    return [Job("action-plan", "action-plan", title, md, not ap.approved, public, version, when, "", [ACTION_PLAN],
                signed)]


def _chronology_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    if agency is not None:  # one agency's own chronology: what `scr send` packs and `scr receive` reads back
        if agency not in _agency_names(loaded):
            listed = ", ".join(_agency_names(loaded)) or "(none listed)"
            raise DataError(f"unknown agency '{agency}'", path="agencies.yaml", hint=f"use one of: {listed}")
        job = agency_chronology_job(loaded, agency)
        job.public = public
        return [job]
    dates = [e.date for c in loaded.chronologies.values() for e in c.entries]
    md = chronology_part(loaded)
    when = max(dates) if dates else None
    return [Job("chronology", "integrated-chronology", "Integrated chronology", md, True, public, None, when, "",
                [CHRONOLOGY])]


def _genogram_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    svg = genogram_part.drawing(loaded, genogram_part.family_for(loaded), public)
    md = genogram_part.genogram_markdown(public)
    job = Job("genogram", "genogram", "Genogram", md, True, public, None, None,
              f"The family of {loaded.review.info.child}", ["family.yaml"])
    job.figure, job.staged = svg, ((genogram_part.staged_path(public), svg),)
    return [job]


def _pack_jobs(loaded: Loaded, public: bool, agency: str | None) -> list[Job]:
    return [pack_job(loaded, public)]


_MAKERS: dict[str, Callable[[Loaded, bool, str | None], list[Job]]] = {
    "terms-of-reference": _tor_jobs,
    "imr": _imr_jobs,
    "overview": _overview_jobs,
    "summary": _summary_jobs,
    "action-plan": _plan_jobs,
    "chronology": _chronology_jobs,
    "genogram": _genogram_jobs,
    "pack": _pack_jobs,
}


def jobs_for(loaded: Loaded, targets: Sequence[str], public: bool) -> list[Job]:
    """Parse the targets (`imr` and `chronology` take an optional agency id) into jobs, refusing unknown ones."""
    args = list(targets) or ["pack"]
    jobs: list[Job] = []
    i = 0
    while i < len(args):
        target = args[i]
        i += 1
        if target not in _MAKERS:
            raise DataError(f"unknown target '{target}'", hint=f"use one of: {', '.join(TARGETS)}")
        agency = None
        if target in ("imr", "chronology") and i < len(args) and args[i] not in _MAKERS:
            agency = args[i]
            i += 1
        jobs += _MAKERS[target](loaded, public, agency)
    return jobs


def _pack_plan(loaded: Loaded) -> list[tuple[str, str]]:
    names = _agency_names(loaded)
    plan: list[tuple[str, str]] = [(TOR, ""), (OVERVIEW, ""), (SUMMARY, "")]
    for a in loaded.review.agencies:
        rel = f"05-imr/{a.id}/imr.md"
        if (loaded.root / rel).exists() or (loaded.root / (rel + ".gpg")).exists():
            plan.append((rel, names[a.id]))
    return plan


def pack_job(loaded: Loaded, public: bool) -> Job:
    """Everything the board adopts, in one document.

    Each part starts a page with a top-level heading and its own title block (version, date, status,
    sign-offs); its own headings are one level down.
    """
    md = Assembled([], [])
    draft = False
    dates: list[date] = []
    parts: list[str] = []
    for rel, extra in _pack_plan(loaded):
        doc = _doc(loaded, rel)
        generic = doc.title.strip().lower() in ("individual management review", "imr", "")
        title = doc.title + (f": {extra}" if extra and generic else "")
        ap = approval(loaded, rel, public)
        md.add(f"\n::: {{.part}}\n\n# {title}\n\n{document_details(doc.version, doc.date, ap)}", SourceLine(rel, 0))
        md.extend(body_lines(loaded.root, rel, shift=1))
        md.add("\n:::\n", SourceLine(rel, 0))
        draft = draft or not ap.approved
        if doc.date:
            dates.append(doc.date)
        parts.append(rel)
        if rel == SUMMARY:
            plan, plan_ap = action_plan_part(loaded, part=True, public=public)
            md.extend(plan)
            draft = draft or not plan_ap.approved
            parts.append(ACTION_PLAN)
    staged: tuple[tuple[str, bytes], ...] = ()
    if loaded.kin is not None and loaded.kin.drawable():  # a locked family.yaml: the pack goes without it
        svg = genogram_part.drawing(loaded, loaded.kin, public)
        md.extend(genogram_part.genogram_markdown(public, "# Genogram"))
        staged = ((genogram_part.staged_path(public), svg),)
    md.extend(chronology_part(loaded, appendix=True, part=True))
    overview = loaded.review.document(OVERVIEW)
    job = Job(
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
    job.contents = PACK_CONTENTS_DEPTH
    job.staged = staged
    return job


def epoch_of(when: date | None) -> int:
    """Typst's timestamp and SOURCE_DATE_EPOCH: the document's date, else SOURCE_DATE_EPOCH, else 1 Jan 2000."""
    if when is not None:
        return int(datetime(when.year, when.month, when.day, 12, tzinfo=UTC).timestamp())
    env = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(env) if env.isdigit() else 946728000


def default_out(root: Path) -> Path:
    return root / "build"


PUBLIC_SUFFIX = "-public"  # public editions: `<stem>-public.<format>`; the executive summary is always one
ALWAYS_PUBLIC = ("executive-summary",)


def public_output(name: str) -> bool:
    """Whether a file in build/ is a public edition (which anyone may read); every other output is restricted."""
    stem = name.rsplit(".", 1)[0]
    return stem.endswith(PUBLIC_SUFFIX) or stem in ALWAYS_PUBLIC
