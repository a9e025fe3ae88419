"""Commands that create and read a review: new, status, check, log, demo."""

from __future__ import annotations

import datetime
from pathlib import Path

import typer

from scr_cli.cli.complete import events as complete_events
from scr_cli.cli.complete import fields as complete_fields
from scr_cli.cli.options import REVIEW, inside
from scr_cli.dates import parse_date


def _today(value: str | None) -> datetime.date | None:
    return parse_date(value, "--today") if value else None


def register(app: typer.Typer) -> None:
    @app.command()
    def new(
        path: Path = typer.Argument(..., help="Folder to create (must not exist, or be empty)."),
        ref: str = typer.Option(..., "--ref", help="The board's reference for the review, e.g. SCR-2026-03."),
        board: str = typer.Option(..., "--board", help="Name of the safeguarding board or partnership."),
        child: str = typer.Option(..., "--child", help="The child's pseudonym, e.g. 'Child R'. Never a real name."),
        referral_received: str = typer.Option(..., "--referral-received", "--opened",
                                              help="Date the review's first event happened (YYYY-MM-DD): the "
                                                   "referral arrived (scr-2015), the incident became known "
                                                   "(cspr-2018)."),
        regime: str = typer.Option("scr-2015", "--regime", help="Process rules to follow: scr-2015 or cspr-2018."),
        review: Path = REVIEW,
    ) -> None:
        """Create a new review: copy the template, fill in the case, git init and make the first commit.

        The template's papers are dated on the referral day, so a review opened after the fact can record
        its history as it happened.
        """
        from scr_cli.commands.new import NewReview, new
        from scr_cli.render.common import created

        received = parse_date(referral_received, "--referral-received")
        result = new(NewReview(inside(review, path), ref, board, child, received, regime))
        created(result)

    @app.command()
    def status(
        path: Path = typer.Argument(Path("."), help="The review folder (default: the current one)."),
        json: bool = typer.Option(False, "--json", help="Print the same data as JSON (ISO dates) for scripts."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        review: Path = REVIEW,
    ) -> None:
        """Show the stage, every statutory clock, what is due next, each IMR and document."""
        from scr_cli.cli.hot import status as run  # the body app.main runs without typer on a plain command line

        run(inside(review, path), json, today)

    @app.command()
    def check(
        path: Path = typer.Argument(Path("."), help="The review folder (default: the current one)."),
        strict: bool = typer.Option(False, "--strict", help="Fail on warnings too."),
        today: str = typer.Option(None, "--today", help="Check as if today were this date (YYYY-MM-DD)."),
        review: Path = REVIEW,
    ) -> None:
        """Validate every file and rule; print each problem as file:line:column. Never changes anything.

        Errors are data that cannot be right (a date that does not exist, an event in the future); events
        logged in an unusual order are warnings naming the procedure's section.
        """
        from scr_cli.commands.check import check as run_check
        from scr_cli.render.status import check as show

        result = run_check(inside(review, path), _today(today))
        show(result, strict)
        if result.failed(strict):
            raise typer.Exit(1)

    @app.command()
    def log(
        event: str = typer.Argument(None, help="Event id, e.g. referral-received (see --list).",
                                    autocompletion=complete_events),
        fields: list[str] = typer.Argument(None, help="Extra fields as name=value, e.g. outcome=review.",
                                           autocompletion=complete_fields),
        date: str = typer.Option(None, "--date", help="When it happened (YYYY-MM-DD, or today)."),
        note: str = typer.Option("", "--note", help="A short note (no real names)."),
        list_: bool = typer.Option(False, "--list", help="List the events of the review's regime."),
        show: bool = typer.Option(False, "--show", help="Show the events logged so far, in date order "
                                                        "(only those of EVENT when given)."),
        review: Path = REVIEW,
    ) -> None:
        """Record a dated event in log.yaml (the clocks start and stop on these). Does not commit.

        Any past event is recorded as it happened: one the procedure expects in another order is logged
        with a warning naming the rule's section. A date that does not exist, or one in the future, is refused.
        """
        from scr_cli.commands import log as cmd
        from scr_cli.errors import DataError
        from scr_cli.render.common import event_list, logged, shown

        if list_:
            regime, events = cmd.list_events(review)
            event_list(regime, events)
            return
        if show:
            shown(cmd.show_events(review, event))
            return
        if not event:
            raise DataError("which event?",
                            hint="give an event id, e.g. `scr log decision --date ...`; see `scr log --list`")
        if not date:
            raise DataError("--date is required", hint="give the date it happened, e.g. --date 2026-11-02")
        logged(cmd.log_event(review, event, date, note, fields or []))

    @app.command()
    def demo(
        path: Path = typer.Argument(Path("demo-review"), help="Folder to create the demo review in."),
        today: str = typer.Option(None, "--today", help="Build the demo as if today were this date."),
        review: Path = REVIEW,
    ) -> None:
        """Create a complete fictional review (history, keys, locked files, a built pack) and show its status."""
        from scr_cli.commands.demo import make_demo
        from scr_cli.commands.status import status as review_status
        from scr_cli.render.common import demo_done
        from scr_cli.render.status import status as show

        result = make_demo(inside(review, path), _today(today))
        show(review_status(result.root, result.today))
        demo_done(result)
