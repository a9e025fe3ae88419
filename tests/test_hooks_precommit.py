"""The pre-commit hook end to end: real `git commit` through the installed shim and the `scr` console script.

Each refused case asserts the exit code, the one-line message naming the file and the fixing command,
and that nothing changed: same HEAD, same work-tree bytes.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.hooksupport import (
    EARLIER,
    FUTURE,
    PLAN,
    SCOPING,
    SUMMARY,
    TODAY,
    TOR,
    Keys,
    append,
    build_base,
    close_keys,
    forge_signoff,
    git,
    make_keys,
    scr,
    set_front,
    state,
)


@pytest.fixture(scope="session")
def keys() -> Iterator[Keys]:
    made = make_keys(Path("/tmp"))
    yield made
    close_keys(made)


@pytest.fixture(scope="session")
def base(tmp_path_factory: pytest.TempPathFactory, keys: Keys) -> Path:
    return build_base(tmp_path_factory.mktemp("base") / "rev", keys)


@pytest.fixture
def repo(base: Path, tmp_path: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "rev"
    shutil.copytree(base, root, symlinks=True)
    monkeypatch.setenv("GNUPGHOME", str(keys.homes["board-chair"]))
    monkeypatch.chdir(root)
    return root


def commit(root: Path, all_: bool = False, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    if not all_:
        git(root, "add", "-A")
    done = git(root, "commit", "-q", *(["-a"] if all_ else []), *extra, "-m", "change")
    return done.returncode, done.stderr


def body(root: Path, rel: str = TOR) -> None:
    append(root, rel, "\nA new paragraph about the period under review.\n")


def _final_signed(root: Path) -> None:
    """v2 dated today, signed by the board chair, committed; then made final (not yet committed)."""
    body(root)
    assert scr("draft", "bump", TOR) == 0
    assert commit(root)[0] == 0
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    assert commit(root)[0] == 0
    set_front(root, TOR, status="final")


Setup = Callable[[Path, Keys], None]


def publish(root: Path, rel: str) -> None:
    """The board makes a path public (default deny): .scr/config.yaml, approved by the chair's signature."""
    config = root / ".scr/config.yaml"
    config.write_text(config.read_text().replace("public: []", f"public: [{rel}]"))
    assert scr("keys", "sign") == 0

