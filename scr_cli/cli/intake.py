"""The intake command: scr decide (the criteria walked through, the decision recorded with them)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from scr_cli.cli.options import REVIEW, day

if TYPE_CHECKING:
    from scr_cli.commands.decide import Walk


def _ask(walk: Walk, when: str) -> dict[str, Any]:
    """Every criterion in the terminal, then the decision; each answer kept exactly as typed."""
    import click

    from scr_cli.render.intake import criterion_prompt, walk_header

    walk_header(walk)
    answers = []
    total = len(walk.criteria.items)
    for n, c in enumerate(walk.criteria.items, 1):
        criterion_prompt(n, total, c)
        met = click.prompt("  Met?", type=click.Choice(["yes", "no", "not-known"]), show_choices=True)
        evidence = click.prompt("  Evidence (Enter for none)", default="", show_default=False)
        answers.append({"criterion": c.id, "met": met, "evidence": evidence})
    outcome = click.prompt("Decision", type=click.Choice(list(walk.outcomes)) if walk.outcomes else str)
    reasons = click.prompt("Reasons")
    override = ""
    required = [a["criterion"] for a, c in zip(answers, walk.criteria.items, strict=True)
                if a["met"] == "yes" and c.kind == "requires"]
    if walk.held and required and outcome != walk.held:
        override = click.prompt(f"Override: why no review is held although '{required[0]}' requires one")
    decided_by = click.prompt("Decided by (person id in people.yaml; Enter to leave out)", default="",
                              show_default=False)
    date = click.prompt("Date of the decision (YYYY-MM-DD)", default=when)
    typed: dict[str, Any] = {"date": date}
    if decided_by:
        typed["decided_by"] = decided_by
    typed.update(answers=answers, outcome=outcome, reasons=reasons)
    if override:
        typed["override"] = override
    return typed


def register(app: typer.Typer) -> None:
    @app.command()
    def decide(
        answers: Path = typer.Option(None, "--answers", metavar="FILE",
                                     help="The answers as YAML (the format of 02-decision/criteria.yaml); without "
                                          "it, each criterion is asked in the terminal."),
        date: str = typer.Option(None, "--date", metavar="YYYY-MM-DD",
                                 help="The day of the decision (default: the answers file's date, or today)."),
        list_: bool = typer.Option(False, "--list", help="List the criteria of the review's regime."),
        today: str = typer.Option(None, "--today", metavar="YYYY-MM-DD", help="Judge dates as if today were this."),
        review: Path = REVIEW,
    ) -> None:
        """Walk through the criteria for holding a review; record each answer and the decision. Does not commit.

        The answers, with their evidence, go to 02-decision/criteria.yaml (sensitive: run `scr lock`); the
        decision is logged in log.yaml. A criterion that requires a review, met, with a decision not to hold
        one needs an override reason. `scr log` still records a decision made elsewhere.
        """
        from scr_cli.commands import decide as cmd
        from scr_cli.dates import parse_date
        from scr_cli.errors import DataError
        from scr_cli.render.intake import criteria_list, decided

        if list_:
            criteria_list(cmd.walk(review))
            return
        now = day(today)
        when = parse_date(date, "--date") if date else None
        typed = None
        if answers is None:
            if not sys.stdin.isatty():
                raise DataError("no answers given", hint="give --answers FILE, or run `scr decide` in a terminal")
            typed = _ask(cmd.walk(review), str(when or now))
        decided(cmd.decide(review, answers, typed, when, now))
