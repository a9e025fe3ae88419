"""docs/cli.md: every command's --help text, generated from the app itself so the docs cannot drift.

scr reference > docs/cli.md      (a hidden command; a test fails when docs/cli.md is out of date)
"""

from __future__ import annotations

import click
import typer


def _walk(command: click.Command, path: list[str], parent: click.Context | None) -> list[tuple[str, str]]:
    # info_name is this command's own word: click joins it to the parent context's path for "Usage: scr keys add"
    ctx = click.Context(command, info_name=path[-1], parent=parent, max_content_width=100, terminal_width=100)
    found = [(" ".join(path), command.get_help(ctx))]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found += _walk(sub, [*path, name], ctx)
    return found


def render(root: click.Command) -> str:
    parts = ["# Command reference", "",
             "Generated from each command's `--help` by `scr reference > docs/cli.md`; do not edit by hand.", ""]
    for name, text in _walk(root, ["scr"], None):
        parts += [f"## {name}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(parts)


def register(app: typer.Typer) -> None:
    @app.command("reference", hidden=True)
    def reference(ctx: typer.Context) -> None:
        """Print every command's help as Markdown (this is how docs/cli.md is made)."""
        typer.echo(render(ctx.find_root().command), nl=False)
