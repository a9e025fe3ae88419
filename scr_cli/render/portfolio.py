"""Output of `scr portfolio`: one line per review on the terminal, or the data itself."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from scr_cli.render import json_out, out
from scr_cli.render import table as show

if TYPE_CHECKING:  # annotations only
    from scr_cli.commands.portfolio import PortfolioResult


def summary(result: PortfolioResult) -> None:
    from scr_cli.publish.portfolio_out import totals

    p = result.portfolio
    t = totals(p)
    out.print(f"[bold]Portfolio[/bold] · {t['reviews']} reviews ({t['open']} open) · today {p.today}")
    table = Table(title="Reviews", title_justify="left")
    for col in ("Review", "Stage", "Overdue", "Due soon", "Next milestone", "IMRs out", "Actions overdue",
                "Proceedings open", "Publication"):
        table.add_column(col)
    for r in p.rows:
        if r.error:
            table.add_row(escape(r.path.rsplit("/", 1)[-1]), "[bold red]could not be read[/]", escape(r.error),
                          "", "", "", "", "", "")
            continue
        milestone = f"{r.next_milestone.date} {r.next_milestone.title}" if r.next_milestone else "—"
        overdue = f"[bold red]{len(r.overdue)}[/]" if r.overdue else "0"
        table.add_row(escape(r.reference), escape(r.stage_title), overdue, str(len(r.due_soon)), escape(milestone),
                      str(len(r.imrs_outstanding)), str(len(r.actions_overdue)), str(len(r.proceedings_open)),
                      escape(r.publication))
    show(table)
    if p.passed_over:
        out.print(f"{p.passed_over} repositor{'ies' if p.passed_over != 1 else 'y'} without a review passed over.")
    if not p.rows:
        out.print("No reviews found: give the folders that hold the reviews' repositories (work trees or bare).")


def as_json(result: PortfolioResult) -> None:
    from scr_cli.publish.portfolio_out import to_json

    json_out(to_json(result.portfolio))


def as_csv(result: PortfolioResult) -> None:
    from scr_cli.publish.portfolio_out import to_csv

    sys.stdout.write(to_csv(result.portfolio))


def written(result: PortfolioResult) -> None:
    count = len(result.portfolio.rows)
    out.print(f"Wrote {escape(str(result.written))} ({count} review{'s' if count != 1 else ''}).")
