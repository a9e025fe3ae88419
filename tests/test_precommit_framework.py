"""Teams that use the pre-commit framework get the same rules: our manifest is valid, and a commit made through
the framework's own hook is refused and accepted exactly as through `scr hooks install`."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from scr_cli.app import main

ROOT = Path(__file__).resolve().parent.parent
TOR = "04-terms-of-reference/terms-of-reference.md"

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None, reason="the pre-commit framework is not installed")


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=root, capture_output=True, text=True)


def test_the_manifest_is_valid() -> None:
    done = run(ROOT, "pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_commit_through_the_framework_follows_the_review_rules(
    new_review: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRE_COMMIT_HOME", str(tmp_path / "pre-commit-home"))
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    # `repo: local` with the manifest's entry: the framework calls the `scr` already installed, as a team would
    # when scr is on every member's machine (the remote form would pip-install scr into a fresh venv).
    config = {"repos": [{"repo": "local", "hooks": [{**hook, "language": "system"}]}]}
    (new_review / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (new_review / ".git/hooks/pre-commit").unlink()  # the framework's hook replaces scr's own
    assert run(new_review, "pre-commit", "install").returncode == 0
    assert "pre-commit" in (new_review / ".git/hooks/pre-commit").read_text(encoding="utf-8")

    with (new_review / TOR).open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph about the period under review.\n")
    run(new_review, "git", "add", "-A")
    head = run(new_review, "git", "rev-parse", "HEAD").stdout
    refused = run(new_review, "git", "commit", "-q", "-m", "undated change")
    assert refused.returncode == 1
    assert f"{TOR}: the body changed but version is still 1" in refused.stdout + refused.stderr
    assert f"scr draft bump {TOR}" in refused.stdout + refused.stderr
    assert run(new_review, "git", "rev-parse", "HEAD").stdout == head

    monkeypatch.chdir(new_review)
    assert main(["draft", "bump", TOR]) == 0
    run(new_review, "git", "add", "-A")
    accepted = run(new_review, "git", "commit", "-q", "-m", "terms of reference v2")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert run(new_review, "git", "rev-parse", "HEAD").stdout != head
