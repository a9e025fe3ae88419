"""The chair's monthly update (procedure 4) from the portfolio, as PDF or DOCX in the house style.

A summary, then one page per review, through the build path every document takes (pandoc, then Typst for PDF).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from scr_cli import paths
from scr_cli.adapters import pandoc
from scr_cli.adapters.typst_pdf import TypstProblem, compile_pdf
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.publish.docx import finish_docx, reference_docx
from scr_cli.publish.house import PAGE_BREAK
from scr_cli.publish.markdown import cell, table
from scr_cli.publish.portfolio_read import Portfolio
from scr_cli.review.board import BoardRow, Dated

CLASSIFICATION = "OFFICIAL-SENSITIVE"


def _iso(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _list(items: Sequence[Dated], none: str = "None.") -> str:
    if not items:
        return none + "\n"
    return "".join(f"- {cell(d.title)}: {_iso(d.date)}" + (f" ({cell(d.detail)})" if d.detail else "") + "\n"
                   for d in items)


def _page(r: BoardRow) -> str:
    acts = r.actions
    lines = [
        f"# {cell(r.reference)}: {cell(r.child)}\n",
        f"**Stage:** {cell(r.stage_title)}{' (closed)' if r.closed else ''} · **Review type:** "
        f"{cell(r.review_type)} · **Publication:** {cell(r.publication)}\n",
        f"**Planned completion:** {_iso(r.completion_due)} · **Decided:** {_iso(r.decided)} · "
        f"**Adopted:** {_iso(r.adopted)} · **Published:** {_iso(r.published)}\n",
        "## Overdue\n", _list(r.overdue),
        "## Due in the next 20 working days\n", _list(r.due_soon),
        "## Next milestone\n",
        (f"{cell(r.next_milestone.title)}: {_iso(r.next_milestone.date)}\n" if r.next_milestone else "None.\n"),
        "## Reports and actions\n",
        f"IMRs outstanding: {cell(', '.join(r.imrs_outstanding)) if r.imrs_outstanding else 'none'}.\n",
        f"Action plan: {acts.get('actions', 0)} actions, {acts.get('complete', 0)} complete with signed evidence, "
        f"{acts.get('overdue', 0)} overdue, {acts.get('amber', 0)} at risk or due soon.\n",
        _list(r.actions_overdue, ""),
        "## Parallel proceedings open\n", _list(r.proceedings_open),
    ]
    return "\n".join(lines)


def markdown(p: Portfolio) -> str:
    rows = [[r.reference, r.stage_title, str(len(r.overdue)), str(len(r.due_soon)), _iso(r.completion_due),
             r.publication] for r in p.rows if not r.error]
    summary = table(["Review", "Stage", "Overdue", "Due soon", "Planned completion", "Publication"],
                    [12, 18, 8, 8, 14, 30], rows) if rows else "No reviews were found."
    unread = [r for r in p.rows if r.error]
    note = "".join(f"\n- {cell(r.path.rsplit('/', 1)[-1])} could not be read: {cell(r.error)}" for r in unread)
    pages = "".join(PAGE_BREAK + _page(r) for r in p.rows if not r.error)
    return f"# Summary\n\nAs at {p.today}; read from each review's committed files.\n\n{summary}\n{note}\n{pages}"


def _meta(p: Portfolio) -> dict[str, str]:
    boards = ", ".join(sorted({r.board for r in p.rows if not r.error})) or "The board"
    when = f"{p.today.day} {p.today:%B %Y}"
    return {"reference": "Monthly update", "board": boards, "title": "Case reviews: monthly update to the chair",
            "subtitle": f"{sum(1 for r in p.rows if not r.error)} reviews", "version-label": "Update",
            "date": when, "status-label": "For the board chair", "classification": CLASSIFICATION, "draft": "no",
            "footer": f"Monthly update · {when}", "toc": "no"}


def _epoch(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def _render(p: Portfolio, fmt: str, tmp: Path, scratch: Path) -> None:
    meta, text, templates = _meta(p), markdown(p), paths.templates_dir()
    if fmt == "pdf":
        source = pandoc.convert(text, "typst", args=["--template", str(templates / "house.typ")], cwd=scratch,
                                epoch=_epoch(p.today))
        try:
            tmp.write_bytes(compile_pdf(source, root=scratch, inputs=meta, timestamp=_epoch(p.today)))
        except TypstProblem as problem:
            raise DataError(f"the update could not be laid out: {problem.message}", hint="report it") from None
        return
    ref = reference_docx(templates / "reference.docx", scratch, meta["footer"], False)
    cover = (f'::: {{custom-style="Cover"}}\n**{meta["classification"]}**\n\n{cell(meta["board"])}\n\n'
             f"{meta['title']} · {meta['date']}\n:::\n\n")
    pandoc.convert(cover + text, "docx", args=["--reference-doc", str(ref), "--metadata", f"title={meta['title']}",
                                               "--metadata", "lang=en-GB"],
                   cwd=scratch, epoch=_epoch(p.today), output=tmp)
    finish_docx(tmp, meta["title"])


def write_update(p: Portfolio, fmt: str, out: Path) -> Path:
    """Build the update into `out` atomically (a temporary file beside it, renamed when complete)."""
    if fmt not in ("pdf", "docx"):
        raise DataError(f"unknown format '{fmt}'", hint="use --format pdf or --format docx (or --html FILE)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=f".{fmt}", dir=out.parent)
    except OSError as exc:
        raise EnvironmentProblem(f"cannot write to {out.parent} ({exc.strerror or type(exc).__name__})",
                                 hint="choose a folder you can write to with --out") from None
    os.close(fd)
    tmp = Path(name)
    try:
        with tempfile.TemporaryDirectory(prefix="scr-update-") as scratch:
            _render(p, fmt, tmp, Path(scratch))
        os.chmod(tmp, 0o644)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
