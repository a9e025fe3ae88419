"""The docs run as tests: every `scr ...` line of a fenced `sh` block in README.md and docs/*.md is executed,
in order, against a fresh copy of the demo review, so an example cannot drift from what scr does.

A line ending in `# fails: why` must fail (exit code 1); every other line must succeed. Other comments are
the reader's. Lines of a block that are not `scr` commands (`cd`, `git`, `pip`) are not run, nor what follows
a pipe (`scr diff ... | grep`: scr runs with its output piped, as there); a line ending in a backslash
continues on the next.

Substitutions, for commands that cannot run on the demo as written:

| the docs say                          | the test runs                                                    |
| ------------------------------------- | ---------------------------------------------------------------- |
| `scr new FOLDER ...` (makes a review) | the same in an empty scratch folder instead of the demo          |
| `scr demo FOLDER` (makes the demo)    | the same in an empty scratch folder, with `--today` the demo's day |
| `cd FOLDER` after `scr new FOLDER`     | later lines of that block run in the review just made            |
| any command that takes `--today`      | the same with `--today` the demo's day, unless the line gives it  |

The last row keeps the examples' literal dates (a new due date in 2027) meaningful on any day the suite runs.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.app import main

HERE = Path(__file__).resolve().parent.parent
PAGES = [HERE / "README.md", *sorted((HERE / "docs").glob("*.md"))]
TODAY = "2026-11-29"
FENCE = re.compile(r"^```(\w*)\s*$")
FAILS = re.compile(r"\s#\s*fails:.*$")
MAKES_A_REVIEW = {"new", "demo"}


def examples(page: Path) -> list[tuple[int, str, bool]]:
    """(line number, command, meant to fail) for every `scr` line of the page's sh blocks."""
    return [step for step in steps(page) if step[1].startswith("scr ")]


def steps(page: Path) -> list[tuple[int, str, bool]]:
    """The `scr` lines of the page's sh blocks, with each `cd` line and a `` marker where a block ends."""
    found: list[tuple[int, str, bool]] = []
    lang: str | None = None
    pending = ""
    start = 0
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        fence = FENCE.match(line)
        if fence:
            if lang is not None:
                found.append((number, "", False))
            lang = None if lang is not None else fence.group(1)
            continue
        if lang != "sh":
            continue
        if not pending:
            start = number
        pending += line.rstrip("\\").rstrip() + " " if line.endswith("\\") else line
        if line.endswith("\\"):
            continue
        command, pending = pending.strip(), ""
        if command.startswith("cd ") and "&&" in command:
            where, _, command = command.partition("&&")
            found.append((start, where.strip(), False))
            command = command.strip()
        if command.startswith("cd "):
            found.append((start, command.split("#")[0].strip(), False))
        elif command.startswith("scr "):
            fails = bool(FAILS.search(command))
            found.append((start, FAILS.sub("", command).strip(), fails))
    return found


def _takes_today(argv: list[str]) -> bool:
    """Whether the command `argv` names (a command or a group's subcommand) has a `--today` option."""
    import click
    import typer

    from scr_cli.app import build_app

    command: click.Command = typer.main.get_command(build_app())
    for word in argv:
        if not isinstance(command, click.Group) or word not in command.commands:
            break
        command = command.commands[word]
    return any("--today" in param.opts for param in command.params)


def _on_the_demo_day(argv: list[str]) -> list[str]:
    given = any(word == "--today" or word.startswith("--today=") for word in argv)
    return argv if given or not _takes_today(argv) else [*argv, "--today", TODAY]


def _argv(command: str) -> list[str]:
    """The words of the scr command itself: up to a pipe or `&&` (what follows is the shell's)."""
    lexer = shlex.shlex(command, posix=True, punctuation_chars="|&;")
    lexer.whitespace_split = True
    words: list[str] = []
    for word in lexer:
        if word in ("|", "||", "&&", ";"):
            break
        words.append(word)
    return words[1:]


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs-demo") / "demo-review"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", str(root), "--today", TODAY]) == 0
    return root


@pytest.fixture
def demo(made: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = tmp_path / "demo-review"
    shutil.copytree(made, root, symlinks=True, ignore=shutil.ignore_patterns("S.gpg-agent*"))
    board = made.parent / f"{made.name}-board"  # the demo board beside it: `cd ../demo-review-board/...`
    shutil.copytree(board, tmp_path / board.name, symlinks=True, ignore=shutil.ignore_patterns("S.gpg-agent*"))
    for name in ("GNUPGHOME", "SCR_GNUPGHOME", "EDITOR", "VISUAL"):
        monkeypatch.delenv(name, raising=False)
    yield root
    gpg.stop_agents(root / ".demo-gnupg")
    gpg.stop_agents(tmp_path / board.name / "scr-demo-02" / ".demo-gnupg")


def test_the_docs_have_examples_to_run() -> None:
    every = {page.name: examples(page) for page in PAGES}
    assert len(every["README.md"]) >= 10
    assert sum(len(found) for found in every.values()) >= 30
    assert any(fails for found in every.values() for _, _, fails in found)


@pytest.mark.parametrize("page", [p for p in PAGES if examples(p)], ids=lambda p: p.name)
def test_every_example_runs_as_the_docs_say(page: Path, demo: Path, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    here = demo
    for number, command, fails in steps(page):
        if not command:  # a block ended: the next one starts in the demo again
            here = demo
            continue
        if command.startswith("cd "):
            made_here = scratch / command[3:].strip()
            here = made_here if made_here.is_dir() else demo
            continue
        argv = _argv(command)
        monkeypatch.chdir(scratch if argv[0] in MAKES_A_REVIEW else here)
        argv = _on_the_demo_day(argv)
        capsys.readouterr()
        code = main(argv)
        said = capsys.readouterr()
        where = f"{page.name}:{number}: {command}"
        if fails:
            assert code == 1, f"{where} was meant to fail\n{said.out}"
            assert said.err.startswith("scr: error: "), where
        else:
            assert code == 0, f"{where} exited {code}\n{said.out}\n{said.err}"
        assert "Traceback" not in said.err, where
