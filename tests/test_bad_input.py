"""Bad input through the real CLI: one line naming file:line:col, what is wrong and how to fix it;
exit 1 for data, 2 for the environment; no traceback; nothing changed on disk."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scr_cli.app import main
from tests.conftest import Ran
from tests.conftest import snapshot as _snapshot

CACHE = ".git/scr/"  # scr status keeps a cache of the loaded review here (never committed); not the review's data


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root except scr's own cache inside .git."""
    return {k: v for k, v in _snapshot(root).items() if CACHE not in k}

ERROR_LINE = re.compile(r"^scr: error: (?P<where>\S+?): (?P<what>.+) — (?P<fix>.+)$")
PLAIN_ERROR = re.compile(r"^scr: error: (?P<what>.+) — (?P<fix>.+)$")
ISSUE_LINE = re.compile(r"^(?P<where>\S+?): (?P<severity>error|warning): (?P<what>.+) — (?P<fix>.+)$")

AGENCIES = """\
agencies:
  - {id: csc, name: Testshire Children's Services, sector: social-care}
  - {id: nhs, name: Testshire Health Trust, sector: health}
  - {id: school, name: Quill Lane Primary, sector: education}
  - {id: police, name: Testshire Police, sector: police}
"""
PANEL = """\
  - {id: panel-csc, name: Orla Pennyworth, roles: [panel-member], agency: csc}
  - {id: panel-nhs, name: Dr Ivo Marchbank, roles: [panel-member], agency: nhs}
  - {id: panel-school, name: Pria Lathamby, roles: [panel-member], agency: school}
  - {id: panel-police, name: DI Wren Castellane, roles: [panel-member], agency: police}
"""
BOARD_CHAIR = "  - {id: board-chair, name: Zelda Quillfeather, roles: [board-chair], organisation: Partnership}\n"
PANEL_CHAIR = "  - {id: panel-chair, name: Amos Thistlewood, roles: [panel-chair], organisation: Independent}\n"
AUTHOR = "  - {id: author, name: Bryony Saltmarsh, roles: [overview-author], organisation: Independent}\n"


def people(*lines: str, panel: str = PANEL) -> str:
    return "people:\n" + "".join(lines) + panel


LOG_HEAD = "events:\n  - {event: referral-received, date: 2026-11-02}\n"


@dataclass
class Case:
    id: str
    args: list[str]  # "{root}" stands for the review folder, "{tmp}" for the test's temp folder
    code: int
    files: dict[str, str | bytes | None] = field(default_factory=dict)  # None deletes the file
    where: tuple[str, str] | None = None  # (file, marker): expect file:LINE where LINE holds the marker
    says: str = ""  # the message contains this
    fix: str = ""  # the fix contains this
    line: int | None = None  # expect this line instead of a marker's
    issue: bool = False  # `scr check`: look for the issue line on stdout instead of stderr