REFUSED: list[tuple[str, Setup, bool, str, str]] = [
    # id, change, commit -a?, message part, fixing command part
    ("undated-body-edit", lambda r, k: body(r), False, "body changed but version is still 1", f"scr draft bump {TOR}"),
    ("undated-body-edit-commit-a", lambda r, k: body(r), True, "version is still 1", f"scr draft bump {TOR}"),
    ("old-date", lambda r, k: (body(r), set_front(r, TOR, version="2")), False, "must carry the commit date",
     f"scr draft bump {TOR}"),
    ("future-date", lambda r, k: (body(r), set_front(r, TOR, version="2", date=str(FUTURE))),
     False, "is in the future", f"scr draft bump {TOR}"),
    ("before-previous", lambda r, k: (body(r), set_front(r, TOR, version="2", date=str(EARLIER - timedelta(days=5)))),
     False, "before the previous draft's date", f"scr draft bump {TOR}"),
    ("version-jump", lambda r, k: (body(r), set_front(r, TOR, version="4", date=str(TODAY))), False,
     "version jumps from 1 to 4", f"scr draft bump {TOR}"),
    ("version-down", lambda r, k: set_front(r, TOR, version="0"), False, "version went down", "scr draft bump"),
    ("no-version", lambda r, k: (r / TOR).write_text((r / TOR).read_text().replace("version: 1\n", "")), False,
     "needs a whole-number version", f"scr draft bump {TOR}"),
    ("no-front-matter", lambda r, k: (r / TOR).write_text("# Terms\n\nNo front matter.\n"), False,
     "has no front matter", f"scr check {TOR}"),
    ("unclosed-front-matter", lambda r, k: (r / TOR).write_text("---\ntitle: T\nversion: 1\n"), False,
     "front matter is not closed", f"scr check {TOR}"),
    ("bad-yaml", lambda r, k: (r / TOR).write_text("---\ntitle: [unclosed\n---\nText\n"), False,
     "YAML syntax error", f"scr check {TOR}"),
    ("summary-edit", lambda r, k: body(r, SUMMARY), False, "version is still 1", f"scr draft bump {SUMMARY}"),
    ("scoping-edit-commit-a", lambda r, k: body(r, SCOPING), True, "version is still 1", f"scr draft bump {SCOPING}"),
    ("plan-action-edit", lambda r, k: (r / PLAN).write_text((r / PLAN).read_text().replace(
        "What will be done", "Train every duty social worker")), False, "version is still 1", f"scr draft bump {PLAN}"),
    ("renamed-and-edited", lambda r, k: (publish(r, "06-overview/summary.md"),
                                          git(r, "mv", SUMMARY, "06-overview/summary.md"),
                                          body(r, "06-overview/summary.md")), False, "version is still 1",
     "scr draft bump 06-overview/summary.md"),
    ("final-without-signoff", lambda r, k: set_front(r, TOR, status="final"), False,
     "cannot be final without a valid, current sign-off by board-chair", f"scr signoff {TOR} --as board-chair"),
    ("final-signed-by-non-member", lambda r, k: (forge_signoff(r, k.homes["outsider"], k.fprs["outsider"]),
                                                  set_front(r, TOR, status="final")), False,
     "(the sign-off given is invalid: bad signature: does not verify)", f"scr signoff {TOR} --as board-chair"),
    ("final-signed-by-unknown-person", lambda r, k: (
        forge_signoff(r, k.homes["outsider"], k.fprs["outsider"], person="outsider"),
        set_front(r, TOR, status="final")), False, "cannot be final without", "scr signoff"),
    ("final-signed-in-wrong-role", lambda r, k: (
        forge_signoff(r, k.homes["panel-chair"], k.fprs["panel-chair"], person="panel-chair", role="panel-chair"),
        set_front(r, TOR, status="final")), False, "cannot be final without", "scr signoff"),
    ("final-with-tampered-record", lambda r, k: (
        forge_signoff(r, k.homes["board-chair"], k.fprs["board-chair"]),
        (r / "signoffs.yaml").write_text((r / "signoffs.yaml").read_text().replace("version: 1", "version: 7")),
        set_front(r, TOR, status="final")), False, "cannot be final without", "scr signoff"),
    ("final-with-stale-signoff", lambda r, k: (
        forge_signoff(r, k.homes["board-chair"], k.fprs["board-chair"]), body(r),
        set_front(r, TOR, version="2", date=str(TODAY), status="final")), False,
     "board-chair (the sign-off given is stale: the document changed after it was signed)", "scr signoff"),
]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_refused(repo: Path, keys: Keys, case: tuple[str, Setup, bool, str, str]) -> None:
    _, change, all_, message, fix = case
    change(repo, keys)
    before = state(repo)
    code, err = commit(repo, all_)
    assert code == 1, err
    problems = [ln for ln in err.splitlines() if ln.startswith("scr: error: ")]
    assert len(problems) == 1, err
    assert message in problems[0] and f"run `{fix}" in problems[0], problems[0]
    assert "Traceback" not in err
    assert state(repo) == before  # no commit, nothing on disk touched


def test_final_edited_without_reopen_refused(repo: Path) -> None:
    _final_signed(repo)
    assert commit(repo)[0] == 0
    body(repo)
    before = state(repo)
    code, err = commit(repo)
    assert code == 1 and f"{TOR}: the document is final and frozen" in err
    assert f'scr draft reopen {TOR} --reason "..."' in err
    assert state(repo) == before


