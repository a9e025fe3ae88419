"""The options many commands share, declared once so every command says them the same way.

`-C/--review DIR` names the review folder on every command, as `git -C` does: a path given after it (a
document, a folder) is read inside DIR. `--root` is its older name on the encryption commands and still works.
`--gnupghome` names the GnuPG home on every command that decrypts or signs. `--today` on the commands
that date what they write (a draft, a sign-off, a reopening), for a record entered after the fact.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from scr_cli.dates import parse_date

REVIEW = typer.Option(
    Path("."), "-C", "--review", "--root", metavar="DIR", show_default=False,
    help="The review folder; paths given to the command are read inside it (default: the current folder).",
)
HOME = typer.Option(
    None, "--gnupghome", metavar="DIR",
    help="GnuPG home with your secret key (default: $SCR_GNUPGHOME, a demo review's own keys, then gpg's).",
)


DATED = typer.Option(
    None, "--today", metavar="YYYY-MM-DD", show_default=False,
    help="Date it as if today were this day (default: today); commit it with the same date.",
)


def day(value: str | None) -> date:
    """The --today given, or the real today."""
    return parse_date(value, "--today") if value else date.today()


def inside(review: Path, path: Path) -> Path:
    """A path given on the command line, read inside the -C folder (an absolute path stays as it is)."""
    return path if path.is_absolute() else review / path
