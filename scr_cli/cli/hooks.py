"""Commands of the hooks area: git hooks, dated drafts, sign-offs and comparing drafts."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from scr_cli.gate.hooks import HookResult


def run_hook(name: str) -> int:
    """`scr hook NAME` as git calls it (app.main sends it here without typer).

    Refusals are plain lines on stderr: the render package loads rich, which would add ~50 ms to every commit.
    """
    from scr_cli.commands.hook import run

    updates = sys.stdin.read().splitlines() if name == "pre-receive" else []
    result = run(name, Path.cwd(), date.today(), updates)
    for line in report_lines(result, name):
        sys.stderr.write(line + "\n")
    return 0 if result.ok else 1


def report_lines(result: HookResult, hook: str) -> list[str]:
    """What the hook prints: one line per problem, then one summary line."""
    if result.ok:
        return []
    where = "push rejected" if hook == "pre-receive" else "commit refused"
    count = len(result.lines)
    return [f"scr: error: {line}" for line in result.lines] + [
        f"scr: {where}: {count} problem{'s' if count != 1 else ''} (see docs/hooks.md; "
        "`git commit --no-verify` does not get past the shared remote)"]


def register(app: typer.Typer) -> None:
    import typer  # here, not at the top: git's hooks import this module and must not pay for typer

    from scr_cli.cli.complete import documents
    from scr_cli.cli.options import DATED, HOME, REVIEW, day, inside

    def document(what: str) -> Any:  # typer.Argument is typed Any, so it can stand as any default
        return typer.Argument(..., help=what, autocompletion=documents)

    hooks = typer.Typer(help="Install scr's git hooks.", no_args_is_help=True)
    hook = typer.Typer(help="Run a git hook's checks (git calls these through the installed shims).",
                       no_args_is_help=True)
    draft = typer.Typer(help="Keep a document's drafts dated and versioned.", no_args_is_help=True)
    app.add_typer(hooks, name="hooks")
    app.add_typer(hook, name="hook")
    app.add_typer(draft, name="draft")

    @hooks.command("install")
    def hooks_install(path: Path = typer.Argument(Path("."), help="The repository (work tree or bare)."),
                      review: Path = REVIEW) -> None:
        """Install the pre-commit and pre-receive shims; a foreign hook is kept as <name>.legacy and runs first."""
        from scr_cli.commands.hooks_install import install_hooks
        from scr_cli.render.hooks import lines

        lines(install_hooks(inside(review, path).resolve()))

    @app.command("init")
    def init(path: Path = typer.Argument(Path("."), help="The cloned review."), review: Path = REVIEW) -> None:
        """Set up a freshly cloned review: install the hooks (and the diff driver for encrypted files)."""
        from scr_cli.commands.hooks_install import init as run_init
        from scr_cli.render.hooks import lines

        lines(run_init(inside(review, path).resolve()))

    @hook.command("pre-commit")
    def pre_commit() -> None:
        """Check the staged files: dated drafts, sign-offs before final, final documents frozen."""
        raise typer.Exit(run_hook("pre-commit"))

    @hook.command("pre-receive")
    def pre_receive() -> None:
        """Check every pushed commit with the same rules (reads `old new ref` lines on stdin)."""
        raise typer.Exit(run_hook("pre-receive"))

    @draft.command("bump")
    def bump(path: Path = document("The document."), review: Path = REVIEW,
             gnupghome: Path | None = HOME, today: str | None = DATED) -> None:
        """Raise the version by one (above the last committed one) and set today's date; nothing else changes."""
        from scr_cli.commands.draft import bump as run
        from scr_cli.render.hooks import lines

        r = run(inside(review, path), day(today), gnupghome)
        lines([f"{r.path}: version {r.version}, dated {r.date}"])

    @draft.command("reopen")
    def reopen(
        path: Path = document("The final document."),
        reason: str = typer.Option(..., "--reason", help="Why it must change (logged in log.yaml)."),
        review: Path = REVIEW,
        gnupghome: Path | None = HOME,
        today: str | None = DATED,
    ) -> None:
        """Turn a final document back into a draft (new version, today's date) and log the reason."""
        from scr_cli.commands.draft import reopen as run
        from scr_cli.render.hooks import lines

        r = run(inside(review, path), reason, day(today), gnupghome)
        lines([f"{r.path}: reopened as draft version {r.version}, dated {r.date}; reason logged in log.yaml"])

    @app.command("drafts")
    def drafts(path: Path = document("The document."), review: Path = REVIEW,
               gnupghome: Path | None = HOME) -> None:
        """List every version of a document: date, commit, author and who signed it."""
        from scr_cli.commands.drafts import drafts as run
        from scr_cli.render.hooks import drafts_table

        rel, rows = run(inside(review, path), gnupghome)
        drafts_table(rel, rows)

    @app.command("signoff")
    def signoff(
        path: Path = document("The document to sign off."),
        role: str = typer.Option(..., "--as", help="The role you sign in, e.g. board-chair."),
        person: str = typer.Option(None, "--person", help="Your id in people.yaml (when it cannot be guessed)."),
        review: Path = REVIEW,
        gnupghome: Path | None = HOME,
        today: str | None = DATED,
    ) -> None:
        """Sign off the current version of a document with your GPG key; appends to signoffs.yaml.

        When the sign-off completes what a document needs to be final, the output says the next step.
        """
        from scr_cli.commands.signoff import signoff as run
        from scr_cli.render.hooks import signed

        signed(run(inside(review, path), role, person, day(today), gnupghome))

    @app.command("signoffs")
    def signoffs(path: Path = typer.Argument(Path("."), help="The review folder."), review: Path = REVIEW) -> None:
        """Show every sign-off as valid, superseded, stale, void (reopened since) or invalid.

        Superseded: a newer sign-off by the same person replaces it. Stale: the document changed since, with
        no newer sign-off.
        """
        from scr_cli.commands.signoff import states
        from scr_cli.render.hooks import signoff_states

        found = states(inside(review, path))
        signoff_states(found)
        if any(s.state == "invalid" for s in found):
            raise typer.Exit(1)

    @app.command("diff")
    def diff(
        path: Path = document("The document."),
        from_version: int = typer.Option(None, "--from", help="Older version (default: the one before --to)."),
        to_version: int = typer.Option(None, "--to", help="Newer version (default: the latest, work tree included)."),
        fmt: str = typer.Option("term", "--format", help="term, docx (Word tracked changes), html or pdf."),
        output: Path = typer.Option(None, "--output", "-o",
                                    help="File to write (docx/html/pdf; default: build/diff/ in the review)."),
        review: Path = REVIEW,
        gnupghome: Path | None = HOME,
    ) -> None:
        """Compare two drafts word by word; --format docx gives changes a reader can accept or reject in Word.

        In a terminal deletions are struck through and insertions underlined; piped, they read
        [-deleted-]{+inserted+}, and a change to the front matter alone says "no text changes".
        """
        from scr_cli.commands.diff import compare, write
        from scr_cli.render.hooks import word_diff, written

        result = compare(inside(review, path), from_version, to_version, gnupghome)
        if fmt == "term":
            word_diff(result)
        else:
            written(write(result, fmt, output))
