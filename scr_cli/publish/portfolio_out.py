"""The portfolio as data for scripts (JSON), for the national tracker (CSV) and as a dashboard (HTML).

The HTML page is one self-contained file a chair opens from an e-mail: its style is inline, it has no script
and no address outside itself (every link is to a place in the page).
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import fields
from datetime import date
from typing import Any

from scr_cli.publish.portfolio_read import Portfolio
from scr_cli.review.board import BoardRow, Dated

TRACKER = ("Reference", "Board", "Review type", "Converted", "Date added", "Date decided", "Date adopted",
           "Date published", "Stage", "Themes", "Open or closed")
EXTRA = ("Regime", "Clocks overdue", "Due in the next 20 working days", "Next milestone", "Next milestone due",
         "Planned completion", "IMRs outstanding", "Actions overdue", "Proceedings open", "Publication state",
         "Repository", "Problem")


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def totals(p: Portfolio) -> dict[str, int]:
    rows = [r for r in p.rows if not r.error]
    return {"reviews": len(rows), "open": sum(1 for r in rows if not r.closed),
            "clocks_overdue": sum(len(r.overdue) for r in rows), "due_soon": sum(len(r.due_soon) for r in rows),
            "actions_overdue": sum(len(r.actions_overdue) for r in rows),
            "proceedings_open": sum(len(r.proceedings_open) for r in rows),
            "unreadable": sum(1 for r in p.rows if r.error)}


def _plain(value: Any) -> Any:
    """A row as JSON values (dataclasses.asdict deep-copies every field: ten times slower for 200 rows)."""
    if isinstance(value, BoardRow | Dated):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def to_json(p: Portfolio) -> dict[str, Any]:
    return {"today": p.today, "folders": [str(f) for f in p.folders], "totals": totals(p),
            "passed_over": p.passed_over, "reviews": [_plain(r) for r in p.rows]}


def _name(path: str) -> str:
    return path.rstrip("/").rsplit("/", 1)[-1]


def tracker_row(r: BoardRow) -> list[str]:
    milestone = r.next_milestone
    return [r.reference, r.board, r.review_type, "yes" if r.converted else "no", _iso(r.added), _iso(r.decided),
            _iso(r.adopted), _iso(r.published), r.stage_title, "; ".join(r.themes),
            "closed" if r.closed else "open", r.regime, str(len(r.overdue)), str(len(r.due_soon)),
            milestone.title if milestone else "", _iso(milestone.date) if milestone else "", _iso(r.completion_due),
            "; ".join(r.imrs_outstanding), str(len(r.actions_overdue)), str(len(r.proceedings_open)), r.publication,
            _name(r.path), r.error]


def to_csv(p: Portfolio) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*TRACKER, *EXTRA])
    writer.writerows(tracker_row(r) for r in p.rows)
    return buffer.getvalue()


_STYLE = """
body { font-family: "Segoe UI", Arial, sans-serif; margin: 2rem; color: #1b1b1b; max-width: 70rem; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
.meta { color: #555; } table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #dde5ee; } .red { color: #a4161a; font-weight: bold; } .amber { color: #8a5a00; }
.green { color: #2b6a2b; } .muted { color: #777; } section { border-top: 2px solid #dde5ee; }
.totals span { display: inline-block; margin-right: 1.5rem; } section table th { width: 14rem; }
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _anchor(r: BoardRow, i: int) -> str:
    return f"review-{i}"


def _dated(items: tuple[Dated, ...], css: str) -> str:
    if not items:
        return '<span class="muted">none</span>'
    return "<ul>" + "".join(f'<li class="{css}">{_e(d.title)} — {_e(_iso(d.date) or "no date")}'
                            + (f" ({_e(d.detail)})" if d.detail else "") + "</li>" for d in items) + "</ul>"


def _summary_row(r: BoardRow, i: int) -> str:
    if r.error:
        return (f'<tr><td>{_e(_name(r.path))}</td><td colspan="6" class="red">could not be read: '
                f"{_e(r.error)}</td></tr>")
    css = "red" if r.overdue or r.actions_overdue else ("amber" if r.due_soon else "green")
    milestone = r.next_milestone
    return (f'<tr><td><a href="#{_anchor(r, i)}">{_e(r.reference)}</a></td><td>{_e(r.child)}</td>'
            f"<td>{_e(r.stage_title)}</td><td class=\"{css}\">{len(r.overdue)} overdue, {len(r.due_soon)} due soon</td>"
            f"<td>{_e(milestone.title + ' — ' + _iso(milestone.date)) if milestone else '—'}</td>"
            f"<td>{len(r.actions_overdue)} of {r.actions.get('actions', 0)}</td><td>{_e(r.publication)}</td></tr>")


def _section(r: BoardRow, i: int) -> str:
    if r.error:
        return ""
    facts = [("Board", r.board), ("Review type", r.review_type + (" (converted)" if r.converted else "")),
             ("Regime", r.regime), ("Stage", r.stage_title + (" — closed" if r.closed else "")),
             ("Added", _iso(r.added) or "—"), ("Decided", _iso(r.decided) or "—"),
             ("Planned completion", _iso(r.completion_due) or "—"), ("Adopted", _iso(r.adopted) or "—"),
             ("Published", _iso(r.published) or "—"), ("Themes", ", ".join(r.themes) or "—"),
             ("IMRs outstanding", ", ".join(r.imrs_outstanding) or "none"), ("Publication", r.publication)]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts)
    acts = r.actions
    plan = (f"{acts.get('actions', 0)} actions: {acts.get('complete', 0)} complete, {acts.get('overdue', 0)} "
            f"overdue, {acts.get('amber', 0)} at risk or due soon, {acts.get('on_track', 0)} on track")
    return (f'<section id="{_anchor(r, i)}"><h2>{_e(r.reference)} — {_e(r.child)}</h2><table>{rows}</table>'
            f"<h3>Clocks overdue</h3>{_dated(r.overdue, 'red')}"
            f"<h3>Due in the next 20 working days</h3>{_dated(r.due_soon, 'amber')}"
            f"<h3>Action plan</h3><p>{_e(plan)}</p>{_dated(r.actions_overdue, 'red')}"
            f"<h3>Parallel proceedings open</h3>{_dated(r.proceedings_open, 'amber')}</section>")


def to_html(p: Portfolio) -> str:
    t = totals(p)
    head = ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Case reviews: the board's portfolio ({_e(p.today)})</title><style>{_STYLE}</style></head><body>")
    boards = sorted({r.board for r in p.rows if not r.error})
    intro = (f"<h1>Case reviews: the board's portfolio</h1><p class=\"meta\">{_e(', '.join(boards))} · as at "
             f"{_e(p.today)} · read from the reviews' committed files (nothing decrypted)</p>"
             f"<p class=\"totals\"><span>{t['reviews']} reviews ({t['open']} open)</span>"
             f"<span class=\"red\">{t['clocks_overdue']} clocks overdue</span>"
             f"<span class=\"amber\">{t['due_soon']} due in 20 working days</span>"
             f"<span class=\"red\">{t['actions_overdue']} actions overdue</span>"
             f"<span>{t['proceedings_open']} proceedings open</span></p>")
    table = ("<table><tr><th>Review</th><th>Child</th><th>Stage</th><th>Clocks</th><th>Next milestone</th>"
             "<th>Actions overdue</th><th>Publication</th></tr>"
             + "".join(_summary_row(r, i) for i, r in enumerate(p.rows)) + "</table>")
    return head + intro + table + "".join(_section(r, i) for i, r in enumerate(p.rows)) + "</body></html>\n"
