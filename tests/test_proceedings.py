"""Parallel proceedings hold adoption and publication (issue 13): an open criminal trial holding publication
makes `scr log summary-published` fail with one line naming proceedings.yaml:line, and so do the pre-commit
hook and the shared remote; concluding it with its findings considered lets it through. Real git, no mocks.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import snapshot
from tests.followupkit import bare_remote, commit, day, git, log_yaml, scr

LOG = log_yaml(-60)


def proceedings(concluded: str = "", considered: str = "", holds: str = "[publication]") -> str:
    return f"""\
# The trial, and a disciplinary process that holds nothing
proceedings:
  - id: inquiry-into-staff
    kind: disciplinary
    title: Disciplinary hearing (children's services)
  - id: crown-court-trial
    kind: criminal-trial
    title: Trial of the mother's partner (Crown Court)
    listed: {day(30)}
    concluded: {concluded}
    outcome: {"Convicted; sentence to follow" if concluded else '""'}
    findings_considered: {considered}
    holds: {holds}
    told: {{court-date: {day(-2)}}}
"""


TRIAL_LINE = 6  # the line of `- id: crown-court-trial` above


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("proc") / "rev"
    assert scr("new", root, "--ref", "SCR-T-14", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", day(-400)) == 0
    (root / "log.yaml").write_text(LOG)
    (root / "proceedings.yaml").write_text(proceedings())
    assert commit(root, "Adopted; a trial is listed", verify=False).returncode == 0
    return root


@pytest.fixture
def review(base: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rev"
    shutil.copytree(base, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def test_an_open_trial_holds_publication_naming_its_line(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(review)
    capsys.readouterr()
    assert scr("log", "summary-published", "--date", "today") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert re.match(rf"^scr: error: proceedings\.yaml:{TRIAL_LINE}:\d+: 'summary-published' is held \(publication\): "
                    r"the criminal trial 'crown-court-trial' is still open \(listed \d{4}-\d\d-\d\d\) — .*concluded",
                    err), err
    assert {k: v for k, v in snapshot(review).items() if "/scr/" not in k} == \
        {k: v for k, v in before.items() if "/scr/" not in k}


def test_concluded_but_not_considered_still_holds(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (review / "proceedings.yaml").write_text(proceedings(concluded=day(-1)))
    capsys.readouterr()
    assert scr("log", "summary-published", "--date", "today") == 1
    assert "but the panel has not yet considered its findings" in capsys.readouterr().err


def test_concluded_and_considered_lets_it_through(review: Path) -> None:
    (review / "proceedings.yaml").write_text(proceedings(concluded=day(-3), considered=day(-1)))
    assert scr("log", "summary-published", "--date", "today") == 0
    assert "summary-published" in (review / "log.yaml").read_text()
    assert commit(review, "Published once the panel had considered the verdict").returncode == 0


def test_adoption_is_held_too(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (review / "log.yaml").write_text(LOG.replace(f"  - {{event: adopted, date: {day(-60)}}}\n", ""))
    (review / "proceedings.yaml").write_text(proceedings(holds="[adoption, publication]"))
    capsys.readouterr()
    assert scr("log", "adopted", "--date", "today") == 1
    assert "'adopted' is held (adoption of the review)" in capsys.readouterr().err


def test_the_hooks_refuse_what_scr_log_refuses(review: Path, tmp_path: Path) -> None:
    remote = bare_remote(review, tmp_path / "remote.git")
    with (review / "log.yaml").open("a") as handle:
        handle.write(f"  - {{event: summary-published, date: {day(0)}}}\n")
    refused = commit(review, "Publish")
    assert refused.returncode == 1
    assert f"scr: error: proceedings.yaml:{TRIAL_LINE}:" in refused.stderr
    assert "is held (publication)" in refused.stderr
    assert commit(review, "Publish", verify=False).returncode == 0
    head = git(remote, "rev-parse", "main").stdout
    pushed = git(review, "push", "origin", "main")
    assert pushed.returncode != 0 and f"proceedings.yaml:{TRIAL_LINE}:" in pushed.stderr
    assert git(remote, "rev-parse", "main").stdout == head
    # the rejected commit is undone; the same change with the trial concluded and considered is accepted
    git(review, "reset", "-q", "--soft", "HEAD~1")
    (review / "proceedings.yaml").write_text(proceedings(concluded=day(-3), considered=day(-1)))
    assert commit(review, "Published once the panel had considered the verdict").returncode == 0
    assert git(review, "push", "-q", "origin", "main").returncode == 0


def test_status_shows_what_waits_on_what_and_the_court_date_clock(review: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert scr("status", "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["proceeding"] for w in data["waiting_on"]] == ["crown-court-trial"]
    assert data["waiting_on"][0]["where"] == f"proceedings.yaml:{TRIAL_LINE}"
    clocks = {c["id"]: c for c in data["clocks"]}
    court = clocks["court-date:crown-court-trial"]
    assert court["state"] == "met" and court["met_on"] == day(-2) and court["start"] == day(30)
    assert "outcome:crown-court-trial" not in clocks  # not concluded: that clock has not started
    capsys.readouterr()
    assert scr("status") == 0
    assert "Publication waits on the criminal trial 'crown-court-trial' is still open" in capsys.readouterr().out