CASES = [
    # --- YAML that cannot be read ---
    Case("yaml-syntax", ["status", "{root}"], 1,
         {"people.yaml": "people:\n  - id: board-chair\n    name: Zelda: Quillfeather\n    roles: [board-chair]\n"},
         ("people.yaml", "name: Zelda"), "YAML syntax error", "syntax"),
    Case("tab-indentation", ["status", "{root}"], 1,
         {"agencies.yaml": "agencies:\n\t- id: csc\n"}, ("agencies.yaml", "\t"), "tab", "spaces"),
    Case("duplicate-key", ["status", "{root}"], 1,
         {"review.yaml": "reference: SCR-T-01\nboard: Testshire\nchild: Child Q\nboard: Again\n"},
         ("review.yaml", "board: Again"), "duplicate key 'board' (first on line 2)", "remove one"),
    Case("empty-file", ["status", "{root}"], 1, {"log.yaml": ""}, ("log.yaml", ""), "empty", "restore", line=1),
    Case("only-comments", ["check", "{root}"], 1, {"log.yaml": "# nothing here\n"}, ("log.yaml", ""), "empty",
         "restore", line=1, issue=True),
    Case("alias-bomb", ["status", "{root}"], 1,
         {"agencies.yaml": "a: &a [x, x, x, x, x, x, x, x, x]\n"
                           + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n"
                                     for i in range(8))
                           + "agencies: *i\n"},
         ("agencies.yaml", "b: &b"), "aliases", "in full"),
    Case("deep-flow-nesting", ["status", "{root}"], 1, {"agencies.yaml": "agencies: " + "[" * 3000 + "]" * 3000 + "\n"},
         ("agencies.yaml", "agencies"), "nested more than 100 levels", "flatten"),
    Case("deep-block-nesting", ["check", "{root}"], 1,
         {"people.yaml": "people:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(150)) + "  " * 151 + "x\n"},
         ("people.yaml", "k99:"), "nested more than 100 levels", "flatten", issue=True),
    Case("custom-tag", ["status", "{root}"], 1,
         {"review.yaml": "reference: !!python/object:os.system x\nboard: B\nchild: Child Q\n"},
         ("review.yaml", "reference"), "tag", "remove"),
    Case("not-utf8", ["status", "{root}"], 1,
         {"people.yaml": b"people:\n  - id: board-chair\n    name: Z\xe9lda\n    roles: [board-chair]\n"},
         ("people.yaml", "name"), "not UTF-8", "UTF-8"),
    Case("not-a-mapping", ["status", "{root}"], 1, {"agencies.yaml": "- csc\n- nhs\n"}, ("agencies.yaml", "- csc"),
         "mapping", "key: value"),
    # --- values of the wrong kind ---
    Case("wrong-type-list", ["status", "{root}"], 1,
         {"people.yaml": "people:\n  - id: board-chair\n    name: Zelda Quillfeather\n    roles: board-chair\n"},
         ("people.yaml", "roles: board-chair"), "must be a list", "- "),
    Case("wrong-type-bool", ["status", "{root}"], 1,
         {"agencies.yaml": "agencies:\n  - id: csc\n    name: Children's Services\n    sector: social-care\n"
                           "    imr: perhaps\n"},
         ("agencies.yaml", "imr: perhaps"), "true or false", "true or false"),
    Case("impossible-date", ["status", "{root}"], 1,
         {"log.yaml": LOG_HEAD + "  - {event: decision, date: 2027-02-30, outcome: review, reasons: r}\n"},
         ("log.yaml", "2027-02-30"), "2027-02-30 is not a real date", "day and month"),
    Case("uk-date", ["status", "{root}"], 1,
         {"log.yaml": LOG_HEAD + "  - event: panel-convened\n    date: 31/12/2027\n"},
         ("log.yaml", "31/12/2027"), "31/12/2027 is not an ISO date", "2027-12-31"),
    Case("unknown-field", ["status", "{root}"], 1,
         {"review.yaml": "reference: SCR-T-01\nboard: Testshire\nchild: Child Q\ncolour: red\n"},
         ("review.yaml", "colour"), "unknown field 'colour'", "spelling"),
    Case("missing-required-field", ["status", "{root}"], 1,
         {"review.yaml": "reference: SCR-T-01\nchild: Child Q\n"}, ("review.yaml", "reference"),
         "'board' is required", "add 'board:'"),
    Case("bad-sector", ["status", "{root}"], 1,
         {"agencies.yaml": "agencies:\n  - {id: csc, name: Children's Services, sector: socialcare}\n"},
         ("agencies.yaml", "socialcare"), "'socialcare' is not allowed", "social-care"),
    Case("bad-id", ["status", "{root}"], 1,
         {"agencies.yaml": "agencies:\n  - {id: West Police, name: West Police, sector: police}\n"},
         ("agencies.yaml", "West Police"), "not a valid id", "hyphens"),
    Case("missing-file", ["status", "{root}"], 1, {"people.yaml": None}, None, "people.yaml", "restore"),
    Case("unknown-regime", ["status", "{root}"], 1,
         {"review.yaml": "reference: SCR-T-01\nboard: Testshire\nchild: Child Q\nregime: scr-2051\n"},
         None, "unknown regime 'scr-2051'", "scr-2015"),
    # --- documents' front matter ---
    Case("front-matter-not-closed", ["status", "{root}"], 1,
         {"03-scoping/scoping.md": "---\ntitle: Scoping\nversion: 1\ndate: 2026-11-03\nstatus: draft\n\n# Body\n"},
         ("03-scoping/scoping.md", "---"), "not closed", "'---'"),
    Case("front-matter-version-text", ["check", "{root}"], 1,
         {"03-scoping/scoping.md": "---\ntitle: Scoping\nversion: two\ndate: 2026-11-03\nstatus: draft\n---\n"},
         ("03-scoping/scoping.md", "version: two"), "whole number", "number", issue=True),
    Case("front-matter-missing", ["check", "{root}"], 1, {"03-scoping/scoping.md": "# Scoping\n\nText.\n"},
         ("03-scoping/scoping.md", ""), "no front matter", "---", line=1, issue=True),
    # --- the process rules (scr check) ---
    Case("future-date", ["check", "{root}", "--today", "2026-11-29"], 1,
         {"log.yaml": LOG_HEAD + "  - {event: panel-convened, date: 2027-01-05}\n"},
         ("log.yaml", "2027-01-05"), "in the future", "happened", issue=True),
    Case("unknown-event", ["check", "{root}", "--today", "2026-11-29"], 1,
         {"log.yaml": LOG_HEAD + "  - {event: pannel-convened, date: 2026-11-05}\n"},
         ("log.yaml", "pannel"), "unknown event 'pannel-convened'", "did you mean 'panel-convened'?", issue=True),
    Case("event-missing-field", ["check", "{root}", "--today", "2026-11-29"], 1,
         {"log.yaml": LOG_HEAD + "  - {event: decision, date: 2026-11-20, outcome: review}\n"},
         ("log.yaml", "event: decision"), "'decision' needs 'reasons'", "reasons=", issue=True),
    Case("bad-choice", ["check", "{root}", "--today", "2026-11-29"], 1,
         {"log.yaml": LOG_HEAD + "  - {event: decision, date: 2026-11-20, outcome: maybe, reasons: r}\n"},
         ("log.yaml", "event: decision"), "'maybe' is not allowed", "review, no-review", issue=True),
    Case("unknown-role", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, "  - {id: pc, name: Amos T, roles: [panel-chiar], organisation: I}\n")},
         ("people.yaml", "panel-chiar"), "unknown role 'panel-chiar'", "did you mean 'panel-chair'?", issue=True),
    Case("panel-chair-on-board", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, "  - {id: panel-chair, name: Amos T, roles: [panel-chair, board-member],"
                                             " organisation: Independent}\n", AUTHOR)},
         ("people.yaml", "id: panel-chair"), "panel-chair is panel-chair and also board-member",
         "panel-chair-not-board-member", issue=True),
    Case("panel-chair-employed-by-agency", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, "  - {id: panel-chair, name: Amos T, roles: [panel-chair], agency: nhs}\n",
                                AUTHOR)},
         ("people.yaml", "id: panel-chair"), "works for involved agency 'nhs'", "appoint someone else", issue=True),
    Case("panel-chair-also-author", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, "  - {id: panel-chair, name: Amos T,"
                                             " roles: [panel-chair, overview-author], organisation: Independent}\n")},
         ("people.yaml", "id: panel-chair"), "also overview-author", "panel-chair-not-author", issue=True),
    Case("author-is-board-chair", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people("  - {id: chair, name: Zelda Q, roles: [board-chair, overview-author],"
                                " organisation: P}\n", PANEL_CHAIR)},
         ("people.yaml", "id: chair"), "chair is overview-author and also board-chair", "author-not-chairs",
         issue=True),
    Case("imr-author-involved", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, PANEL_CHAIR, AUTHOR,
                                "  - {id: imr-nhs, name: Nell Brack, roles: [imr-author], agency: nhs,"
                                " directly_involved: true}\n")},
         ("people.yaml", "id: imr-nhs"), "marked directly_involved", "imr-author-not-involved", issue=True),
    Case("imr-author-line-manager", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, PANEL_CHAIR, AUTHOR,
                                "  - {id: imr-csc, name: Tamsin Vale, roles: [imr-author], agency: csc,"
                                " line_manager_of_involved: true}\n")},
         ("people.yaml", "id: imr-csc"), "marked line_manager_of_involved", "imr-author-not-involved", issue=True),
    Case("two-board-chairs", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR,
                                "  - {id: chair-2, name: Ada Q, roles: [board-chair], organisation: P}\n")},
         ("people.yaml", "id: chair-2"), "more than one board chair", "only one person", issue=True),
    Case("panel-missing-police", ["check", "{root}"], 1,
         {"agencies.yaml": AGENCIES,
          "people.yaml": people(BOARD_CHAIR, PANEL_CHAIR, AUTHOR, panel=PANEL.replace(
              "  - {id: panel-police, name: DI Wren Castellane, roles: [panel-member], agency: police}\n", ""))},
         ("people.yaml", "id: panel-csc"), "the panel does not include police", "panel member", issue=True),
    # --- the command line ---
    Case("new-into-non-empty-folder", ["new", "{root}", "--ref", "R-2", "--board", "B", "--child", "Child Q",
                                       "--referral-received", "2026-11-02"], 1,
         {}, None, "already exists and is not empty", "new folder name"),
    Case("new-future-referral", ["new", "{tmp}/fresh", "--ref", "R-2", "--board", "B", "--child", "Child Q",
                                 "--referral-received", "2099-01-01"], 1,
         {}, None, "2099-01-01 is in the future", "actually arrived"),
    Case("new-uk-date", ["new", "{tmp}/fresh", "--ref", "R-2", "--board", "B", "--child", "Child Q",
                         "--referral-received", "02/11/2026"], 1,
         {}, None, "'02/11/2026' is not an ISO date", "2026-11-02"),
    Case("new-empty-ref", ["new", "{tmp}/fresh", "--ref", " ", "--board", "B", "--child", "Child Q",
                           "--referral-received", "2026-11-02"], 1, {}, None, "--ref must not be empty", "value"),
    Case("log-uk-date", ["log", "panel-convened", "--date", "31/12/2026", "--review", "{root}"], 1,
         {}, None, "'31/12/2026' is not an ISO date", "2026-12-31"),
    Case("log-impossible-date", ["log", "panel-convened", "--date", "2027-02-30", "--review", "{root}"], 1,
         {}, None, "'2027-02-30' is not a real date", "day and the month"),
    Case("log-unknown-event", ["log", "referal-received", "--date", "2026-11-03", "--review", "{root}"], 1,
         {}, None, "unknown event 'referal-received'", "did you mean 'referral-received'?"),
    Case("log-future-date", ["log", "panel-convened", "--date", "2099-01-05", "--review", "{root}"], 1,
         {}, None, "in the future", "happened"),
    Case("log-bad-choice", ["log", "decision", "--date", "2026-11-20", "outcome=perhaps", "reasons=r",
                            "--review", "{root}"], 1, {}, None, "'perhaps' is not allowed", "review, no-review"),
    Case("log-missing-field", ["log", "decision", "--date", "2026-11-20", "outcome=review", "--review", "{root}"], 1,
         {}, None, "'decision' needs 'reasons'", "reasons="),
    Case("log-not-a-pair", ["log", "decision", "--date", "2026-11-20", "outcome", "--review", "{root}"], 1,
         {}, None, "not a field=value pair", "name=value"),
    Case("log-into-broken-log", ["log", "panel-convened", "--date", "2026-11-05", "--review", "{root}"], 1,
         {"log.yaml": "events:\n  - {event: referral-received, date: 2026-13-02}\n"},
         ("log.yaml", "2026-13-02"), "not a real date", "day and month"),
    Case("status-uk-today", ["status", "{root}", "--today", "29/11/2026"], 1, {}, None,
         "'29/11/2026' is not an ISO date", "2026-11-29"),
    Case("not-a-review", ["status", "{tmp}"], 1, {}, None, "is not inside a review", "scr new"),
    Case("no-such-folder", ["check", "{tmp}/nowhere"], 1, {}, None, "does not exist", "review folder"),
]


