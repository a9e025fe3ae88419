"""Shell completion: `scr completion bash|zsh|fish` prints the script; the callbacks below fill in values.

typer's own `--install-completion` stays off (its options would be built on every start); the script calls
`scr` with `_SCR_COMPLETE` set, which app.main hands to click before anything else runs. Values come from
the review in the -C folder (else the current one): event ids from its regime, document paths, agency ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:  # the values are read only when the shell asks: every command imports this module
    import click

SHELLS = ("bash", "zsh", "fish")
COMPLETE_VAR = "_SCR_COMPLETE"


def _folder(ctx: click.Context) -> Path:
    given = ctx.params.get("review")  # while completing, click may hand the option's text unconverted
    return Path(str(given)) if given else Path(".")


def _starting(found: list[str], incomplete: str) -> list[str]:
    return [v for v in found if v.startswith(incomplete)]


def events(ctx: typer.Context, incomplete: str) -> list[str]:
    """Event ids of the review's regime (`scr log EVENT`)."""
    from scr_cli.commands import completion as values

    return _starting(values.event_ids(_folder(ctx)), incomplete)


def fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """`name=` for the event's fields, then the values a field takes (`agency=police`)."""
    from scr_cli.commands import completion as values

    event = ctx.params.get("event")
    return _starting(values.field_values(_folder(ctx), event if isinstance(event, str) else None, incomplete),
                     incomplete)


def documents(ctx: typer.Context, incomplete: str) -> list[str]:
    """The review's documents, an encrypted one by its plaintext name."""
    from scr_cli.commands import completion as values

    return _starting(values.document_paths(_folder(ctx)), incomplete)


def agencies(ctx: typer.Context, incomplete: str) -> list[str]:
    from scr_cli.commands import completion as values

    return _starting(values.agency_ids(_folder(ctx)), incomplete)


def targets(ctx: typer.Context, incomplete: str) -> list[str]:
    """`scr build` targets; after `imr`, the agencies."""
    from scr_cli.commands import completion as values

    given = ctx.params.get("targets") or []
    previous = str(given[-1]) if given else None
    return _starting(values.build_targets(_folder(ctx), previous), incomplete)


def script(root: click.Command, shell: str) -> str:
    """The completion script for `shell`, as click writes it (without running the shell to check its version)."""
    from click.shell_completion import get_completion_class

    cls = get_completion_class(shell)
    assert cls is not None, shell  # one of SHELLS, which click knows
    comp = cls(root, {}, "scr", COMPLETE_VAR)
    return comp.source_template % comp.source_vars()


def register(app: typer.Typer) -> None:
    @app.command("completion")
    def completion(
        ctx: typer.Context,
        shell: str = typer.Argument(..., help="bash, zsh or fish.", autocompletion=lambda: list(SHELLS)),
    ) -> None:
        """Print the shell completion script: event ids, document paths and agency ids complete from the review.

        bash: `eval "$(scr completion bash)"` in ~/.bashrc; zsh: the same with zsh in ~/.zshrc;
        fish: `scr completion fish > ~/.config/fish/completions/scr.fish`.
        """
        from scr_cli.errors import DataError

        if shell not in SHELLS:
            raise DataError(f"unknown shell '{shell}'", hint=f"use one of: {', '.join(SHELLS)}")
        typer.echo(script(ctx.find_root().command, shell))