def test_final_turned_back_to_draft_by_hand_refused(repo: Path) -> None:
    _final_signed(repo)
    assert commit(repo)[0] == 0
    set_front(repo, TOR, status="draft")
    before = state(repo)
    code, err = commit(repo)
    assert code == 1 and "without a logged reason" in err and "scr draft reopen" in err
    assert state(repo) == before


@pytest.mark.parametrize("how", ["whitespace", "front-matter-only", "new-document", "bumped", "bumped-commit-a"])
def test_accepted(repo: Path, how: str) -> None:
    head = git(repo, "rev-parse", "HEAD").stdout
    if how == "whitespace":
        text = (repo / TOR).read_text()
        (repo / TOR).write_text(text.replace("# Scope\n", "# Scope   \n\n\n").replace(" review ", "  review "))
    elif how == "front-matter-only":
        (repo / TOR).write_text((repo / TOR).read_text().replace("title: Terms of reference",
                                                                  "title: 'Terms of reference'  # quoted"))
    elif how == "new-document":
        faq = f"---\ntitle: FAQ\nversion: 1\ndate: {TODAY}\nstatus: draft\n---\nQ.\n"
        publish(repo, "08-publication/faq.md")  # a new public paper: the board adds its path (default deny)
        (repo / "08-publication/faq.md").write_text(faq)
    else:
        body(repo)
        assert scr("draft", "bump", TOR) == 0
    code, err = commit(repo, all_=how == "bumped-commit-a")
    assert code == 0, err
    assert git(repo, "rev-parse", "HEAD").stdout != head


def test_bump_touches_only_version_and_date(repo: Path) -> None:
    text = (repo / TOR).read_text().replace("title: Terms of reference", "title: Terms of reference  # keep me")
    (repo / TOR).write_text(text)
    body(repo)
    before = (repo / TOR).read_text()
    assert scr("draft", "bump", TOR) == 0
    after = (repo / TOR).read_text()
    assert after == before.replace("version: 1", "version: 2").replace(f"date: {EARLIER}", f"date: {TODAY}")
    assert scr("draft", "bump", TOR) == 0  # twice: still one above the committed version
    assert (repo / TOR).read_text() == after


def test_final_with_valid_signoff_accepted_then_reopen(repo: Path) -> None:
    from scr_cli.gate.signing import states

    _final_signed(repo)
    code, err = commit(repo)
    assert code == 0, err
    assert [s.state for s in states(repo)] == ["valid"]
    assert scr("draft", "reopen", TOR, "--reason", "The board asked for a wider scope") == 0
    body(repo)
    code, err = commit(repo)
    assert code == 0, err
    log = (repo / "log.yaml").read_text()
    assert "document-reopened" in log and "wider scope" in log and TOR in log
    assert "version: 3" in (repo / TOR).read_text() and "status: draft" in (repo / TOR).read_text()


def test_edit_after_signoff_shows_stale(repo: Path) -> None:
    from scr_cli.gate.signing import states

    body(repo)
    assert scr("draft", "bump", TOR) == 0
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    assert [s.state for s in states(repo)] == ["valid"]
    append(repo, TOR, "\nOne more sentence.\n")
    got = states(repo)
    assert [s.state for s in got] == ["stale"] and "changed" in got[0].reason


def test_states_name_why_invalid(repo: Path, keys: Keys) -> None:
    from scr_cli.gate.signing import states

    forge_signoff(repo, keys.homes["outsider"], keys.fprs["outsider"])
    got = states(repo)
    assert got[0].state == "invalid" and "does not verify" in got[0].reason


