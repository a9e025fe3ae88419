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


def test_usage_lines_name_each_command_once() -> None:
    text = reference.render(typer.main.get_command(build_app()))
    usages = [ln for ln in text.splitlines() if ln.startswith("Usage: ")]
    assert usages and not [u for u in usages if u.startswith("Usage: scr scr")]
    assert "Usage: scr keys add [OPTIONS] KEYFILE" in usages
    assert "Usage: scr draft bump [OPTIONS] PATH" in usages


# Commands git runs itself, and ones that do not work on a review, take no review folder.
NO_REVIEW = {"scr hook pre-commit", "scr hook pre-receive", "scr reference", "scr textconv", "scr completion"}
# Commands that decrypt or sign: each takes --gnupghome (and finds a demo review's keys by itself).
KEYS = {"scr keys add", "scr keys remove", "scr keys sign", "scr lock", "scr unlock", "scr rekey", "scr edit",
        "scr doctor", "scr signoff", "scr draft bump", "scr draft reopen", "scr drafts", "scr diff"}


def _leaves(command, path: list[str]):  # type: ignore[no-untyped-def]
    import click

    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _leaves(sub, [*path, name])
    else:
        yield " ".join(path), command


def test_every_command_says_the_review_folder_the_same_way() -> None:
    root = typer.main.get_command(build_app())
    seen = set()
    for name, command in _leaves(root, ["scr"]):
        seen.add(name)
        flags = {flag for p in command.params for flag in getattr(p, "opts", [])}
        if name in NO_REVIEW:
            continue
        assert {"-C", "--review"} <= flags, f"{name} lacks -C/--review"
        if name in KEYS:
            assert "--gnupghome" in flags, f"{name} lacks --gnupghome"
    assert seen >= KEYS and len(seen) > 25
