"""`scr build`: the review's documents as PDF, DOCX or HTML."""

from __future__ import annotations

from pathlib import Path

import typer

TARGET_HELP = (
    "What to build: terms-of-reference, imr [AGENCY], overview, summary, action-plan, chronology, pack (default: pack)."
)


def register(app: typer.Typer) -> None:
    @app.command("build")
    def build_cmd(
        targets: list[str] = typer.Argument(None, help=TARGET_HELP, show_default=False),
        fmt: str = typer.Option("pdf", "--format", "-f", help="pdf, docx or html."),
        public: bool = typer.Option(
            False,
            "--public",
            help="Public edition: names replaced by pseudonyms, then the built file is checked for any name left.",
        ),
        out: Path = typer.Option(None, "--out", "-o", help="Folder for the files (default: build/ in the review)."),
        review: Path = typer.Option(Path("."), "--review", "-C", help="The review folder (default: here)."),
    ) -> None:
        """Build documents for readers: DRAFT-marked until signed off; public editions name no one."""
        from scr_cli.commands.build import build
        from scr_cli.render.build import built, progress_bar

        with progress_bar() as progress:
            result = build(review, targets or [], fmt.lower(), public, out, progress)
        built([(b.path, b.draft, b.public) for b in result.built], result.root)
