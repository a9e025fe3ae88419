"""The command line: the typer app and the single error boundary.

Exit codes: 0 ok · 1 the review's data or the request is wrong · 2 the environment or a tool is wrong ·
3 unexpected (a crash log is written; it holds the traceback but no file contents).
Each area's commands are declared in scr_cli/cli/<area>.py; this module only assembles them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scr_cli import __version__, fileio
from scr_cli.errors import FileProblem, ScrError

if TYPE_CHECKING:
    import typer


@lru_cache(maxsize=1)
def build_app() -> typer.Typer:
    """The typer app with every command declared; built once per process, and not at all for git's hooks."""
    import typer

    from scr_cli.cli import register_all

    app = typer.Typer(
        name="scr",
        help="Run a Serious Case Review as a git repository: clocks, checks, sign-offs, encryption and reports.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,  # our boundary below; typer's tracebacks would print local values
        pretty_exceptions_show_locals=False,
        add_completion=False,
        rich_markup_mode=None,
    )

    def version_option(value: bool) -> None:
        if value:
            print(f"scr {__version__}")
            raise typer.Exit(0)

    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", callback=version_option, is_eager=True,
                                     help="Print the version."),
    ) -> None:
        """Scr keeps a review's files, clocks, sign-offs and secrets in order. Run `scr demo` for a tour."""

    register_all(app)
    return app


def _crash_log(exc: BaseException) -> Path:
    import tempfile  # ~10 ms, and a crash log is rarely written
    import time
    import traceback

    folder = Path(tempfile.gettempdir())
    path = folder / f"scr-crash-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    # Only the traceback (code locations and exception type): no local variables, no file contents.
    lines = traceback.format_exception(type(exc), None, exc.__traceback__)
    path.write_text(f"scr {__version__}\n" + "".join(lines) + f"{type(exc).__name__}\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Entry point. Returns the exit code (the console script passes it to sys.exit)."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--version"], ["-V"]):  # fast path: no command modules imported
        print(f"scr {__version__}")
        return 0
    if len(args) == 2 and args[0] == "hook" and args[1] in ("pre-commit", "pre-receive"):
        return _hook(args[1])
    if os.environ.get("_SCR_COMPLETE"):  # the shell asks for completions (the script `scr completion` prints)
        return _complete(os.environ["_SCR_COMPLETE"])
    from scr_cli import render
    from scr_cli.cli.hot import dispatch

    hot = dispatch(args)  # status and lock with a plain command line: no typer (~60 ms), same behaviour
    try:
        if hot is not None:
            return _run_hot(hot)
        code: Any = build_app()(args=args, prog_name="scr", standalone_mode=False)
        return code if isinstance(code, int) else 0  # click returns typer.Exit's code here
    except ScrError as exc:
        render.error(str(exc))
        return exc.exit_code
    except _Aborted:
        render.error("aborted")
        return 130
    except KeyboardInterrupt:
        render.error("interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one place that catches everything
        return _other(exc)


def _other(exc: Exception) -> int:
    """Typer's own exits and usage errors, else a crash: a log with the traceback, exit 3."""
    from scr_cli import render

    typer = sys.modules.get("typer")  # loaded unless a hot command ran
    if typer is not None and isinstance(exc, typer.Exit):
        return int(exc.exit_code or 0)
    if typer is not None and isinstance(exc, typer.Abort):
        render.error("aborted")
        return 130
    if type(exc).__name__ == "NoArgsIsHelpError":  # `scr` or a command group alone: show its help
        ctx = getattr(exc, "ctx", None)
        print(ctx.get_help() if ctx is not None else "see `scr --help`")
        return 0
    usage = _usage_error(exc) if "click" in sys.modules else None
    if usage is not None:
        render.error(usage)
        return 1
    problem = _environment(exc)
    if problem is not None:
        render.error(str(problem))
        return problem.exit_code
    log = _crash_log(exc)
    render.error(f"unexpected failure ({type(exc).__name__}); details in {log} — please report it")
    return 3


class _Aborted(Exception):
    """Ctrl-C or end of input in a hot command, reported as typer reports it in any other command."""


def _run_hot(hot: Callable[[], int]) -> int:
    try:
        return hot()
    except (EOFError, KeyboardInterrupt):  # click turns these into Abort after an empty line on stderr
        sys.stderr.write("\n")
        raise _Aborted from None


def _hook(name: str) -> int:
    """Git runs hooks on every commit, so this path skips typer and rich (~100 ms); same exit codes."""
    from scr_cli.cli.hooks import run_hook

    try:
        return run_hook(name)
    except ScrError as exc:
        sys.stderr.write(f"scr: error: {exc}\n")
        return exc.exit_code
    except Exception as exc:  # noqa: BLE001 - the hook's error boundary
        problem = _environment(exc)
        if problem is not None:
            sys.stderr.write(f"scr: error: {problem}\n")
            return problem.exit_code
        log = _crash_log(exc)
        what = f"unexpected failure ({type(exc).__name__}); details in {log} — please report it"
        sys.stderr.write(f"scr: error: {what}\n")
        return 3


def _complete(instruction: str) -> int:
    """Answer the shell with click's own completion (typer's would want its own script); never a traceback."""
    import typer
    from click.shell_completion import shell_complete

    try:
        return shell_complete(typer.main.get_command(build_app()), {}, "scr", "_SCR_COMPLETE", instruction)
    except Exception:  # noqa: BLE001 - a failing completion must not print a traceback into the shell
        return 1


def _environment(exc: Exception) -> FileProblem | None:
    """An OSError the machine caused (no permission, a full or read-only disk, a loop): one line, exit 2.

    Writes and reads of the review's files raise FileProblem themselves (atomic.py, fileio.py); this catches
    what escapes from anywhere else. Other OSErrors stay unexpected failures with a crash log.
    """
    return fileio.problem(exc) if isinstance(exc, OSError) and exc.errno in fileio.ENVIRONMENT else None


def _usage_error(exc: Exception) -> str | None:
    """Typer's own errors for a wrong command line (unknown option, missing argument): exit 1, one line."""
    from click.exceptions import UsageError  # typer's own base (NoSuchCommand, NoSuchOption, BadParameter, ...)

    if isinstance(exc, UsageError):
        fmt = getattr(exc, "format_message", None)
        text = fmt() if callable(fmt) else str(exc)
        if "Did you mean" in exc.message:  # typer already added click's suggestion to the message
            text = exc.message
        return f"{text} — see `scr --help`".replace("\n", " ")
    return None


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
