"""Shell completion: `scr completion SHELL` prints a script; the shell's questions are answered from the review.

typer's --install-completion stays off (start-up pays nothing for it); the scripts call `scr` with
`_SCR_COMPLETE` set, and app.main answers from the review in the current folder or the -C one.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from scr_cli.app import main

TODAY = "2026-11-29"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "demo-review"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["demo", str(root), "--today", TODAY]) == 0
    return root


def complete(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], words: str) -> list[str]:
    """What bash's completion function gets back for the command line `words` (the last word incomplete)."""
    cword = len(words.split()) - (0 if words.endswith(" ") else 1)
    monkeypatch.setenv("_SCR_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(cword))
    capsys.readouterr()
    assert main([]) == 0
    return [line.split(",", 1)[1] for line in capsys.readouterr().out.splitlines() if line]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_script_is_printed(shell: str, scr) -> None:
    ran = scr("completion", shell)
    assert ran.code == 0
    assert "_SCR_COMPLETE" in ran.out and f"{shell}_complete" in ran.out


def test_the_bash_script_is_valid_bash(scr) -> None:
    ran = scr("completion", "bash")
    checked = subprocess.run(["bash", "-n"], input=ran.out, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_is_valid_zsh(scr) -> None:
    checked = subprocess.run(["zsh", "-n"], input=scr("completion", "zsh").out, capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_an_unknown_shell_is_refused(scr) -> None:
    ran = scr("completion", "tcsh")
    assert ran.code == 1 and "unknown shell 'tcsh'" in ran.err and "bash, zsh, fish" in ran.err


def test_event_ids_come_from_the_reviews_regime(demo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(demo)
    assert complete(monkeypatch, capsys, "scr log dec") == ["decision", "decision-notified"]
    every = complete(monkeypatch, capsys, "scr log ")
    assert "referral-received" in every and "terms-of-reference-sent" in every and len(every) > 30


def test_agency_ids_come_from_the_review(demo: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(demo)
    agencies = ["childrens-services", "community-health", "police", "school"]
    assert complete(monkeypatch, capsys, "scr build imr ") == agencies
    assert complete(monkeypatch, capsys, "scr log imr-received agency=") == [f"agency={a}" for a in agencies]
    assert complete(monkeypatch, capsys, "scr log decision out") == ["outcome="]
    assert complete(monkeypatch, capsys, "scr log decision outcome=") == ["outcome=review", "outcome=no-review"]


def test_document_paths_come_from_the_review(demo: Path, monkeypatch, capsys, tmp_path: Path) -> None:
    monkeypatch.chdir(demo)
    assert complete(monkeypatch, capsys, "scr draft bump 04") == ["04-terms-of-reference/terms-of-reference.md"]
    imrs = complete(monkeypatch, capsys, "scr drafts 05-imr/p")
    assert imrs == ["05-imr/police/imr.md"]  # encrypted: offered by its plaintext name
    monkeypatch.chdir(tmp_path)  # elsewhere, -C names the review
    assert complete(monkeypatch, capsys, f"scr diff -C {demo} 06-overview/e") == ["06-overview/executive-summary.md"]


def test_outside_a_review_nothing_breaks(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    assert "decision" in complete(monkeypatch, capsys, "scr log d")  # the default regime
    assert complete(monkeypatch, capsys, "scr drafts ") == []
    assert complete(monkeypatch, capsys, "scr st") == ["status"]