def test_signoff_refuses_wrong_person_or_missing_key(
    repo: Path, keys: Keys, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    before = state(repo)
    assert scr("signoff", TOR, "--as", "panel-chair") == 1  # the regime: only the board chair signs the ToR
    monkeypatch.setenv("GNUPGHOME", str(keys.homes["outsider"]))
    assert scr("signoff", TOR, "--as", "board-chair", "--person", "board-chair") == 1
    err = capsys.readouterr().err
    assert "does not sign" in err and "secret key of 'board-chair' is not in this keyring" in err
    assert scr("signoff", TOR, "--as", "board-chair") == 1  # the only holder: no need for --person to say why
    assert "secret key of 'board-chair' is not in this keyring" in capsys.readouterr().err
    assert state(repo) == before


def test_drafts_lists_versions_and_signers(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from scr_cli.gate.history import drafts

    _final_signed(repo)
    assert commit(repo)[0] == 0
    rel, rows = drafts(repo / TOR)
    assert rel == TOR
    assert [(r.version, r.status) for r in rows] == [(1, "draft"), (2, "final")]
    assert rows[-1].signed_by == ["board-chair (board-chair)"] and rows[-1].commit
    assert scr("drafts", TOR) == 0
    assert "board-chair" in capsys.readouterr().out


def test_check_reports_stale_and_missing_signoffs(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body(repo)
    assert scr("draft", "bump", TOR) == 0
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    capsys.readouterr()
    scr("check")
    assert "stale" not in capsys.readouterr().out
    append(repo, TOR, "\nEdited after signing.\n")
    set_front(repo, TOR, status="final")
    scr("check")
    out = capsys.readouterr()
    text = out.out + out.err
    assert "signoffs.yaml" in text and "is stale" in text
    assert "final document lacks a valid sign-off by board-chair" in text


def test_hook_reads_the_staged_version_not_the_work_tree(repo: Path) -> None:
    body(repo)
    git(repo, "add", TOR)  # the body change is staged without a bump...
    assert scr("draft", "bump", TOR) == 0  # ...and the bump exists only in the work tree
    before = state(repo)
    done = git(repo, "commit", "-q", "-m", "staged body, unstaged bump")
    assert done.returncode == 1 and "version is still 1" in done.stderr
    assert state(repo) == before
    git(repo, "add", TOR)
    assert git(repo, "commit", "-q", "-m", "both staged").returncode == 0


def test_bump_keeps_windows_line_endings(repo: Path) -> None:
    text = (repo / TOR).read_text().replace("\n", "\r\n")
    (repo / TOR).write_bytes(text.encode())
    assert scr("draft", "bump", TOR) == 0
    after = (repo / TOR).read_bytes()
    assert b"version: 2\r\n" in after and f"date: {TODAY}\r\n".encode() in after
    assert after.count(b"\r\n") == text.count("\r\n")


def test_signoffs_command_exit_codes(repo: Path, keys: Keys, capsys: pytest.CaptureFixture[str]) -> None:
    body(repo)
    assert scr("draft", "bump", TOR) == 0
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    assert scr("signoffs") == 0
    assert "valid" in capsys.readouterr().out
    forge_signoff(repo, keys.homes["outsider"], keys.fprs["outsider"], version=2)
    assert scr("signoffs") == 1
    assert "invalid" in capsys.readouterr().out


def test_broken_people_file_refuses_a_final_in_one_line(repo: Path) -> None:
    body(repo)
    assert scr("draft", "bump", TOR) == 0
    assert commit(repo)[0] == 0
    (repo / "people.yaml").write_text("people:\n  - id: board-chair\n    roles: [board-chair\n")
    set_front(repo, TOR, status="final")
    before = state(repo)
    code, err = commit(repo)
    assert code == 1 and "Traceback" not in err
    assert err.count("scr: error: ") == 1 and "people.yaml:" in err and "YAML syntax error" in err
    assert state(repo) == before


def test_repairing_a_broken_document_is_judged_as_new(repo: Path) -> None:
    good = (repo / TOR).read_text()
    (repo / TOR).write_text("no front matter at all\n")
    git(repo, "commit", "-q", "--no-verify", "-am", "broken by someone")
    (repo / TOR).write_text(good)
    code, err = commit(repo)
    assert code == 0, err


APPENDIX = f"---\ntitle: Records read\nversion: 1\ndate: {TODAY}\nstatus: draft\n---\n"


def _with_attachments(root: Path) -> None:
    """v2 of the terms of reference showing a genogram and including an appendix, signed, committed."""
    folder = root / TOR.rsplit("/", 1)[0]
    (folder / "genogram.png").write_bytes(b"\x89PNG fictional genogram v1")
    (folder / "appendix.md").write_text(APPENDIX + "Appendix: the agencies' records that were read.\n")
    append(root, TOR, "\n![Genogram](genogram.png)\n\n!include appendix.md\n")
    assert scr("draft", "bump", TOR) == 0
    assert commit(root)[0] == 0
    assert scr("signoff", TOR, "--as", "board-chair") == 0
    assert commit(root)[0] == 0


def _signoff_states(root: Path) -> tuple[list[str], list[str]]:
    """The sign-off states as the hooks read them (work tree) and as `scr status` does (loaded review)."""
    import json

    from scr_cli.gate.signing import states

    hooks = [s.state for s in states(root)]
    done = subprocess.run(["scr", "status", "--json"], cwd=root, capture_output=True, text=True, check=True)
    return hooks, [s["state"] for s in json.loads(done.stdout)["signoffs"]]


def test_signoff_covers_the_images_and_includes_a_document_shows(repo: Path) -> None:
    from scr_cli.gate.history import history

    _with_attachments(repo)
    folder = repo / TOR.rsplit("/", 1)[0]
    assert [(r.version, bool(r.commit)) for r in history(repo, TOR)] == [(1, True), (2, True)]  # all committed
    assert _signoff_states(repo) == (["valid"], ["valid"])
    (folder / "genogram.png").write_bytes(b"\x89PNG fictional genogram v2")
    assert _signoff_states(repo) == (["stale"], ["stale"])
    (folder / "genogram.png").write_bytes(b"\x89PNG fictional genogram v1")
    assert _signoff_states(repo) == (["valid"], ["valid"])
    (folder / "appendix.md").write_text(APPENDIX + "Appendix:  the agencies' records that were read.\n\n\n")  # spacing
    assert _signoff_states(repo) == (["valid"], ["valid"])
    (folder / "appendix.md").write_text(APPENDIX + "Appendix: the agencies' records that were not read.\n")
    assert _signoff_states(repo) == (["stale"], ["stale"])


@pytest.mark.parametrize("change", ["image-edited", "image-deleted", "appendix-edited"])
def test_a_final_documents_image_or_include_is_frozen_too(repo: Path, change: str) -> None:
    _with_attachments(repo)
    set_front(repo, TOR, status="final")
    code, err = commit(repo)
    assert code == 0, err
    folder = repo / TOR.rsplit("/", 1)[0]
    if change == "image-edited":
        (folder / "genogram.png").write_bytes(b"\x89PNG fictional genogram v2")
    elif change == "image-deleted":
        (folder / "genogram.png").unlink()
    else:
        append(repo, f"{TOR.rsplit('/', 1)[0]}/appendix.md", "A sentence added after approval.\n")
    before = state(repo)
    code, err = commit(repo)
    assert code == 1 and f"{TOR}: the document is final and frozen" in err, err
    assert f'scr draft reopen {TOR} --reason "..."' in err
    assert state(repo) == before
    assert scr("draft", "reopen", TOR, "--reason", "The genogram was corrected") == 0
    code, err = commit(repo)
    assert code == 0, err


def test_an_image_shown_only_by_drafts_may_change(repo: Path) -> None:
    _with_attachments(repo)
    (repo / TOR.rsplit("/", 1)[0] / "genogram.png").write_bytes(b"\x89PNG fictional genogram v2")
    code, err = commit(repo)
    assert code == 0, err
