"""Commands for the review's plan and rules: plan, calendar, regime show | list | switch."""

from __future__ import annotations

import datetime
from pathlib import Path

import typer

from scr_cli.dates import parse_date

REVIEW_HELP = "The review folder (default: the current one)."


def _today(value: str | None) -> datetime.date | None:
    return parse_date(value, "--today") if value else None


def register(app: typer.Typer) -> None:
    regime = typer.Typer(help="The process rules a review follows: show them, or move the review to others.",
                         no_args_is_help=True)
    app.add_typer(regime, name="regime")

    @app.command()
    def plan(
        event: str = typer.Argument(None, help="Event id to plan, e.g. presentation-meeting (none: show the plan)."),
        date: str = typer.Option(None, "--date", help="The planned date (YYYY-MM-DD), today or later."),
        agency: str = typer.Option(None, "--agency", help="For an agency's own event (an IMR received): its id."),
        note: str = typer.Option("", "--note", help="A short note (no real names)."),
        review: Path = typer.Option(Path("."), "--review", "-C", help=REVIEW_HELP),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
    ) -> None:
        """Plan a date for an event still to come (plan.yaml), or show every milestone. Does not commit."""
        from scr_cli.commands import plan as cmd
        from scr_cli.errors import DataError
        from scr_cli.render.planning import plan_shown, planned

        if not event:
            plan_shown(cmd.show(review, _today(today)))
            return
        if not date:
            raise DataError("--date is required", hint="give the planned date, e.g. --date 2027-03-01")
        planned(cmd.plan_event(review, event, date, note, agency, _today(today)))

    @app.command()
    def calendar(
        path: Path = typer.Argument(None, help="The review folder (default: the current one, or -C)."),
        output: Path = typer.Option(None, "--output", "-o", help="The .ics file to write (default: build/REF.ics)."),
        review: Path = typer.Option(None, "--review", "-C", help=REVIEW_HELP),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
    ) -> None:
        """Write the running deadlines and planned dates as an iCalendar file for Outlook or Google."""
        from scr_cli.commands.calendar import calendar as run
        from scr_cli.render.planning import calendar_written

        calendar_written(run(review or path or Path("."), output, _today(today)))

    @regime.command("show")
    def regime_show(
        regime_id: str = typer.Argument(None, help="A shipped regime (default: the review's own rules)."),
        review: Path = typer.Option(Path("."), "--review", "-C", help=REVIEW_HELP),
    ) -> None:
        """Show the clocks of a regime, or of the review with its local variant, with their sources."""
        from scr_cli.commands.regime import show
        from scr_cli.render.planning import regime_shown

        regime_shown(show(review, regime_id))

    @regime.command("switch")
    def regime_switch(
        regime_id: str = typer.Argument(..., help="The regime to follow from now on, e.g. cspr-2018."),
        reason: str = typer.Option(..., "--reason", help="Why the review changes rules (logged)."),
        review: Path = typer.Option(Path("."), "--review", "-C", help=REVIEW_HELP),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
    ) -> None:
        """Move the review to other rules: log it, check it under them, and commit the change."""
        from scr_cli.commands.regime import switch
        from scr_cli.render.planning import switched

        switched(switch(review, regime_id, reason, _today(today)))
