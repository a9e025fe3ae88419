"""`scr diff PATH [--from N] [--to M] [--format term|docx|html|pdf]`: compare two drafts of a document.

Defaults: the latest version (the work tree when it differs from the last commit) against the version
before it. DOCX holds real Word tracked changes attributed to the author and date of the newer version,
so a reader can accept or reject each change; HTML and PDF mark insertions and deletions. Every file is
written through the same writers as `scr build` (publish/formats.py): A4, the review's footer, DRAFT.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scr_cli import atomic
from scr_cli.adapters import git
from scr_cli.adapters.typst_pdf import TypstProblem
from scr_cli.crypto import private
from scr_cli.errors import DataError
from scr_cli.gate.drafting import locate
from scr_cli.gate.history import DraftRow, history
from scr_cli.publish import formats
from scr_cli.publish.house import long_date
from scr_cli.publish.jobs import epoch_of
from scr_cli.publish.markdown import cell
from scr_cli.publish.writers import Page
from scr_cli.review import worddiff
from scr_cli.store.loader import load

FORMATS = formats.DIFF


@dataclass(frozen=True)
class DiffResult:
    """The result of `scr diff`: two versions of a document and their word-level changes."""

    path: str
    old: DraftRow
    new: DraftRow
    lines: list[worddiff.Line]
    author: str
    when: str  # ISO 8601, UTC
    root: Path | None = None  # the review; comparisons are written to its git-ignored build/ folder

    def heading(self) -> str:
        return (f"Changes to {self.path}: version {self.old.version} ({self.old.date}) "
                f"to version {self.new.version} ({self.new.date})")


def _pick(rows: list[DraftRow], version: int | None, default: int, path: str, flag: str) -> int:
    if version is None:
        return default
    for i, row in enumerate(rows):
        if row.version == version:
            return i
    known = ", ".join(str(r.version) for r in rows)
    raise DataError(f"{path} has no version {version}", hint=f"use {flag} with one of: {known}")


def compare(path: Path, from_version: int | None = None, to_version: int | None = None,
            home: Path | None = None) -> DiffResult:
    root, rel = locate(path)
    rows = history(root, rel, home)
    if len(rows) < 2 and from_version is None:
        raise DataError(f"{rel} has only one version so far", hint="there is nothing to compare yet")
    new_i = _pick(rows, to_version, len(rows) - 1, rel, "--to")
    old_i = _pick(rows, from_version, max(new_i - 1, 0), rel, "--from")
    old, new = rows[old_i], rows[new_i]
    author = new.author if new.commit else (git.config_value("user.name", root) or "scr")
    when = _utc(new.when) if new.when else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return DiffResult(rel, old, new, worddiff.diff_lines(old.body, new.body), author, when, root)


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _markdown(result: DiffResult) -> str:
    old, new = result.old, result.new
    span = (f"Version {old.version} ({long_date(old.date)}) to version {new.version} ({long_date(new.date)}); "
            f"changes by {result.author}.")
    return f"*{cell(span)}*\n\n" + worddiff.markdown(result.lines, result.author, result.when)


def _page(result: DiffResult, scratch: Path) -> Page:
    """The comparison on house pages: A4, the review's footer, always marked DRAFT, no cover or contents."""
    reference = classification = ""
    if result.root is not None:
        info = load(result.root)
        reference, classification = info.review.info.reference, info.config.build.classification
    when = long_date(result.new.date)
    label = f"Comparison of v{result.old.version} and v{result.new.version}"
    meta = {
        "reference": reference,
        "board": "",
        "title": f"Changes to {result.path}",
        "subtitle": "",
        "version-label": label,
        "date": when,
        "status-label": "Draft",
        "classification": classification,
        "footer": " · ".join(x for x in (reference, label, when) if x),
    }
    return Page(_markdown(result), meta, result.root or scratch, epoch_of(result.new.date), True, cover=False,
                numbered=False)


def write(result: DiffResult, fmt: str, output: Path | None) -> Path:
    """Write the comparison as docx, html or pdf; returns the file written."""
    kind = formats.for_diff(fmt)
    if kind.write is None:
        raise DataError(f"a {fmt} comparison is shown, not written",
                        hint=f"drop --format to see it: scr diff {result.path}")
    if not result.path.endswith(".md"):
        raise DataError(f"{fmt} comparisons are made for Markdown documents, not {result.path}",
                        hint=f"compare it in the terminal: scr diff {result.path}")
    stem = Path(result.path).stem
    name = f"{stem}-v{result.old.version}-v{result.new.version}{kind.suffix}"
    if output is not None:
        target = output
    elif result.root is not None:
        # build/ is git-ignored: a comparison of a sensitive document is plaintext and must not be committed
        target = result.root / "build" / "diff" / name
        target.parent.mkdir(mode=private.FOLDER_MODE, parents=True, exist_ok=True)
        private.close_folder(result.root, target.parent.parent)
        private.close_folder(result.root, target.parent)
    else:
        target = Path(name)
    with tempfile.TemporaryDirectory(prefix="scr-diff-") as tmp:
        out = Path(tmp) / f"diff{kind.suffix}"
        try:
            kind.write(_page(result, Path(tmp)), out)
        except TypstProblem as problem:
            raise DataError(f"the PDF could not be laid out: {problem.message}", path=result.path,
                            hint="check raw Typst or unusual Markdown in this document") from None
        atomic.write_bytes(target, out.read_bytes(), private.FILE_MODE)
    return target
