"""Commands for the people of a review: agency, person, imr and interview."""

from __future__ import annotations

from pathlib import Path

import typer

from scr_cli.cli.options import DATED, HOME, REVIEW, day, inside


def register(app: typer.Typer) -> None:
    agency = typer.Typer(help="The agencies involved (agencies.yaml): add or remove one.", no_args_is_help=True)
    person = typer.Typer(help="The professionals taking part (people.yaml): add one, or list them.",
                         no_args_is_help=True)
    app.add_typer(agency, name="agency")
    app.add_typer(person, name="person")
    imr = typer.Typer(help="Individual management reviews: commission one from an agency, log its receipt.",
                      no_args_is_help=True)
    app.add_typer(imr, name="imr")
    interview = typer.Typer(help="Staff interviews: give notice and start the record.", no_args_is_help=True)
    app.add_typer(interview, name="interview")

    @app.command()
    def letter(
        kind: str = typer.Argument(..., help="referral-standard, family, authors-briefing, imr-commissioning, "
                                             "practitioners-debriefing or interview-notice."),
        to: str = typer.Option(None, "--to", help="One agency or person (default: everyone the letter is for)."),
        fmt: str = typer.Option("docx", "--format", help="docx or pdf (or html)."),
        log: bool = typer.Option(False, "--log", help="Also log the event the letter stands for."),
        keep_private: bool = typer.Option(False, "--private",
                                          help="Build into build/letters/private/ (0600): needed for a letter "
                                               "naming a family member."),
        review: Path = REVIEW,
        today: str | None = DATED,
    ) -> None:
        """Write a letter from the review's data, one file per recipient in build/letters/. No commit."""
        from scr_cli.commands import letter as cmd
        from scr_cli.render.people import letters_written

        letters_written(cmd.letter(review, kind, to, fmt, log, keep_private, day(today)))

    @app.command()
    def send(
        agency_id: str = typer.Argument(None, metavar="AGENCY",
                                        help="The agency whose papers to send (agencies.yaml)."),
        to: str = typer.Option(None, "--to", metavar="PERSON",
                               help="Who receives them: a person of that agency (default: its IMR author)."),
        out: Path = typer.Option(None, "-o", "--out", metavar="FILE",
                                 help="Where to write the package (default: build/send/AGENCY-PERSON-DATE.zip[.gpg]); "
                                      "never over an existing file."),
        password: bool = typer.Option(False, "--password",
                                      help="Protect it with a new password, shown once, even if they have a key."),
        list_sent: bool = typer.Option(False, "--list", help="List every package sent so far, and do nothing else."),
        review: Path = REVIEW,
        today: str | None = DATED,
    ) -> None:
        """Send an agency its papers: one file for one person, sealed to their key or with a one-time password.

        It holds the agency's IMR draft, its chronology (Word and Excel), the terms of reference, the IMR
        template, the authors' guide and the letters addressed to them, and is recorded in 05-imr/AGENCY/sent.yaml.
        No commit.
        """
        from scr_cli.commands import send as cmd
        from scr_cli.render.people import package_sent, packages_listed

        if list_sent:
            packages_listed(cmd.listing(review))
            return
        if not agency_id:
            from scr_cli.errors import DataError

            raise DataError("say which agency's papers to send", hint="give AGENCY, or --list for what was sent")
        package_sent(cmd.send(review, agency_id, to, inside(review, out) if out else None, password, day(today)))

    @interview.command("plan")
    def interview_plan(
        agency_id: str = typer.Argument(..., metavar="AGENCY", help="The agency whose IMR the interview is for."),
        interviewee: str = typer.Option(..., "--interviewee", help="The staff member's person id (people.yaml)."),
        date: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="The day of the interview."),
        supporter: str = typer.Option("", "--supporter", help="Who the interviewee brings, e.g. 'union rep'."),
        review: Path = REVIEW,
        today: str | None = DATED,
    ) -> None:
        """Log the interview notice (the regime's notice rule is checked) and start the record. No commit."""
        from scr_cli.commands import interview as cmd
        from scr_cli.render.people import interview_planned

        interview_planned(cmd.plan(review, agency_id, interviewee, date, supporter, day(today)))

    @imr.command("commission")
    def imr_commission(
        agency_id: str = typer.Argument(..., metavar="AGENCY", help="The agency's id (agencies.yaml)."),
        author: str = typer.Option(..., "--author", help="The IMR author's person id (people.yaml)."),
        due: str = typer.Option(..., "--due", metavar="YYYY-MM-DD", help="The date the IMR is due back."),
        review: Path = REVIEW,
        today: str | None = DATED,
    ) -> None:
        """Make 05-imr/AGENCY/ from the templates, log the commissioning and plan the due date. No commit."""
        from scr_cli.commands import imr as cmd
        from scr_cli.render.people import imr_done

        imr_done(cmd.commission(review, agency_id, author, due, day(today)))

    @imr.command("receive")
    def imr_receive(
        agency_id: str = typer.Argument(..., metavar="AGENCY", help="The agency's id (agencies.yaml)."),
        date: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="The day it came (default: today)."),
        review: Path = REVIEW,
        today: str | None = DATED,
    ) -> None:
        """Log that an agency's IMR was received. No commit."""
        from scr_cli.commands import imr as cmd
        from scr_cli.render.people import imr_done

        imr_done(cmd.receive(review, agency_id, date, day(today)))

    @agency.command("add")
    def agency_add(
        agency_id: str = typer.Argument(..., metavar="ID", help="A short id, e.g. community-health."),
        name: str = typer.Option(..., "--name", help="The agency's name."),
        sector: str = typer.Option(..., "--sector", help="social-care, health, education, police, ... or other."),
        review: Path = REVIEW,
    ) -> None:
        """Add an agency to agencies.yaml (comments kept). Does not commit."""
        from scr_cli.commands import agency as cmd
        from scr_cli.render.people import agency_changed

        agency_changed(cmd.add(review, agency_id, name, sector))

    @agency.command("remove")
    def agency_remove(
        agency_id: str = typer.Argument(..., metavar="ID", help="The agency's id."),
        review: Path = REVIEW,
    ) -> None:
        """Remove an agency nothing refers to yet (no person, event, plan entry or IMR folder). Does not commit."""
        from scr_cli.commands import agency as cmd
        from scr_cli.render.people import agency_changed

        agency_changed(cmd.remove(review, agency_id))

    @person.command("add")
    def person_add(
        person_id: str = typer.Argument(..., metavar="ID", help="A short id, e.g. imr-police."),
        name: str = typer.Option(..., "--name", help="The person's name."),
        role: list[str] = typer.Option(..., "--role", help="A role of the regime (repeat for more)."),
        agency_id: str = typer.Option(None, "--agency", help="The agency they work for (agencies.yaml)."),
        job_title: str = typer.Option("", "--job-title", help="Their job title (letters sign with it)."),
        key: Path = typer.Option(None, "--key", help="Their exported public key (.asc): imported, made a reader."),
        review: Path = REVIEW,
        gnupghome: Path | None = HOME,
    ) -> None:
        """Add a person to people.yaml, checked against the regime's roles and independence rules. No commit."""
        from scr_cli.commands import person as cmd
        from scr_cli.render.people import person_added

        keyfile = inside(review, key) if key is not None else None
        person_added(cmd.add(review, person_id, name, role, agency_id, keyfile, gnupghome, job_title))

    @person.command("list")
    def person_list(review: Path = REVIEW) -> None:
        """List the people: id, name, roles, agency and key."""
        from scr_cli.commands import person as cmd
        from scr_cli.render.people import people_listed

        people_listed(cmd.list_people(review))
