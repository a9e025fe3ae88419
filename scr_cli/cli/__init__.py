"""Typer command declarations, one module per area. Only this package and app.py import typer.

Each module has `register(app)`; each command there is a few lines: parse options, call a function in
scr_cli/commands/, hand its result to scr_cli/render/.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # git's hooks import scr_cli.cli.hooks and must not pay for typer
    import typer


def register_all(app: typer.Typer) -> None:
    from scr_cli.cli import (
        build,
        complete,
        crypto,
        followup,
        hooks,
        intake,
        people,
        planning,
        reference,
        returns,
        review,
    )

    for area in (review, intake, planning, people, followup, hooks, crypto, build, returns, reference, complete):
        area.register(app)
