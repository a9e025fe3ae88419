"""One agency's papers for `scr send`, each a finished Word or Excel file in the house style.

The agency's IMR draft and its own chronology (never the integrated one: no other agency's entry), the
chronology as a workbook to fill in, the terms of reference, the IMR template, the author's guide and the
letters addressed to the agency or its recipient. Each paper records the file it was made from, that file's
version and a digest of its bytes, so the board can say later which version of what each person holds.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import fileio, paths
from scr_cli.publish import letters, xlsx
from scr_cli.publish.build import build_job
from scr_cli.publish.formats import DOCX
from scr_cli.publish.jobs import TOR, agency_chronology_job, epoch_of, jobs_for
from scr_cli.publish.writers import Page, write_docx
from scr_cli.store.frontmatter import split
from scr_cli.store.imrfolder import template_dir
from scr_cli.store.loader import Loaded

GUIDE = "imr-authors-guide.md"


@dataclass(frozen=True)
class Paper:
    """One file of a package: its name in the package, its bytes, and what it was made from."""

    name: str
    data: bytes
    source: str  # the review file it was made from (review-relative), or scr's template it came from
    version: int | None = None
    digest: str = ""  # sha256 of the source's bytes when it was sent


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _source_digest(loaded: Loaded, rel: str) -> str:
    return _digest(fileio.read_bytes(loaded.root / rel, rel))


def _plain_page(loaded: Loaded, title: str, markdown: str, today: date) -> Page:
    """A page without cover or DRAFT mark (a template, the guide): the review's reference in its footer."""
    info = loaded.review.info
    meta = {"reference": info.reference, "board": info.board, "subtitle": "", "version-label": "", "date": "",
            "status-label": "", "signed": "", "classification": loaded.config.build.classification, "draft": "no",
            "title": title, "footer": f"{info.reference} · {title}"}
    return Page(markdown, meta, loaded.root, epoch_of(today), False, cover=False, numbered=False)


def _render(page: Page, scratch: Path, name: str) -> bytes:
    out = scratch / name
    write_docx(page, out)
    return out.read_bytes()


def _guide(root: Path) -> tuple[Path, str]:
    """The board's own guide (.scr/templates/) first, scr's otherwise; with the name a paper records."""
    own = root / ".scr" / "templates" / GUIDE
    return (own, f".scr/templates/{GUIDE}") if own.is_file() else (paths.templates_dir() / GUIDE, f"scr:{GUIDE}")


def _from_template(loaded: Loaded, file: Path, shown: str, name: str, today: date, scratch: Path) -> Paper:
    raw = fileio.read_bytes(file, shown)
    _, body, _ = split(raw.decode("utf-8"), shown)
    title = "IMR template" if name.startswith("imr-template") else "Guide for IMR authors"
    return Paper(name, _render(_plain_page(loaded, title, body, today), scratch, name), shown, None, _digest(raw))


def _documents(loaded: Loaded, agency: str, scratch: Path) -> list[Paper]:
    imr_rel = f"05-imr/{agency}/imr.md"
    imr = jobs_for(loaded, ["imr", agency], False)[0]
    tor = jobs_for(loaded, ["terms-of-reference"], False)[0]
    chron = agency_chronology_job(loaded, agency)
    out = []
    for job, name, rel in ((imr, "imr.docx", imr_rel), (chron, "chronology.docx", chron.parts[0]),
                           (tor, "terms-of-reference.docx", TOR)):
        built = build_job(loaded, job, DOCX, scratch)
        out.append(Paper(name, built.path.read_bytes(), rel, job.version, _source_digest(loaded, rel)))
    return out


def papers(loaded: Loaded, agency: str, person: str, today: date) -> list[Paper]:
    """Every paper of this agency's package for `person`, built in a private scratch folder that is removed."""
    chron_rel = f"05-imr/{agency}/chronology.yaml"
    with tempfile.TemporaryDirectory(prefix="scr-send-") as tmp:  # 0700: the drafts are plaintext while built
        scratch = Path(tmp)
        out = _documents(loaded, agency, scratch)
        chronology = loaded.chronologies[agency]  # present: agency_chronology_job refused a missing one
        digest = _source_digest(loaded, chron_rel)
        matched = {"scr-reference": loaded.review.info.reference, "scr-path": chron_rel,
                   "scr-sha256": digest.removeprefix("sha256:")}  # as every DOCX scr builds: `scr receive` reads them
        out.append(Paper("chronology.xlsx", xlsx.chronology_bytes(agency, chronology.entries, today, matched),
                         chron_rel, None, digest))
        template = template_dir(loaded.root) / "imr.md"
        shown = "scr:imr.md" if not template.is_relative_to(loaded.root) else f"{template.relative_to(loaded.root)}"
        out.append(_from_template(loaded, template, shown, "imr-template.docx", today, scratch))
        guide, shown = _guide(loaded.root)
        out.append(_from_template(loaded, guide, shown, "guide-for-imr-authors.docx", today, scratch))
        for template_, page in letters.addressed_to(loaded, agency, person, today):
            name = f"letter-{template_.kind}.docx"
            out.append(Paper(name, _render(page, scratch, name), f"letters/{template_.kind}.md"))
    return out
