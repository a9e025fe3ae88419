"""Action plan monitoring with real git and gpg (issue 13).

- an action cannot be completed without evidence, nor counted complete without a valid signature by the
  owning agency's senior manager (a key on the chair-signed readers list);
- `action-plan-completed` is refused while one action is open: by `scr log`, the pre-commit hook and the
  shared remote;
- a progress note needs no new version of the signed plan, and the plan's sign-offs stay valid.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.review.canonical import record_bytes
from scr_cli.review.model import Pos, SignOff
from tests.conftest import snapshot
from tests.followupkit import PLAN, PROGRESS, TODAY, Monitored, bare_remote, build, commit, day, git, scr
from tests.gpgkit import KeyKit, keykit_fixture  # noqa: F401 - fixture


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory, keykit: KeyKit) -> Iterator[Monitored]:
    made = build(tmp_path_factory.mktemp("mon") / "rev", keykit)
    yield made
    gpg.stop_agents(made.home)


@pytest.fixture
def review(base: Monitored, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rev"
    shutil.copytree(base.root, root, symlinks=True)
    monkeypatch.setenv("GNUPGHOME", str(base.home))
    monkeypatch.chdir(root)
    return root


def evidence(root: Path, name: str = "a1-audit.txt") -> str:
    rel = f"07-action-plan/evidence/{name}"
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text("Dip sample of 20 notifications: 19 sent within a working day.\n")
    return rel


def complete(root: Path, action: str, rel: str) -> None:
    assert scr("action", "update", action, "--status", "complete", "--note", "Done and audited",
               "--evidence", rel, "--evidence", "Board minutes, item 6", "-C", root) == 0


def plan_signoffs(capsys: pytest.CaptureFixture[str], root: Path) -> list[str]:
    capsys.readouterr()
    scr("signoffs", root)
    return [ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(PLAN)]


def test_completion_needs_evidence_and_nothing_is_written(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(review)
    capsys.readouterr()
    assert scr("action", "update", "A1", "--status", "complete", "--note", "Done") == 1
    err = capsys.readouterr().err
    assert err.startswith("scr: error: a completion needs evidence — ") and err.count("\n") == 1
    assert snapshot(review) == before


def test_evidence_must_exist_in_the_review(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(review)
    capsys.readouterr()
    assert scr("action", "update", "A1", "--status", "complete", "--note", "x", "--evidence", "missing/report.pdf") == 1
    assert "no file missing/report.pdf in the review" in capsys.readouterr().err
    assert snapshot(review) == before


def test_progress_needs_no_new_plan_version_and_leaves_its_signoffs_valid(
        review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan_before = (review / PLAN).read_bytes()
    assert [ln.split()[-1] for ln in plan_signoffs(capsys, review)] == ["valid", "valid"]
    assert scr("action", "update", "A2", "--status", "on-track", "--note", "Checklist drafted") == 0
    assert scr("action", "update", "A1", "--status", "at-risk", "--note", "Two teams late", "--new-date", day(40),
               "--agreed-by", "board-chair", "--date", day(-1)) == 0
    done = commit(review, "Progress on A1 and A2")  # through the review's own pre-commit hook
    assert done.returncode == 0, done.stderr
    assert (review / PLAN).read_bytes() == plan_before
    assert git(review, "diff", "--stat", "HEAD~1", "HEAD", "--", PLAN).stdout == ""
    assert [ln.split()[-1] for ln in plan_signoffs(capsys, review)] == ["valid", "valid"]
    capsys.readouterr()
    assert scr("actions", "--format", "json") == 0
    import json

    got = {a["id"]: a for a in json.loads(capsys.readouterr().out)["actions"]}
    assert got["A1"]["due"] == day(40) and got["A1"]["due_plan"] == day(-20) and got["A1"]["agreed_by"] == "board-chair"
    assert got["A1"]["status"] == "at-risk" and got["A2"]["status"] == "on-track"


def test_unsigned_completion_does_not_close_the_plan(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    complete(review, "A1", evidence(review))
    complete(review, "A2", evidence(review, "a2-policy.txt"))
    assert commit(review, "Both complete, not yet signed").returncode == 0
    before = snapshot(review)
    capsys.readouterr()
    assert scr("log", "action-plan-completed", "--date", "today") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"scr: error: {PROGRESS}:") and "2 of 2 actions are not complete with signed evidence" in err
    assert "awaiting sign-off" in err and "scr action signoff" in err
    assert snapshot(review) == before


def test_only_the_owning_agencys_senior_manager_signs(review: Path, capsys: pytest.CaptureFixture[str]) -> None:
    complete(review, "A1", evidence(review))
    before = snapshot(review)
    capsys.readouterr()
    assert scr("action", "signoff", "A1", "--person", "sm-health") == 1  # health's senior manager, not police's
    assert "'sm-health' is not a senior-manager of 'police'" in capsys.readouterr().err
    assert scr("action", "signoff", "A2") == 1  # A2 has no completion yet
    assert "A2's latest progress entry is not a completion" in capsys.readouterr().err
    assert snapshot(review) == before
    assert scr("action", "signoff", "A1") == 0
    assert "signed:\n      person: sm-police\n      role: senior-manager\n      agency: police" in (
        review / PROGRESS).read_text()
    assert commit(review, "A1 signed").returncode == 0


def _forge(root: Path, home: Path, signer_fpr: str, *, person: str = "sm-police", agency: str = "police") -> None:
    """A signed block on A1's completion, made with any key (the hooks must refuse a wrong one)."""
    from scr_cli.review.monitoring import action_row, entries_for, entry_fingerprint, row_digest
    from scr_cli.store.loader import load

    loaded = load(root)
    action = next(a for a in loaded.review.actions if a.id == "A1")
    entry = entries_for(loaded.review, "A1")[-1]
    fp = entry_fingerprint(entry, row_digest(action_row(action)))
    signed = SignOff(f"{PROGRESS}#A1", 1, fp, person, "senior-manager", TODAY, Pos(PROGRESS), agency)
    sig = gpg.sign_detached(home, record_bytes(signed), signer_fpr).decode()
    block = "\n".join("          " + ln for ln in sig.strip().splitlines())
    with (root / PROGRESS).open("a") as handle:
        handle.write(f"    signed:\n      person: {person}\n      role: senior-manager\n      agency: {agency}\n"
                     f"      date: {TODAY}\n      fingerprint: {fp}\n      signature: |\n{block}\n")


