"""Commands for what runs beside a review and after it: actions, FOI requests, the evaluation, retention."""

from __future__ import annotations

import datetime
from pathlib import Path

import typer

from scr_cli.cli.options import DATED, HOME, REVIEW, day, inside
from scr_cli.dates import parse_date


def _today(value: str | None) -> datetime.date | None:
    return parse_date(value, "--today") if value else None


def register(app: typer.Typer) -> None:
    action = typer.Typer(help="Record progress on the action plan, beside the signed plan.", no_args_is_help=True)
    app.add_typer(action, name="action")

    @action.command("update")
    def action_update(
        action_id: str = typer.Argument(..., metavar="ID", help="The action's id in the action plan, e.g. A2."),
        status: str = typer.Option(..., "--status", help="not-started, on-track, at-risk or complete."),
        note: str = typer.Option(..., "--note", help="What was done or found (no real names)."),
        evidence: list[str] = typer.Option([], "--evidence", metavar="PATH|REF",
                                           help="A file in the review, or where the evidence is kept (repeatable)."),
        new_date: str = typer.Option(None, "--new-date", help="A new due date that was agreed (YYYY-MM-DD)."),
        agreed_by: str = typer.Option(None, "--agreed-by", metavar="PERSON",
                                      help="Who agreed the new date (an id in people.yaml)."),
        when: str = typer.Option(None, "--date", help="The day of the update (default: today)."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Append a dated progress entry to 07-action-plan/progress.yaml; a completion needs evidence."""
        from scr_cli.commands import actions as cmd
        from scr_cli.render.followup import updated

        updated(cmd.update(path, action_id, status, note, evidence, new_date, agreed_by, when, _today(today)))

    @action.command("signoff")
    def action_signoff(
        action_id: str = typer.Argument(..., metavar="ID", help="The action whose completion is signed."),
        person: str = typer.Option(None, "--person", help="Who signs (default: the holder whose key is here)."),
        path: Path = REVIEW,
        gnupghome: Path | None = HOME,
        today: str | None = DATED,
    ) -> None:
        """The owning agency's senior manager signs the action's completion with their GPG key."""
        from scr_cli.commands import actions as cmd
        from scr_cli.render.followup import action_signed

        action_signed(cmd.signoff(path, action_id, person, day(today), gnupghome))

    @app.command("actions")
    def actions(
        overdue: bool = typer.Option(False, "--overdue", help="Only the actions past their agreed date."),
        fmt: str = typer.Option("table", "--format", help="table, json, csv or xlsx."),
        out: Path = typer.Option(None, "--out", help="Where to write csv or xlsx (xlsx default: build/actions.xlsx)."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Every action of the plan with its agreed date, status, RAG and completion; exports for spreadsheets."""
        from scr_cli.commands import actions as cmd
        from scr_cli.render import followup as show

        result = cmd.states(path, _today(today), overdue)
        if fmt == "table":
            show.actions_table(result)
        elif fmt == "json":
            show.actions_json(result)
        else:
            show.exported(cmd.export(result, fmt, out))

    _register_publication(app)
    register_portfolio(app)


def _register_publication(app: typer.Typer) -> None:
    foi = typer.Typer(help="Freedom of information requests about the review (20 working days to respond).",
                      no_args_is_help=True)
    evaluation = typer.Typer(help="Ofsted's evaluation letter: inspector, grades, issues raised.",
                             no_args_is_help=True)
    app.add_typer(foi, name="foi")
    app.add_typer(evaluation, name="evaluation")

    @foi.command("add")
    def foi_add(
        received: str = typer.Option(..., "--received", help="The day the request arrived (YYYY-MM-DD)."),
        requester: str = typer.Option(..., "--from", help="Who asked (personal data: the file is kept encrypted)."),
        request: str = typer.Option("", "--request", help="What was asked for."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Record a new request in 08-publication/foi.yaml; its clock starts on the day it arrived."""
        from scr_cli.commands import foi as cmd
        from scr_cli.render.publication import foi_list

        foi_list(cmd.add(path, received, requester, request, _today(today)))

    @foi.command("update")
    def foi_update(
        request_id: str = typer.Argument(..., metavar="ID", help="The request, e.g. FOI-1."),
        chair_consulted: str = typer.Option(None, "--chair-consulted", help="When the panel chair was consulted."),
        consider: list[str] = typer.Option([], "--consider", metavar="EXEMPTION",
                                           help="An exemption considered (repeatable; see `scr foi list`)."),
        apply: list[str] = typer.Option([], "--apply", metavar="EXEMPTION",
                                        help="An exemption the response relies on (repeatable)."),
        outcome: str = typer.Option(None, "--outcome", help="disclosed, partly-withheld, withheld, not-held, ..."),
        responded: str = typer.Option(None, "--responded", help="The day the response was sent."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Record the chair's consultation, the exemptions considered and the response."""
        from scr_cli.commands import foi as cmd
        from scr_cli.render.publication import foi_list

        foi_list(cmd.update(path, request_id, chair_consulted, consider, apply, outcome, responded, _today(today)))

    @foi.command("list")
    def foi_listing(
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Every request with its due date, the exemptions considered and the outcome; the exemptions known."""
        from scr_cli.commands import foi as cmd
        from scr_cli.render.publication import foi_list

        foi_list(cmd.listing(path, _today(today)), exemptions=True)

    @evaluation.command("record")
    def evaluation_record(
        received: str = typer.Option(..., "--received", help="The day the letter arrived (YYYY-MM-DD)."),
        inspector: str = typer.Option(..., "--inspector", help="The inspector who graded the review."),
        overall: str = typer.Option(..., "--overall", help="The overall grade, e.g. good."),
        grades: list[str] = typer.Option([], "--grade", metavar="ELEMENT=GRADE",
                                         help="An element's grade, e.g. review-process=good (repeatable)."),
        issues: str = typer.Option("", "--issues", help="Issues raised, to address before publication."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Record the letter in 08-publication/evaluation.yaml, and log it (its one-month clock starts)."""
        from scr_cli.commands import evaluation as cmd
        from scr_cli.render.publication import evaluation_done

        evaluation_done(cmd.record(path, received, inspector, overall, grades, issues, _today(today)))

    @evaluation.command("addressed")
    def evaluation_addressed(
        when: str = typer.Option(..., "--date", help="The day the issues raised were addressed."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """Record that the issues Ofsted raised are addressed: publication no longer waits on them."""
        from scr_cli.commands import evaluation as cmd
        from scr_cli.render.publication import evaluation_done

        evaluation_done(cmd.addressed(path, when, _today(today)))

    @app.command("retention")
    def retention(
        json: bool = typer.Option(False, "--json", help="Print the same data as JSON."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        path: Path = REVIEW,
    ) -> None:
        """What may and must be destroyed, and from when (7 years after adoption; drafts at adoption)."""
        from scr_cli.commands.retention import retention_state
        from scr_cli.render.publication import retention_out

        retention_out(retention_state(path, _today(today)), json)


def register_portfolio(app: typer.Typer) -> None:
    @app.command("portfolio")
    def portfolio(
        folders: list[Path] = typer.Argument(None, help="Folders holding review repositories (default: here)."),
        json: bool = typer.Option(False, "--json", help="Print the data as JSON."),
        csv: bool = typer.Option(False, "--csv", help="Print one CSV row per review (the tracker's fields)."),
        html: Path = typer.Option(None, "--html", metavar="FILE", help="Write a self-contained HTML dashboard."),
        fmt: str = typer.Option(None, "--format", help="pdf or docx: the chair's monthly update."),
        out: Path = typer.Option(None, "--out", help="Where to write --format or --csv (default: here)."),
        today: str = typer.Option(None, "--today", help="Pretend today is this date (YYYY-MM-DD)."),
        review: Path = REVIEW,
    ) -> None:
        """Every review under the folders, from committed files only (no keys needed): stage, clocks, actions.

        With -C DIR the folders are read inside DIR (default: DIR itself).
        """
        from scr_cli.commands import portfolio as cmd
        from scr_cli.render import portfolio as show

        result = cmd.portfolio([inside(review, f) for f in folders or [Path(".")]], _today(today))
        if html is not None:
            show.written(cmd.write_html(result, html))
        elif fmt is not None:
            show.written(cmd.write_update(result, fmt, out))
        elif csv and out is not None:
            show.written(cmd.write_csv(result, out))
        elif csv:
            show.as_csv(result)
        elif json:
            show.as_json(result)
        else:
            show.summary(result)
