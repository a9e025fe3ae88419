"""`scr build`: the review's documents as PDF, DOCX or HTML."""

from __future__ import annotations

import datetime
from pathlib import Path

import typer

from scr_cli.cli.complete import targets as complete_targets
from scr_cli.cli.options import REVIEW
from scr_cli.dates import parse_date

TARGET_HELP = (
    "What to build: terms-of-reference, imr [AGENCY], overview, summary, action-plan, chronology [AGENCY], genogram, "
    "pack (default: pack)."
)


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_cmd(
        targets: list[str] = typer.Argument(None, help=TARGET_HELP, show_default=False,
                                            autocompletion=complete_targets),
        fmt: str = typer.Option("pdf", "--format", "-f", help="pdf, docx or html; svg for the genogram alone."),
        public: bool = typer.Option(
            False,
            "--public",
            help="Public edition: refused while any name is left (see scr anonymise); the built file is checked too.",
        ),
        out: Path = typer.Option(None, "--out", "-o", help="Folder for the files (default: build/ in the review)."),
        review: Path = REVIEW,
    ) -> None:
        """Build documents for readers: DRAFT-marked until signed off; public editions name no one."""
        from scr_cli.commands.build import build
        from scr_cli.render.build import built, progress_bar

        with progress_bar() as progress:
            result = build(review, targets or [], fmt.lower(), public, out, progress)
        built([(b.path, b.draft, b.public) for b in result.built], result.root)

    @app.command("anonymise")
    def anonymise_cmd(
        paths: list[Path] = typer.Argument(None, help="Documents or folders (default: the whole review).",
                                           show_default=False),
        apply: bool = typer.Option(False, "--apply",
                                   help="Write the safe replacements into the files: each becomes its next draft."),
        fmt: str = typer.Option("term", "--format", "-f",
                                help="term, or docx: the proposal as Word tracked changes."),
        output: Path = typer.Option(None, "--output", "-o",
                                    help="The DOCX to write (default: build/anonymise/anonymise-proposal.docx)."),
        review: Path = REVIEW,
        today: str = typer.Option(None, "--today", help="Date the new draft with this day (YYYY-MM-DD)."),
    ) -> None:
        """Propose pseudonyms for the names a public edition must not carry; --apply writes them as a new draft.

        Nothing changes without --apply. A name that could be two people, that is also an ordinary word, or
        whose replacement would change more than the name is never replaced: it is listed for you to rewrite.
        A final document is refused (reopen it with `scr draft reopen`).
        """
        from scr_cli.commands.anonymise import anonymise
        from scr_cli.render.anonymise import proposals

        day = parse_date(today, "--today") if today else datetime.date.today()
        proposals(anonymise(review, paths or [], apply=apply, fmt=fmt.lower(), output=output, today=day))