def test_a_forged_signature_is_refused_locally_and_by_the_remote(
        review: Path, base: Monitored, keykit: KeyKit, tmp_path: Path) -> None:
    bare_remote(review, tmp_path / "remote.git")
    complete(review, "A1", evidence(review))
    # sm-stranger is a senior manager (of health) whose key is not on the readers list: signing as sm-police
    _forge(review, base.home, keykit.fingerprint("sm-stranger"))
    refused = commit(review, "A forged completion")
    assert refused.returncode == 1
    assert f"scr: error: {PROGRESS}:" in refused.stderr
    assert "the sign-off of A1's completion is invalid" in refused.stderr
    assert commit(review, "A forged completion", verify=False).returncode == 0
    pushed = git(review, "push", "origin", "main")
    assert pushed.returncode != 0 and "the sign-off of A1's completion is invalid" in pushed.stderr
    assert "pre-receive hook declined" in pushed.stderr


def test_editing_signed_evidence_is_refused(review: Path) -> None:
    rel = evidence(review)
    complete(review, "A1", rel)
    assert scr("action", "signoff", "A1") == 0
    assert commit(review, "A1 signed").returncode == 0
    (review / rel).write_text("A different audit.\n")
    refused = commit(review, "Evidence changed after the sign-off")
    assert refused.returncode == 1 and "is stale" in refused.stderr


def test_plan_completed_refused_while_one_action_is_open_locally_and_by_the_remote(
        review: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remote = bare_remote(review, tmp_path / "remote.git")
    complete(review, "A1", evidence(review))
    assert scr("action", "signoff", "A1") == 0
    assert commit(review, "A1 complete and signed").returncode == 0
    capsys.readouterr()
    assert scr("log", "action-plan-completed", "--date", "today") == 1
    err = capsys.readouterr().err
    assert f"scr: error: {PLAN}:" in err and "1 of 2 actions are not complete with signed evidence: A2" in err
    with (review / "log.yaml").open("a") as handle:  # written by hand, past `scr log`
        handle.write(f"  - {{event: action-plan-completed, date: {day(0)}}}\n")
    refused = commit(review, "Close the plan")
    assert refused.returncode == 1 and "'action-plan-completed' is refused" in refused.stderr
    assert commit(review, "Close the plan", verify=False).returncode == 0
    head = git(remote, "rev-parse", "main").stdout
    pushed = git(review, "push", "origin", "main")
    assert pushed.returncode != 0 and "'action-plan-completed' is refused" in pushed.stderr
    assert git(remote, "rev-parse", "main").stdout == head
    # complete and sign A2: now the plan may close, and the remote takes it
    git(review, "reset", "-q", "--hard", "HEAD~1")
    complete(review, "A2", evidence(review, "a2-policy.txt"))
    assert scr("action", "signoff", "A2", "--person", "sm-health") == 0
    assert commit(review, "A2 complete and signed").returncode == 0
    assert scr("log", "action-plan-completed", "--date", "today") == 0
    assert commit(review, "The board signed off the completed plan").returncode == 0
    assert git(review, "push", "-q", "origin", "main").returncode == 0
    capsys.readouterr()
    assert scr("status", "--json") == 0
    import json

    status = json.loads(capsys.readouterr().out)
    assert status["stage"]["id"] == "closed"
    assert status["action_plan"][0]["complete"] == 2
