"""docs/cli.md is the app's own --help output; it changes in the same commit as the commands."""

from __future__ import annotations

from pathlib import Path

import typer

from scr_cli.app import build_app
from scr_cli.cli import reference

DOC = Path(__file__).resolve().parent.parent / "docs" / "cli.md"


def test_cli_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == reference.render(typer.main.get_command(build_app())), (
        "regenerate with: scr reference > docs/cli.md"
    )


def test_every_command_has_help_text() -> None:
    text = reference.render(typer.main.get_command(build_app()))
    for section in text.split("\n## ")[1:]:
        name, body = section.split("\n", 1)
        usage_and_help = body.split("Options:")[0]
        described = [ln for ln in usage_and_help.splitlines() if ln.strip() and not ln.startswith(("```", "Usage"))]
        assert described, f"{name} has no help text"
