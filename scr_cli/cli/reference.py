"""docs/cli.md: every command's --help text, generated from the app itself so the docs cannot drift.

    python -m scr_cli.cli.reference > docs/cli.md      (a test fails when docs/cli.md is out of date)
"""

from __future__ import annotations

import click
import typer


def _walk(command: click.Command, path: list[str], parent: click.Context | None) -> list[tuple[str, str]]:
    ctx = click.Context(command, info_name=" ".join(path), parent=parent, max_content_width=100, terminal_width=100)
    found = [(" ".join(path), command.get_help(ctx))]
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                found += _walk(sub, [*path, name], ctx)
    return found


def render() -> str:
    from scr_cli.app import build_app

    root = typer.main.get_command(build_app())
    parts = ["# Command reference", "",
             "Generated from `scr --help` by `python -m scr_cli.cli.reference`; do not edit by hand.", ""]
    for name, text in _walk(root, ["scr"], None):
        parts += [f"## {name}", "", "```", text.rstrip(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    print(render(), end="")
