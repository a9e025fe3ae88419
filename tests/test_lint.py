"""ruff and mypy stay clean: part of every test run, so CI holds the style rules too.

The developers' `.pre-commit-config.yaml` runs the same checks on each commit, with nothing to download.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".pre-commit-config.yaml"
FILE_HOOKS = ("trailing-whitespace", "end-of-file", "check-yaml")

needs_pre_commit = pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                                      reason="the pre-commit framework is not installed (pip install '.[test]')")


@pytest.mark.skipif(shutil.which("ruff") is None and not (Path(sys.executable).parent / "ruff").exists(),
                    reason="ruff is not installed (pip install '.[test]')")
def test_ruff_is_clean() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "scr_cli", "tests", "benchmarks", "templates",
                           "setup.py"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_mypy_is_clean(tmp_path: Path) -> None:
    pytest.importorskip("mypy", reason="mypy is not installed (pip install '.[test]')")
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache")], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]


def test_the_developers_pre_commit_config_runs_ruff_and_mypy_from_the_environment() -> None:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing to clone when a hook runs
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["ruff"]["entry"].split()[:2] == ["ruff", "check"]
    assert hooks["mypy"]["entry"].split()[0] == "mypy"
    assert hooks["mypy"]["pass_filenames"] is False  # the package as pyproject configures it, not single files
    assert {hooks[name]["language"] for name in ("ruff", "mypy")} == {"system"}
    assert {hook["language"] for hook in hooks.values()} <= {"system", "pygrep"}  # neither installs anything
    assert set(FILE_HOOKS) <= set(hooks)


@needs_pre_commit
def test_the_framework_accepts_the_config(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(CONFIG)], cwd=ROOT,
                          capture_output=True, text=True, env={**os.environ, "PRE_COMMIT_HOME": str(tmp_path)})
    assert done.returncode == 0, done.stdout + done.stderr


@needs_pre_commit
def test_the_file_hooks_run_offline_and_the_tree_is_clean(tmp_path: Path) -> None:
    if subprocess.run(["git", "rev-parse", "--git-dir"], cwd=ROOT, capture_output=True).returncode != 0:
        pytest.skip("not a git checkout: pre-commit runs only in one")
    # ruff and mypy have their own tests above; the whitespace, end-of-file and YAML hooks run here for real,
    # with an empty PRE_COMMIT_HOME: a hook that needed to download anything would fail
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "home"), "SKIP": "ruff,mypy",
           "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    done = subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files", "--config", str(CONFIG)],
                          cwd=ROOT, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-1000:]
    for name in ("no trailing whitespace", "files end with exactly one newline", "YAML files parse"):
        assert any(line.startswith(name) and line.endswith("Passed") for line in done.stdout.splitlines()), name
