"""The standard-headings checks of `scr check` and the hooks, fed with each document's text and its template.

The rule is pure (`review.sections`); this module finds what it needs: the document's front matter and body
as written, and the template's guidance under each heading (the review's own template first — a board may
have edited it — then the regime's shipped one, then scr's).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from scr_cli import paths
from scr_cli.errors import ScrError
from scr_cli.review.model import Document, Issue
from scr_cli.review.regime import DocumentSpec, Regime
from scr_cli.review.sections import guidance_of, section_issues
from scr_cli.store.frontmatter import split

Read = Callable[[str], bytes | None]


def _shipped(regime: Regime, rel: str) -> bytes | None:
    folders = [paths.regime_templates_dir() / regime.template] if regime.template else []
    for folder in [*folders, paths.review_template_dir()]:
        file = folder / rel
        if file.is_file():
            return file.read_bytes()
    return None


def _guidance(read: Read, regime: Regime, spec: DocumentSpec) -> dict[str, str]:
    rel = spec.template or ("" if "*" in spec.path else spec.path)
    raw = (read(rel) if spec.template else None) or _shipped(regime, rel) if rel else None
    if raw is None:
        return {}
    try:
        return guidance_of(split(raw.decode("utf-8", "replace"), rel)[1])
    except ScrError:
        return {}


def issues(read: Read, documents: Iterable[Document], regime: Regime,
           finals: set[str] | None = None) -> list[Issue]:
    """Headings, empty sections and placeholders of every document (`finals`: judged as final)."""
    found: list[Issue] = []
    guidance: dict[str, dict[str, str]] = {}
    for doc in documents:
        spec = regime.document_for(doc.path)
        if doc.locked or spec is None or not (spec.headings or regime.placeholders):
            continue
        raw = read(doc.path)
        if raw is None:
            continue
        try:
            front, body, body_line = split(raw.decode("utf-8-sig", "replace").replace("\r\n", "\n"), doc.path)
        except ScrError:
            continue  # the front matter's own checks report it
        if spec.id not in guidance:
            guidance[spec.id] = _guidance(read, regime, spec)
        final = None if finals is None else doc.path in finals
        found += section_issues(replace(doc, body=body, body_line=body_line), front, spec.headings,
                                guidance[spec.id], regime.placeholders, final)
    return found


def reader(root: Path) -> Read:
    """Read a review's file from the work tree (None when it is not there)."""

    def read(rel: str) -> bytes | None:
        file = root / rel
        return file.read_bytes() if rel and file.is_file() else None

    return read
