"""Commands for what agencies send back: `scr receive`."""

from __future__ import annotations

from pathlib import Path

import typer

from scr_cli.cli.options import DATED, HOME, REVIEW, day, inside


def register(app: typer.Typer) -> None:
    @app.command("receive")
    def receive(
        file: Path = typer.Argument(..., help="The returned .docx or .xlsx (or the package scr send made)."),
        as_path: str = typer.Option(None, "--as", metavar="PATH",
                                    help="The document it is a copy of, for a file without scr's properties "
                                         "(e.g. 05-imr/police/imr.md)."),
        changes: str = typer.Option("accept", "--changes", metavar="accept|list",
                                    help="Word's tracked changes: accept them into the draft, or list them in "
                                         "notes.yaml for the panel (the draft keeps the text as sent)."),
        password: bool = typer.Option(False, "--password",
                                      help="Ask for the password of a file still protected with the package's "
                                           "password (asked without echo; never stored)."),
        review: Path = REVIEW,
        gnupghome: Path | None = HOME,
        today: str | None = DATED,
    ) -> None:
        """Take a returned Word or Excel document back as the next draft of the document it is a copy of.

        The version rises by one and the date is the day received; a copy with no word changed is no new
        draft. Word's comments are kept in notes.yaml beside the document, the file itself encrypted in
        received/. A final or stale copy, a PDF, macros or an unreadable file is refused and nothing is
        written. See what changed with `scr diff PATH`.
        """
        from scr_cli.commands.receive import receive as run
        from scr_cli.render.returns import received

        secret = typer.prompt("Password", hide_input=True) if password else None
        received(run(review, inside(Path.cwd(), file), as_path, changes, day(today), gnupghome, secret))
