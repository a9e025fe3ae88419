"""Shared fixtures: an isolated git configuration for every test, and helpers to run `scr` in-process."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from scr_cli.app import main

TODAY = date(2026, 11, 29)


@pytest.fixture(autouse=True, scope="session")
def isolated_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """No test reads the developer's ~/.gitconfig or /etc/gitconfig; each sees the same identity."""
    home = tmp_path_factory.mktemp("gitcfg")
    config = home / "gitconfig"
    config.write_text("[user]\n\tname = Test Administrator\n\temail = admin@test.invalid\n"
                      "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    saved = {k: os.environ.get(k) for k in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM")}
    os.environ["GIT_CONFIG_GLOBAL"] = str(config)
    os.environ["GIT_CONFIG_NOSYSTEM"] = "1"
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@dataclass
class Ran:
    code: int
    out: str
    err: str


@pytest.fixture
def scr(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run `scr ARGS...` in this process and capture what it prints."""

    def run(*args: str | Path) -> Ran:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (including .git) with its bytes: to prove a command changed nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def new_review(tmp_path: Path, scr):  # type: ignore[no-untyped-def]
    """A fresh review made by `scr new`, referral received 2026-11-02."""
    root = tmp_path / "rev"
    ran = scr("new", root, "--ref", "SCR-T-01", "--board", "Testshire Safeguarding Partnership",
              "--child", "Child Q", "--referral-received", "2026-11-02")
    assert ran.code == 0, ran.err
    return root
