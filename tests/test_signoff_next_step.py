"""When the terms of reference become final, the next step is said: log that they were sent.

`scr signoff` says it when its sign-off completes what the document needs; `scr status` shows it under
"Next step" (and in --json) until `terms-of-reference-sent` is logged. The event comes from the regime's
`then_log`, not from code. The hook stays quiet: it prints nothing on a commit it accepts.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hooksupport import SUMMARY, TODAY, TOR, Keys, build_base, close_keys, git, make_keys, set_front


@pytest.fixture(scope="module")
def keys() -> Iterator[Keys]:
    made = make_keys(Path("/tmp"))
    yield made
    close_keys(made)


@pytest.fixture
def repo(tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = build_base(tmp_path / "rev", keys)
    monkeypatch.setenv("GNUPGHOME", str(keys.homes["board-chair"]))
    monkeypatch.chdir(root)
    return root


def commit(root: Path, message: str) -> tuple[int, str]:
    when = f"{TODAY}T12:00:00"
    git(root, "add", "-A")
    done = git(root, "commit", "-q", "-m", message, env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when})
    return done.returncode, done.stdout + done.stderr


def test_signoff_and_status_offer_to_log_the_terms_as_sent(repo: Path, scr) -> None:
    with (repo / TOR).open("a", encoding="utf-8") as f:
        f.write("\nThe period under review is the child's whole life.\n")
    assert scr("draft", "bump", TOR, "--today", TODAY.isoformat()).code == 0
    assert commit(repo, "terms v2") == (0, "")
    signed = scr("signoff", TOR, "--as", "board-chair", "--today", TODAY.isoformat())
    assert signed.code == 0, signed.err
    assert "next: it has every sign-off it needs: set `status: final` and commit it" in signed.out
    assert "then, once it has gone out, record it: scr log terms-of-reference-sent --date YYYY-MM-DD" in signed.out
    set_front(repo, TOR, status="final")
    assert commit(repo, "terms approved") == (0, "")  # the hook accepts it and says nothing

    today = TODAY.isoformat()
    status = scr("status", "--today", today)
    assert "Next step" in status.out
    assert ("Terms of reference is final: when it is done, record it with "
            "`scr log terms-of-reference-sent --date YYYY-MM-DD`") in status.out
    data = json.loads(scr("status", "--json", "--today", today).out)
    assert data["next_steps"] == [{"document": TOR, "event": "terms-of-reference-sent",
                                   "command": "scr log terms-of-reference-sent --date YYYY-MM-DD"}]
    assert scr("log", "terms-of-reference-sent", "--date", today).code == 0
    after = scr("status", "--today", today)
    assert "Next step" not in after.out
    assert json.loads(scr("status", "--json", "--today", today).out)["next_steps"] == []


def test_a_document_with_no_follow_up_event_is_only_told_to_commit(repo: Path, scr, keys: Keys,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The executive summary is signed by the panel chair; the regime names no event to log after it."""
    monkeypatch.setenv("GNUPGHOME", str(keys.homes["panel-chair"]))
    with (repo / SUMMARY).open("a", encoding="utf-8") as f:
        f.write("\nA closing paragraph.\n")
    assert scr("draft", "bump", SUMMARY, "--today", TODAY.isoformat()).code == 0
    assert commit(repo, "summary v2") == (0, "")
    ran = scr("signoff", SUMMARY, "--as", "panel-chair", "--today", TODAY.isoformat())
    assert ran.code == 0, ran.err
    assert "next: it has every sign-off it needs" in ran.out and "scr log" not in ran.out