@pytest.fixture(scope="module")
def base_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base") / "rev"
    code = main(["new", str(root), "--ref", "SCR-T-01", "--board", "Testshire Safeguarding Partnership",
                 "--child", "Child Q", "--referral-received", "2026-11-02"])
    assert code == 0
    return root


def _prepare(case: Case, base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "rev"
    shutil.copytree(base, root, symlinks=True)
    for rel, content in case.files.items():
        target = root / rel
        if content is None:
            target.unlink()
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root


def _expected_line(root: Path, case: Case) -> tuple[str, int | None] | None:
    if case.where is None:
        return None
    rel, marker = case.where
    if case.line is not None:
        return rel, case.line
    text = (root / rel).read_bytes().decode("utf-8", "replace")
    for number, line in enumerate(text.split("\n"), start=1):
        if marker in line:
            return rel, number
    raise AssertionError(f"marker {marker!r} not in {rel}")


def _check_where(where: str, expected: tuple[str, int | None]) -> None:
    parts = where.split(":")
    assert parts[0] == expected[0], where
    assert len(parts) == 3 and all(p.isdigit() and int(p) >= 1 for p in parts[1:]), f"no line:col in {where}"
    assert int(parts[1]) == expected[1], f"{where}: expected line {expected[1]}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input(case: Case, base_review: Path, tmp_path: Path, scr: Callable[..., Ran]) -> None:
    root = _prepare(case, base_review, tmp_path)
    args = [a.replace("{root}", str(root)).replace("{tmp}", str(tmp_path)) for a in case.args]
    before = snapshot(tmp_path)
    ran = scr(*args)
    assert ran.code == case.code, (ran.out, ran.err)
    out, err = ran.out, ran.err
    assert "Traceback" not in out + err
    assert snapshot(tmp_path) == before, "the command changed files on disk"
    expected = _expected_line(root, case)
    if case.issue:
        lines = [ln for ln in out.splitlines() if case.says in ln]
        assert lines, out
        m = ISSUE_LINE.match(lines[0])
        assert m, lines[0]
        assert m["severity"] == "error"
    else:
        assert out == "" or case.args[0] == "check", out
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        m = ERROR_LINE.match(lines[0]) if case.where else PLAIN_ERROR.match(lines[0])
        assert m, lines[0]
    assert case.says in m["what"], m["what"]
    assert case.fix in m["fix"], m["fix"]
    if expected is not None:
        _check_where(m["where"], expected)
    if case.id == "missing-file":
        assert "people.yaml" in lines[0]


# --- accepted with a warning: events out of the procedure's order (a log records what happened) ---

ORDER_CASES = [
    Case("decision-before-referral", ["check", "{root}", "--today", "2026-11-29"], 0,
         {"log.yaml": LOG_HEAD + "  - {event: decision, date: 2026-10-20, outcome: review, reasons: r}\n"},
         ("log.yaml", "event: decision"), "'decision' (2026-10-20) is dated before 'referral-received'",
         "procedure 1.5", issue=True),
    Case("adoption-before-decision", ["check", "{root}", "--today", "2026-11-29"], 0,
         {"log.yaml": LOG_HEAD + "  - {event: adopted, date: 2026-11-10}\n"
                                 "  - {event: decision, date: 2026-11-20, outcome: review, reasons: r}\n"},
         ("log.yaml", "adopted"), "'adopted' (2026-11-10) is dated before 'decision'", "procedure 14", issue=True),
]


@pytest.mark.parametrize("case", ORDER_CASES, ids=[c.id for c in ORDER_CASES])
def test_events_out_of_order_are_a_warning_at_their_line(case: Case, base_review: Path, tmp_path: Path,
                                                         scr: Callable[..., Ran]) -> None:
    root = _prepare(case, base_review, tmp_path)
    args = [a.replace("{root}", str(root)) for a in case.args]
    before = snapshot(tmp_path)
    ran = scr(*args)
    assert ran.code == 0, ran.out  # check passes: warnings only
    assert snapshot(tmp_path) == before
    line = next(ln for ln in ran.out.splitlines() if case.says in ln)
    m = ISSUE_LINE.match(line)
    assert m and m["severity"] == "warning", line
    assert case.fix in m["fix"], m["fix"]
    expected = _expected_line(root, case)
    assert expected is not None
    _check_where(m["where"], expected)
    assert scr(*args, "--strict").code == 1


# --- accepted with a warning: BOM and CRLF ---

@pytest.mark.parametrize(
    ("name", "mangle", "says"),
    [
        ("bom", lambda b: b"\xef\xbb\xbf" + b, "byte-order mark"),
        ("crlf", lambda b: b.replace(b"\n", b"\r\n"), "CRLF"),
    ],
)
def test_bom_and_crlf_are_accepted_with_a_warning(name: str, mangle: Callable[[bytes], bytes], says: str,
                                                  base_review: Path, tmp_path: Path,
                                                  scr: Callable[..., Ran]) -> None:
    root = _prepare(Case(name, [], 0), base_review, tmp_path)
    for rel in ("review.yaml", "03-scoping/scoping.md"):
        (root / rel).write_bytes(mangle((root / rel).read_bytes()))
    before = snapshot(root)
    status = scr("status", root, "--today", "2026-11-29")
    assert status.code == 0, status.err
    assert "warning" in status.out
    loose = scr("check", root, "--today", "2026-11-29")
    assert loose.code == 0, loose.out
    strict = scr("check", root, "--strict", "--today", "2026-11-29")
    assert strict.code == 1
    for rel in ("review.yaml", "03-scoping/scoping.md"):
        line = next(ln for ln in strict.out.splitlines() if ln.startswith(rel) and says in ln)
        m = ISSUE_LINE.match(line)
        assert m and m["severity"] == "warning" and m["where"] == f"{rel}:1:1", line
    assert snapshot(root) == before


def test_alias_bomb_is_refused_quickly(base_review: Path, tmp_path: Path, scr: Callable[..., Ran]) -> None:
    import time

    case = next(c for c in CASES if c.id == "alias-bomb")
    root = _prepare(case, base_review, tmp_path)
    started = time.perf_counter()
    ran = scr("check", root)
    assert ran.code == 1
    assert time.perf_counter() - started < 5


# --- the environment: exit 2 ---

def _bare_path(tmp_path: Path) -> str:
    """A PATH with only a python interpreter on it: no git, no gpg."""
    folder = tmp_path / "bin"
    if not folder.is_dir():
        folder.mkdir()
        (folder / "python").symlink_to(sys.executable)
    return str(folder)


def _run_without_git(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": _bare_path(tmp_path)}
    return subprocess.run([sys.executable, "-m", "scr_cli.app", *args], capture_output=True, text=True, env=env,
                          cwd=tmp_path, timeout=60)


def test_git_missing_is_an_environment_error(tmp_path: Path) -> None:
    target = tmp_path / "fresh"
    before = snapshot(tmp_path)
    ran = _run_without_git(tmp_path, "new", str(target), "--ref", "R-1", "--board", "B", "--child", "Child Q",
                           "--referral-received", "2026-11-02")
    assert ran.returncode == 2, ran.stderr
    assert "Traceback" not in ran.stdout + ran.stderr
    m = PLAIN_ERROR.match(ran.stderr.strip())
    assert m and "`git` was not found" in m["what"] and "install git" in m["fix"], ran.stderr
    assert not target.exists()
    assert {k for k in snapshot(tmp_path) if not k.startswith("bin/")} == {k for k in before}


def test_status_and_check_do_not_need_git(base_review: Path, tmp_path: Path) -> None:
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    assert _run_without_git(tmp_path, "status", str(root), "--today", "2026-11-29").returncode == 0
    assert _run_without_git(tmp_path, "check", str(root), "--today", "2026-11-29").returncode == 0


def test_not_a_git_repository_where_git_is_needed(base_review: Path, tmp_path: Path,
                                                  scr: Callable[..., Ran]) -> None:
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    shutil.rmtree(root / ".git")
    before = snapshot(tmp_path)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        ran = scr("init")
    finally:
        os.chdir(cwd)
    assert ran.code == 2, ran
    line = ran.err.strip()
    m = PLAIN_ERROR.match(line)
    assert m and "not a git repository" in m["what"], line
    assert "Traceback" not in line
    assert snapshot(tmp_path) == before


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) + 2 + 3 >= 30


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["nosuch"], "No such command 'nosuch'"),
        (["statsu"], "Did you mean 'status'?"),
        (["status", "--bogus"], "No such option"),
        (["new", "somewhere"], "Missing option"),
        (["log", "decision", "--date"], "requires an argument"),
    ],
)
def test_command_line_mistakes_are_one_line_exit_1(args: list[str], says: str, scr: Callable[..., Ran],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    ran = scr(*args)
    assert ran.code == 1, ran
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and PLAIN_ERROR.match(lines[0]) and says in lines[0], lines
    assert lines[0].count("Did you mean") <= 1
    assert list(tmp_path.iterdir()) == []


def test_scr_alone_prints_help(scr: Callable[..., Ran]) -> None:
    ran = scr()
    assert ran.code == 0
    assert ran.out.startswith("Usage: scr") and "status" in ran.out and ran.err == ""


def test_very_deep_nesting_is_refused_not_a_crash(base_review: Path, tmp_path: Path) -> None:
    """200,000 nested brackets overflowed the C stack of the YAML composer (a segfault): run in a child process."""
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    (root / "agencies.yaml").write_text("agencies: " + "[" * 200_000 + "]" * 200_000 + "\n")
    ran = subprocess.run([sys.executable, "-m", "scr_cli.app", "check", str(root)], capture_output=True, text=True,
                         timeout=60)
    assert ran.returncode == 1, (ran.returncode, ran.stderr[-300:])
    assert "agencies.yaml:1:110: error: values are nested more than 100 levels deep" in ran.stdout


def test_a_year_9999_typo_is_reported_by_check_and_status_survives(base_review: Path, tmp_path: Path,
                                                                   scr: Callable[..., Ran]) -> None:
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    (root / "log.yaml").write_text("events:\n  - {event: referral-received, date: 9999-12-31}\n"
                                   "  - {event: adopted, date: 9999-06-01}\n")
    assert scr("status", root, "--today", "2026-11-29").code == 0  # was an OverflowError (exit 3)
    checked = scr("check", root, "--today", "2026-11-29")
    assert checked.code == 1
    assert "log.yaml:2:5: error: 'referral-received' is dated 9999-12-31, in the future" in checked.out


@pytest.mark.parametrize("command", ["status", "check", "build"])
def test_a_document_that_is_a_broken_link_is_an_error_not_a_crash(command: str, base_review: Path, tmp_path: Path,
                                                                   scr: Callable[..., Ran]) -> None:
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    doc = root / "03-scoping" / "scoping.md"
    doc.unlink()
    doc.symlink_to(tmp_path / "gone.md")
    args = ["build", "-C", str(root), "--format", "html", "--out", str(tmp_path / "out")] if command == "build" \
        else [command, str(root)]
    ran = scr(*args)
    assert "Traceback" not in ran.out + ran.err and ran.code != 3, ran.err
    if command != "build":  # the pack does not hold the scoping paper
        assert ran.code == 1
        assert "03-scoping/scoping.md:1:1" in ran.out + ran.err and "cannot be read" in ran.out + ran.err


def test_a_regime_name_cannot_reach_another_file(base_review: Path, tmp_path: Path) -> None:
    """review.yaml is read by the shared remote's hook too: `regime: ../..` must not open files elsewhere."""
    root = _prepare(Case("x", [], 0), base_review, tmp_path)
    review = root / "review.yaml"
    review.write_text(review.read_text().replace("regime: scr-2015", "regime: ../regimes/scr-2015"))
    before = snapshot(root)
    ran = subprocess.run([sys.executable, "-m", "scr_cli.app", "status", str(root)], capture_output=True, text=True)
    assert ran.returncode == 1 and "unknown regime '../regimes/scr-2015'" in ran.stderr, ran.stderr
    assert "Traceback" not in ran.stderr
    assert snapshot(root) == before
