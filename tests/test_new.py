"""scr new: a git repository with one commit, the case filled in, its origin recorded; refuses a used folder."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from scr_cli import __version__, paths
from scr_cli.store.scaffold import TEMPLATE_VERSION
from tests.conftest import git, snapshot

NEW_ARGS = ["--ref", "SCR-T-02", "--board", "Testshire Safeguarding Partnership", "--child", "Child Q",
            "--referral-received", "2026-11-02"]


def test_one_commit_on_main_and_a_clean_tree(new_review: Path) -> None:
    assert (new_review / ".git").is_dir()
    assert git(new_review, "rev-list", "--count", "HEAD").strip() == "1"
    assert git(new_review, "branch", "--show-current").strip() == "main"
    assert git(new_review, "status", "--porcelain").strip() == ""
    assert git(new_review, "log", "-1", "--format=%s").strip() == "Open review SCR-T-01"
    assert git(new_review, "log", "-1", "--format=%an <%ae>").strip() == "Test Administrator <admin@test.invalid>"


def test_review_yaml_is_filled_and_keeps_its_comments(new_review: Path) -> None:
    text = (new_review / "review.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.scr/schemas/review.schema.json\n")
    assert "# The case." in text
    data = yaml.safe_load(text)
    assert data["reference"] == "SCR-T-01"
    assert data["board"] == "Testshire Safeguarding Partnership"
    assert data["child"] == "Child Q"
    assert data["regime"] == "scr-2015"
    assert data["created_with"] == {"scr": __version__, "template": TEMPLATE_VERSION}


def test_log_starts_with_the_referral(new_review: Path) -> None:
    data = yaml.safe_load((new_review / "log.yaml").read_text(encoding="utf-8"))
    assert data["events"] == [{"event": "referral-received", "date": date(2026, 11, 2)}]
    assert (new_review / "log.yaml").read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_every_template_file_is_copied(new_review: Path) -> None:
    template = paths.review_template_dir()
    for source in template.rglob("*"):
        if source.is_file():
            rel = source.relative_to(template).as_posix()
            rel = ".gitignore" if rel == "gitignore" else rel  # stored without its dot in scr's repository
            assert (new_review / rel).is_file(), rel
    ignored = (new_review / ".gitignore").read_text(encoding="utf-8")
    assert "/family.yaml" in ignored and not (new_review / "gitignore").exists()
    for name in ("review", "log", "people", "front-matter"):
        assert (new_review / ".scr" / "schemas" / f"{name}.schema.json").is_file()


def test_scr_repository_tracks_every_template_file() -> None:
    """A nested .gitignore in review-template/ once hid the sensitive templates from git (and from the wheel)."""
    import subprocess

    template = paths.review_template_dir()
    tracked = set(subprocess.run(["git", "ls-files"], cwd=template, capture_output=True, text=True).stdout.split())
    if not tracked:  # not a git checkout (an installed copy): nothing to compare
        return
    on_disk = {p.relative_to(template).as_posix() for p in template.rglob("*") if p.is_file()}
    assert on_disk <= tracked, sorted(on_disk - tracked)


def test_documents_are_dated_the_day_the_referral_arrived(new_review: Path) -> None:
    """A review opened after the fact holds no paper dated after the events it records (the fixture's
    referral arrived on 2026-11-02, whatever day the test runs)."""
    scoping = (new_review / "03-scoping" / "scoping.md").read_text(encoding="utf-8")
    assert "\ndate: 2026-11-02\n" in scoping
    template = (paths.review_template_dir() / "03-scoping" / "scoping.md").read_text(encoding="utf-8")
    assert scoping.split("---", 2)[2] == template.split("---", 2)[2]  # bodies untouched


def test_sensitive_plaintext_is_never_committed(new_review: Path) -> None:
    tracked = set(git(new_review, "ls-files").split())
    for plain in ("family.yaml", "01-referral/referral.md", "02-decision/decision.md",
                  "06-overview/overview-report.md"):
        assert plain not in tracked, plain
        assert (new_review / plain).is_file(), plain
    assert "review.yaml" in tracked and "log.yaml" in tracked
    family = yaml.safe_load((new_review / "family.yaml").read_text(encoding="utf-8"))
    assert family["members"][0]["pseudonym"] == "Child Q"


def test_new_review_is_ready_for_status_and_check(new_review: Path, scr) -> None:
    assert scr("status", new_review).code == 0
    checked = scr("check", new_review)  # today: the documents are dated the day `scr new` ran
    assert checked.code == 0, checked.out
    assert "0 error(s)" in checked.out


def test_an_empty_existing_folder_is_accepted(tmp_path: Path, scr) -> None:
    target = tmp_path / "empty"
    target.mkdir()
    ran = scr("new", target, *NEW_ARGS)
    assert ran.code == 0, ran.err
    assert (target / "review.yaml").is_file()
    assert f"Created review in {target}" in ran.out


def test_refuses_a_non_empty_folder_and_leaves_it_alone(tmp_path: Path, scr) -> None:
    target = tmp_path / "used"
    target.mkdir()
    (target / "notes.txt").write_text("keep me\n")
    before = snapshot(tmp_path)
    ran = scr("new", target, *NEW_ARGS)
    assert ran.code == 1
    assert "already exists and is not empty" in ran.err and " — " in ran.err
    assert snapshot(tmp_path) == before


def test_refuses_a_path_that_is_a_file(tmp_path: Path, scr) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    assert scr("new", target, *NEW_ARGS).code == 1
    assert target.read_text() == "x"


def test_unknown_regime_creates_nothing(tmp_path: Path, scr) -> None:
    ran = scr("new", tmp_path / "r", *NEW_ARGS, "--regime", "scr-1999")
    assert ran.code == 1
    assert "unknown regime 'scr-1999'" in ran.err and "scr-2015" in ran.err
    assert list(tmp_path.iterdir()) == []


def test_no_staging_folder_is_left_behind(tmp_path: Path, scr) -> None:
    assert scr("new", tmp_path / "r", *NEW_ARGS).code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r"]


def test_a_relative_path_is_made_in_the_current_folder(tmp_path: Path, scr,
                                                       monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert scr("new", "rel-review", *NEW_ARGS).code == 0
    assert (tmp_path / "rel-review" / "review.yaml").is_file()


def test_refuses_without_a_git_identity(tmp_path: Path, scr, monkeypatch) -> None:
    empty = tmp_path / "empty-gitconfig"
    empty.write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(empty))
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    ran = scr("new", tmp_path / "r", *NEW_ARGS)
    assert ran.code == 2, ran
    assert "git does not know who you are" in ran.err and "git config --global user.name" in ran.err
    assert not (tmp_path / "r").exists()


def test_a_missing_parent_folder_is_one_line_exit_1(tmp_path: Path, scr) -> None:
    (tmp_path / "file").write_text("x")
    for target in (tmp_path / "missing" / "r", tmp_path / "file" / "r"):
        ran = scr("new", target, *NEW_ARGS)
        assert ran.code == 1, ran.err  # was a FileNotFoundError traceback (exit 3)
        assert "is not an existing folder" in ran.err and len(ran.err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a /proc file system")
def test_a_folder_that_cannot_be_written_is_an_environment_error(scr) -> None:
    ran = scr("new", "/proc/scr-new-review", *NEW_ARGS)
    assert ran.code == 2, ran.err
    assert "cannot create the review" in ran.err and len(ran.err.strip().splitlines()) == 1
