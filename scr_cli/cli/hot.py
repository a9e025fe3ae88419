"""The hot commands (`scr status`, `scr lock`) without typer, when their command line is a plain one.

Building the typer app costs more than the work of a warm `scr status` (~60 ms: typer, click and every
command's declaration). app.main() asks `dispatch()` first: it recognises only plain forms of these commands
(their options spelled out in full, values that do not look like options) and returns None for anything
else (`--help`, an abbreviation, a typo), which typer then parses and reports as always. The commands' bodies
live here once: cli/review.py and cli/crypto.py call the same functions, so both ways behave alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from scr_cli.dates import parse_date

Run = Callable[[], int]


def status(path: Path, json: bool, today: str | None) -> None:
    """`scr status [PATH] [--json] [--today DATE] [-C DIR]` (PATH already read inside DIR)."""
    from scr_cli import render
    from scr_cli.commands import status as cmd

    result = cmd.status(path, parse_date(today, "--today") if today else None)
    if json:
        from scr_cli.render.status import as_json

        render.json_out(as_json(result))
    else:
        from scr_cli.render.status import status as show

        show(result)


def lock(root: Path, paths: list[str] | None, gnupghome: Path | None) -> None:
    """`scr lock [PATH...] [-C|--review|--root DIR] [--gnupghome DIR]`."""
    from scr_cli.commands.lock import lock as cmd
    from scr_cli.render import crypto as out

    out.locked(cmd(root, paths or None, gnupghome))


_REVIEW = ("-C", "--review", "--root")  # cli/options.py's REVIEW: one option, three names


def _value(token: str) -> bool:
    return bool(token) and not token.startswith("-")


def _options(args: Sequence[str], flags: set[str], valued: set[str]) -> tuple[list[str], dict[str, str]] | None:
    """Positional values and options of a plain command line, or None when it is not plain.

    An option given twice (or the review folder under two of its names) is left to typer, as is anything
    this parser does not know: the two must never read one command line differently.
    """
    positional: list[str] = []
    options: dict[str, str] = {}
    i = 0
    while i < len(args):
        token = args[i]
        name = "-C" if token in _REVIEW else token
        if name in options:
            return None
        if token in flags:
            options[name] = ""
        elif token in valued and i + 1 < len(args) and _value(args[i + 1]):
            options[name] = args[i + 1]
            i += 1
        elif _value(token):
            positional.append(token)
        else:
            return None
        i += 1
    return positional, options


def _inside(review: str | None, path: str) -> Path:
    """cli/options.py's inside(): a path read inside the -C folder (an absolute path stays as it is)."""
    given = Path(path)
    return given if given.is_absolute() or review is None else Path(review) / given


def dispatch(args: Sequence[str]) -> Run | None:
    """The hot command `args` asks for, ready to run; None when typer must parse them."""
    if not args:
        return None
    if args[0] == "status":
        found = _options(args[1:], {"--json"}, {"--today", *_REVIEW})
        if found is None or len(found[0]) > 1:
            return None
        positional, opts = found
        path = _inside(opts.get("-C"), positional[0] if positional else ".")
        return _done(status, path, "--json" in opts, opts.get("--today"))
    if args[0] == "lock":
        found = _options(args[1:], set(), {"--gnupghome", *_REVIEW})
        if found is None:
            return None
        paths, opts = found
        home = Path(opts["--gnupghome"]) if "--gnupghome" in opts else None
        return _done(lock, Path(opts.get("-C", ".")), paths or None, home)
    return None


def _done(command: Callable[..., None], *args: object) -> Run:
    def run() -> int:
        command(*args)
        return 0

    return run
