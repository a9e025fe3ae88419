"""`scr status` and `scr lock` on a plain command line skip typer and rich, and behave exactly as through typer.

cli/hot.py parses only plain forms (options spelled out, -C/--review/--root DIR once, values that are not
options); everything else goes to typer. Each comparison runs one command line both ways through app.main:
the plain form, and the same request in a form only typer parses (`--today=DAY`, `--review=DIR`), so both
pass the same error boundary. Plain output is written by render/plain.py; it must be the text rich writes on
a non-terminal. What these paths may import is held by test_import_budget.py.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scr_cli.cli.hot import dispatch
from tests.gpgkit import KeyKit, keykit_fixture, locked_review  # noqa: F401 - fixture

DAY = "2026-11-23"


@pytest.mark.parametrize("args", [
    ["status"], ["status", "."], ["status", "--json"], ["status", "--today", DAY], ["status", "-C", "r"],
    ["status", "--review", "r", "sub"], ["status", "--root", "r", "--json", "--today", DAY],
    ["lock"], ["lock", "a.yaml", "b"], ["lock", "-C", "r", "--gnupghome", "g"], ["lock", "--review", "r"],
])
def test_plain_forms_are_run_without_typer(args: list[str]) -> None:
    assert dispatch(args) is not None


@pytest.mark.parametrize("args", [
    [], ["--help"], ["status", "--help"], ["status", "--jso"], ["status", "--today=2026-11-23"],
    ["status", "--today"], ["status", "--today", "--json"], ["status", "a", "b"], ["status", "-C", "a", "-C", "b"],
    ["status", "-C", "a", "--review", "b"], ["status", "--json", "--json"], ["status", "-"], ["status", "--"],
    ["lock", "--root", "a", "-C", "b"], ["lock", "--gnupghome"], ["lock", "--force"], ["lock", "-C"],
    ["unlock"], ["check"], ["stat"],
])
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert dispatch(args) is None


def _both(scr, plain: list[str], typer_form: list[str]):  # type: ignore[no-untyped-def]
    assert dispatch(plain) is not None and dispatch(typer_form) is None
    hot, slow = scr(*plain), scr(*typer_form)
    assert (hot.code, hot.out, hot.err) == (slow.code, slow.out, slow.err)
    return hot


def test_status_says_the_same_both_ways(new_review: Path, scr, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ran = _both(scr, ["status", str(new_review), "--today", DAY], ["status", str(new_review), f"--today={DAY}"])
    assert ran.code == 0 and "SCR-T-01" in ran.out and "Clocks" in ran.out
    ran = _both(scr, ["status", "--json", "-C", str(new_review)], ["status", "--json", f"--review={new_review}"])
    assert json.loads(ran.out)["reference"] == "SCR-T-01"
    # a PATH is read inside the -C folder, under each of its names
    for name in ("-C", "--review", "--root"):
        ran = _both(scr, ["status", new_review.name, name, str(tmp_path), "--today", DAY],
                    ["status", new_review.name, name, str(tmp_path), f"--today={DAY}"])
        assert ran.code == 0 and "SCR-T-01" in ran.out


@pytest.mark.parametrize("bad", [["--today", "2026-02-30"], ["-C", "no-such-review"], ["nowhere"]])
def test_status_refuses_the_same_both_ways(bad: list[str], new_review: Path, scr,  # type: ignore[no-untyped-def]
                                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    plain = ["status", *bad] if bad[0] != "--today" else ["status", str(new_review), *bad]
    typer_form = [a for a in plain]
    where = typer_form.index(bad[0]) if bad[0].startswith("-") else None
    if where is None:
        typer_form.append(f"--today={DAY}")
        plain = [*plain, "--today", DAY]
    else:
        typer_form[where:where + 2] = [f"{'--review' if bad[0] == '-C' else bad[0]}={bad[1]}"]
    ran = _both(scr, plain, typer_form)
    assert ran.code == 1 and ran.out == ""
    assert ran.err.startswith("scr: error: ") and len(ran.err.strip().splitlines()) == 1


def test_status_on_a_full_disk_is_one_line_and_exit_2(new_review: Path) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "scr_cli.app", "status", "-C", str(new_review), "--today", DAY],
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "scr: error: no space left on the disk — free some space and run the command again"]


def test_lock_says_the_same_both_ways(keykit: KeyKit, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    ran = _both(scr, ["lock", "-C", str(root), "--gnupghome", str(home)],
                ["lock", f"--review={root}", "--gnupghome", str(home)])
    assert ran.code == 0 and ran.err == ""
    missing = _both(scr, ["lock", "no-such-file.yaml", "-C", str(root)],
                    ["lock", "no-such-file.yaml", f"--review={root}"])
    assert missing.code != 0 and missing.err.startswith("scr: error: ")


TEXT = st.text(alphabet="ab [/]\\:_\t\rxé漢", max_size=30)


def _rich(markup: str) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, highlight=False, soft_wrap=True).print(markup)
    return buffer.getvalue()


def _plain(markup: str) -> str:
    from scr_cli.render.plain import write

    buffer = io.StringIO()
    write(buffer, markup)
    return buffer.getvalue()


@settings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["{}", "[bold]{}[/bold]", "[red]{}[/]", "x {} [dim]y[/dim] {}", ":thumbs_up: {}"]))
def test_plain_text_is_what_rich_writes_on_a_pipe(text: str, shape: str) -> None:
    from scr_cli.render.plain import escape

    markup = shape.format(escape(text), escape(text[::-1]))
    assert _plain(markup) == _rich(markup)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(TEXT, TEXT), min_size=0, max_size=5), TEXT)
def test_a_plain_table_is_the_rich_table_on_a_pipe(rows: list[tuple[str, str]], title: str) -> None:
    import contextlib

    from rich.table import Table as RichTable

    from scr_cli import render
    from scr_cli.render.plain import Table, escape

    plain, rich = Table(title=escape(title)), RichTable(title=escape(title))
    for table in (plain, rich):
        table.add_column("One")
        table.add_column("[bold]Two[/bold]")
        for a, b in rows:
            table.add_row(escape(a), f"[green]{escape(b)}[/]")
    written = []
    for table in (plain, rich):
        with contextlib.redirect_stdout(io.StringIO()) as out:
            render.table(table)
        written.append(out.getvalue())
    assert written[0] == written[1]
