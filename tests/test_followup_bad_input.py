"""Bad records beside a review (progress, proceedings, FOI requests, the evaluation) through the real CLI: one line
naming file:line:col, what is wrong and how to fix it; exit 1; no traceback; nothing changed on disk.

Schema problems stop `scr status` (one line on stderr); what only the regime or the other files can tell is
reported by `scr check` (one issue line on stdout). Writing commands refuse a broken file before they write.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import Ran, snapshot

PROGRESS = "07-action-plan/progress.yaml"
FOI = "08-publication/foi.yaml"
EVALUATION = "08-publication/evaluation.yaml"
ERROR_LINE = re.compile(r"^scr: error: (?P<where>[^\s:]+:\d+:\d+): (?P<what>.+) — (?P<fix>.+)$")
ISSUE_LINE = re.compile(r"^(?P<where>[^\s:]+:\d+:\d+): error: (?P<what>.+) — (?P<fix>.+)$")
TODAY = "2020-06-24"

AGENCIES = "agencies:\n  - {id: police, name: Testshire Police, sector: police, imr: false}\n"
PEOPLE = "people:\n  - {id: business-manager, name: Ravi Oakhollow, roles: [business-manager]}\n"
PLAN = """\
title: Action plan
version: 1
date: 2019-11-01
status: draft
actions:
  - {id: A1, action: Notify children's services within a working day, owner_agency: police, due: 2020-09-30}
"""
LOG = """\
events:
  - {event: referral-received, date: 2019-11-01}
  - {event: decision, date: 2019-11-20, outcome: review, reasons: Serious injury}
  - {event: adopted, date: 2020-05-29}
  - {event: evaluation-letter-received, date: 2020-06-10}
"""


def entry(extra: str = "", status: str = "on-track", note: str = "Audit begun") -> str:
    return f"progress:\n  - action: A1\n    date: 2020-06-01\n    status: {status}\n    note: {note}\n{extra}"


def proceeding(extra: str = "", kind: str = "criminal-trial") -> str:
    return f"proceedings:\n  - id: trial\n    kind: {kind}\n    title: Crown Court trial\n{extra}"


def request(extra: str = "") -> str:
    return f"requests:\n  - id: FOI-1\n    received: 2020-06-01\n    requester: A journalist\n{extra}"


def evaluation(extra: str = "", overall: str = "good") -> str:
    return f"received: 2020-06-10\ninspector: HMI Ada Lovegrove\noverall: {overall}\n{extra}"


@dataclass
class Case:
    id: str
    file: str
    text: str
    marker: str  # the error is on the line holding this text
    says: str
    fix: str
    args: list[str] = field(default_factory=lambda: ["status", "{root}", "--today", TODAY])
    issue: bool = False  # `scr check`: the issue line on stdout


def check(*args: object, **kw: object) -> Case:
    case = Case(*args, **kw)  # type: ignore[arg-type]
    case.args, case.issue = ["check", "{root}", "--today", TODAY], True
    return case


CASES = [
    # --- progress.yaml: the schema ---
    Case("progress-status", PROGRESS, entry(status="done"), "status: done", "'progress[1].status': 'done' is not "
         "allowed", "not-started"),
    Case("progress-date", PROGRESS, entry().replace("2020-06-01", "01/06/2020"), "date: 01/06", "not an ISO date",
         "2020-06-01"),
    Case("progress-no-note", PROGRESS, entry().replace("    note: Audit begun\n", ""), "- action: A1",
         "'progress[1].note' is required", "add 'note:'"),
    Case("progress-unknown-field", PROGRESS, entry("    comment: x\n"), "comment: x", "unknown field 'comment'",
         "spelling"),
    Case("progress-empty-evidence", PROGRESS, entry("    evidence:\n      - file: ''\n"), "file: ''",
         "must not be empty", "fill it in"),
    Case("progress-agreed-by-id", PROGRESS, entry("    new_due: 2020-12-01\n    agreed_by: Board Chair\n"),
         "agreed_by: Board", "not a valid id", "lower-case"),
    # --- progress.yaml: what the plan and people.yaml say ---
    check("progress-unknown-action", PROGRESS, entry().replace("action: A1", "action: A9"), "action: A9",
          "unknown action 'A9'", "A1"),
    check("progress-date-without-who", PROGRESS, entry("    new_due: 2020-12-01\n"), "new_due:",
          "a new date for A1 without who agreed it", "agreed_by"),
    check("progress-complete-no-evidence", PROGRESS, entry(status="complete"), "status: complete",
          "A1 is complete without evidence", "evidence:"),
    check("progress-evidence-missing", PROGRESS, entry("    evidence:\n      - file: evidence/audit.pdf\n"),
          "file: evidence/audit.pdf", "evidence 'evidence/audit.pdf' is not in the review", "ref:"),
    check("progress-unknown-person", PROGRESS, entry("    new_due: 2020-12-01\n    agreed_by: chief-exec\n"),
          "agreed_by: chief", "no person 'chief-exec' in people.yaml", "id of the person"),
    check("progress-evidence-outside", PROGRESS, entry("    evidence:\n      - file: ../../etc/passwd\n"),
          "file: ../../etc", "is outside the review", "add the file"),
    # --- proceedings.yaml ---
    Case("proceeding-listed", "proceedings.yaml", proceeding("    listed: next March\n"), "listed: next",
         "'proceedings[1].listed': 'next March' is not a date", "YYYY-MM-DD"),
    Case("proceeding-no-title", "proceedings.yaml", proceeding().replace("    title: Crown Court trial\n", ""),
         "- id: trial", "'proceedings[1].title' is required", "add 'title:'"),
    Case("proceeding-holds-text", "proceedings.yaml", proceeding("    holds: publication\n"), "holds: publication",
         "must be a list", "'- '"),
    check("proceeding-kind", "proceedings.yaml", proceeding(kind="criminal-trail"), "kind: criminal-trail",
          "unknown kind of proceeding 'criminal-trail'", "did you mean 'criminal-trial'?"),
    check("proceeding-kind-listed", "proceedings.yaml", proceeding(kind="tribunal"), "kind: tribunal",
          "unknown kind of proceeding 'tribunal'", "use one of: criminal-trial, inquest"),
    check("proceeding-hold", "proceedings.yaml", proceeding("    holds: [sentencing]\n"), "holds: [sentencing]",
          "unknown hold 'sentencing'", "adoption, publication"),
    check("proceeding-considered-first", "proceedings.yaml",
          proceeding("    concluded: 2020-06-10\n    findings_considered: 2020-06-01\n"), "findings_considered",
          "findings_considered 2020-06-01 is before concluded 2020-06-10", "check both dates"),
    check("proceeding-considered-open", "proceedings.yaml", proceeding("    findings_considered: 2020-06-01\n"),
          "findings_considered", "findings considered before the proceeding concluded", "concluded:"),
    check("proceeding-told-clock", "proceedings.yaml", proceeding("    told: {verdict: 2020-06-01}\n"),
          "told: {verdict", "unknown clock 'verdict'", "court-date, outcome"),
    check("proceeding-duplicate", "proceedings.yaml",
          proceeding() + proceeding().split("\n", 1)[1].replace("id: trial", "id: trial  # again"), "# again",
          "proceeding id 'trial' is used twice", "rename one"),
    # --- 08-publication/foi.yaml ---
    Case("foi-no-requester", FOI, request().replace("    requester: A journalist\n", ""), "- id: FOI-1",
         "'requests[1].requester' is required", "add 'requester:'"),
    check("foi-outcome", FOI, request("    responded: 2020-06-20\n    outcome: refused\n"), "outcome: refused",
          "unknown outcome 'refused'", "partly-withheld"),
    check("foi-exemption", FOI, request("    exemptions:\n      - {exemption: commercial}\n"), "exemption: commercial",
          "unknown exemption 'commercial'", "personal-data"),
    check("foi-responded-first", FOI, request("    responded: 2020-05-01\n    outcome: disclosed\n"), "responded:",
          "responded 2020-05-01 is before received 2020-06-01", "check both dates"),
    # --- 08-publication/evaluation.yaml ---
    Case("evaluation-no-inspector", EVALUATION, evaluation().replace("inspector: HMI Ada Lovegrove\n", ""),
         "received:", "'inspector' is required", "add 'inspector:'"),
    check("evaluation-grade", EVALUATION, evaluation(overall="excellent"), "overall: excellent",
          "unknown grade 'excellent'", "outstanding"),
    check("evaluation-element", EVALUATION, evaluation("grades:\n  tone: good\n"), "tone: good",
          "unknown element 'tone'", "depth-of-learning"),
    check("evaluation-addressed-first", EVALUATION, evaluation("issues: x\nissues_addressed: 2020-06-01\n"),
          "issues_addressed", "issues_addressed 2020-06-01 is before received 2020-06-10", "check both dates"),
    # --- commands refuse to write beside a broken file ---
    Case("update-on-broken-progress", PROGRESS, entry(status="done"), "status: done", "is not allowed",
         "not-started", args=["action", "update", "A1", "--status", "on-track", "--note", "x", "-C", "{root}",
                              "--today", TODAY]),
    Case("update-on-unknown-action", PROGRESS, entry().replace("action: A1", "action: A7"), "action: A7",
         "unknown action 'A7'", "A1", args=["action", "update", "A1", "--status", "on-track", "--note", "x",
                                            "-C", "{root}", "--today", TODAY]),
    Case("log-on-broken-proceedings", "proceedings.yaml", proceeding("    concluded: soon\n"), "concluded: soon",
         "is not a date", "YYYY-MM-DD",
         args=["log", "summary-published", "--date", "2020-06-20", "--review", "{root}"]),
    Case("foi-add-on-broken-file", FOI, request("    responded: 2020-05-01\n    outcome: disclosed\n"), "responded:",
         "is before received", "check both dates",
         args=["foi", "add", "--received", "2020-06-02", "--from", "Someone", "-C", "{root}", "--today", TODAY]),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from scr_cli.app import main

    root = tmp_path_factory.mktemp("badrec") / "rev"
    assert main(["new", str(root), "--ref", "SCR-T-15", "--board", "Testshire", "--child", "Child Q",
                 "--referral-received", "2019-11-01"]) == 0
    for rel, text in (("agencies.yaml", AGENCIES), ("people.yaml", PEOPLE), ("07-action-plan/action-plan.yaml", PLAN),
                      ("log.yaml", LOG)):
        (root / rel).write_text(text)
    return root


def test_there_are_at_least_twenty_cases() -> None:
    assert len(CASES) >= 20
    assert {c.file for c in CASES} == {PROGRESS, "proceedings.yaml", FOI, EVALUATION}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_record(case: Case, base: Path, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path / "rev"
    shutil.copytree(base, root, symlinks=True)
    (root / case.file).parent.mkdir(parents=True, exist_ok=True)
    (root / case.file).write_text(case.text)
    line = next(n for n, text in enumerate(case.text.splitlines(), 1) if case.marker in text)
    before = {k: v for k, v in snapshot(root).items() if ".git/scr/" not in k}
    ran: Ran = scr(*[a.replace("{root}", str(root)) for a in case.args])
    assert ran.code == 1, (ran.out, ran.err)
    assert "Traceback" not in ran.err + ran.out
    if case.issue:
        found = [m for ln in ran.out.splitlines() if (m := ISSUE_LINE.match(ln))]
        assert len(found) == 1, ran.out
        got = found[0]
    else:
        lines = ran.err.splitlines()
        assert len(lines) == 1, ran.err
        got = ERROR_LINE.match(lines[0])  # type: ignore[assignment]
        assert got is not None, lines[0]
    assert got["where"].startswith(f"{case.file}:{line}:"), (got["where"], line, ran.err or ran.out)
    assert case.says in got["what"], got["what"]
    assert case.fix in got["fix"], got["fix"]
    assert {k: v for k, v in snapshot(root).items() if ".git/scr/" not in k} == before
