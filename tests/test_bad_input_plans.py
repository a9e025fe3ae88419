"""Bad plan.yaml and .scr/regime.yaml through the real CLI, as in test_bad_input.py: one line naming
file:line:col, what is wrong and how to fix it; exit 1; no traceback; nothing changed on disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from scr_cli.app import main
from tests.conftest import Ran
from tests.test_bad_input import ERROR_LINE, ISSUE_LINE, PLAIN_ERROR, Case, _check_where, _expected_line, _prepare
from tests.test_bad_input import snapshot as files_of

TODAY = "2025-12-22"
STATUS = ["status", "{root}", "--today", TODAY]
CHECK = ["check", "{root}", "--today", TODAY]
AGENCIES = "agencies:\n  - {id: police, name: Testshire Police, sector: police}\n"
V = "extends: cspr-2018\nid: testshire-cspr\n"  # the head of a variant
OVERRIDE = "clocks:\n  - id: rapid-review\n"  # the head of a clock override


def plan(*lines: str) -> dict[str, str | bytes | None]:
    return {"plan.yaml": "plan:\n" + "".join(lines)}


def variant(body: str) -> dict[str, str | bytes | None]:
    return {".scr/regime.yaml": V + body}


CASES = [
    # --- plan.yaml: the file ---
    Case("plan-yaml-syntax", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: 2026-01-08\n   note: x\n"),
         ("plan.yaml", "note: x"), "YAML syntax error", "syntax"),
    Case("plan-not-a-list", STATUS, 1, {"plan.yaml": "plan: rapid-review-meeting\n"},
         ("plan.yaml", "plan:"), "'plan' must be a list", "- "),
    Case("plan-unknown-top-field", STATUS, 1, {"plan.yaml": "plans: []\n"}, ("plan.yaml", "plans"),
         "unknown field 'plans'", "spelling"),
    Case("plan-unknown-field", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: 2026-01-08\n"
                                               "    colour: red\n"), ("plan.yaml", "colour"),
         "unknown field 'colour'", "spelling"),
    Case("plan-date-not-a-date", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: next tuesday\n"),
         ("plan.yaml", "next tuesday"), "'next tuesday' is not a date", "YYYY-MM-DD"),
    Case("plan-uk-date", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: 08/01/2026\n"),
         ("plan.yaml", "08/01/2026"), "08/01/2026 is not an ISO date", "2026-01-08"),
    Case("plan-impossible-date", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: 2026-02-30\n"),
         ("plan.yaml", "2026-02-30"), "2026-02-30 is not a real date", "day and month"),
    Case("plan-missing-date", STATUS, 1, plan("  - event: rapid-review-meeting\n    note: soon\n"),
         ("plan.yaml", "event: rapid-review-meeting"), "'plan[1].date' is required", "add 'date:'"),
    Case("plan-note-wrong-type", STATUS, 1, plan("  - event: rapid-review-meeting\n    date: 2026-01-08\n"
                                                 "    note: [a, b]\n"), ("plan.yaml", "note:"),
         "'plan[1].note' must be text", "quotes"),
    Case("plan-history-not-a-date", STATUS, 1,
         plan("  - event: rapid-review-meeting\n    date: 2026-01-08\n"
              "    history:\n      - {date: 2026-01-05, changed_on: yesterday}\n"),
         ("plan.yaml", "changed_on: yesterday"), "'yesterday' is not a date", "YYYY-MM-DD"),
    # --- plan.yaml: against the regime and the review ---
    Case("plan-unknown-event", STATUS, 1, plan("  - event: rapid-reveiw-meeting\n    date: 2026-01-08\n"),
         ("plan.yaml", "rapid-reveiw-meeting"), "unknown event 'rapid-reveiw-meeting'",
         "did you mean 'rapid-review-meeting'?"),
    Case("plan-an-event-scr-writes", STATUS, 1, plan("  - event: document-reopened\n    date: 2026-01-08\n"),
         ("plan.yaml", "document-reopened"), "is recorded by scr itself", "plan the review's own steps"),
    Case("plan-agency-on-a-shared-event", STATUS, 1,
         {"agencies.yaml": AGENCIES, **plan("  - {event: rapid-review-meeting, date: 2026-01-08, agency: police}\n")},
         ("plan.yaml", "agency: police"), "is not an agency's own event", "remove 'agency'"),
    Case("plan-unknown-agency", STATUS, 1,
         {"agencies.yaml": AGENCIES, **plan("  - {event: agency-summary-received, date: 2026-01-02, agency: fire}\n")},
         ("plan.yaml", "agency: fire"), "no agency 'fire' in agencies.yaml", "correct the id"),
    Case("plan-duplicate-entry", STATUS, 1, plan("  - {event: rapid-review-meeting, date: 2026-01-08}\n"
                                                 "  - {event: rapid-review-meeting, date: 2026-01-09}\n"),
         ("plan.yaml", "2026-01-09"), "'rapid-review-meeting' is planned twice", "keep one entry"),
    Case("plan-history-out-of-order", STATUS, 1,
         plan("  - event: rapid-review-meeting\n    date: 2026-01-08\n    history:\n"
              "      - {date: 2026-01-02, changed_on: 2025-12-21}\n"
              "      - {date: 2026-01-05, changed_on: 2025-12-19}\n"),
         ("plan.yaml", "event: rapid-review-meeting"), "is not in date order", "earlier moves first"),
    # --- scr plan on the command line ---
    Case("plan-a-past-date-for-what-happened", ["plan", "national-panel-notified", "--date", "2025-12-19", "-C",
                                                "{root}", "--today", TODAY], 1, {},
         ("log.yaml", "national-panel-notified"), "already happened on 2025-12-19", "the log records"),
    Case("plan-into-a-broken-plan", ["plan", "rapid-review-meeting", "--date", "2026-01-08", "-C", "{root}",
                                     "--today", TODAY], 1,
         plan("  - event: rapid-review-meeting\n    date: 2026-13-08\n"), ("plan.yaml", "2026-13-08"),
         "not a real date", "day and month"),
    Case("plan-with-a-broken-variant", ["plan", "rapid-review-meeting", "--date", "2026-01-08", "-C", "{root}",
                                        "--today", TODAY], 1,
         variant(OVERRIDE + "    due: {working_days: -3}\n    source: local\n"),
         (".scr/regime.yaml", "working_days: -3"), "the length -3 is negative", "0 or more"),
    # --- .scr/regime.yaml: the file ---
    Case("variant-yaml-syntax", STATUS, 1, variant("clocks:\n  - id: rapid-review\n   due: 3\n"),
         (".scr/regime.yaml", "due: 3"), "YAML syntax error", "syntax"),
    Case("variant-unknown-field", STATUS, 1, variant("deadlines: []\n"), (".scr/regime.yaml", "deadlines"),
         "unknown field 'deadlines'", "spelling"),
    Case("variant-unknown-clock-field", STATUS, 1,
         variant(OVERRIDE + "    lenght: {working_days: 10}\n    source: local\n"), (".scr/regime.yaml", "lenght"),
         "unknown field 'lenght'", "spelling"),
    Case("variant-length-wrong-type", STATUS, 1, variant(OVERRIDE + "    due: ten days\n    source: local\n"),
         (".scr/regime.yaml", "due: ten days"), "'clocks[1].due' must be a mapping of fields", "key: value"),
    Case("variant-length-not-a-number", STATUS, 1,
         variant(OVERRIDE + "    due: {working_days: ten}\n    source: local\n"),
         (".scr/regime.yaml", "working_days: ten"), "must be a whole number", "number"),
    Case("variant-bad-roll", STATUS, 1, variant(OVERRIDE + "    roll: sideways\n    source: local\n"),
         (".scr/regime.yaml", "sideways"), "'sideways' is not allowed", "'back'"),
    Case("variant-without-extends", STATUS, 1, {".scr/regime.yaml": "id: testshire-cspr\n"},
         (".scr/regime.yaml", "id:"), "'extends' is required", "add 'extends:'"),
    Case("variant-override-without-source", STATUS, 1, variant(OVERRIDE + "    due: {working_days: 10}\n"),
         (".scr/regime.yaml", "id: rapid-review"), "'clocks[1].source' is required", "add 'source:'"),
    # --- .scr/regime.yaml: what it may and may not do ---
    Case("variant-extends-an-unknown-regime", STATUS, 1, {".scr/regime.yaml": "extends: cspr-2019\n"},
         (".scr/regime.yaml", "cspr-2019"), "unknown regime 'cspr-2019'", "did you mean 'cspr-2018'?"),
    Case("variant-extends-itself", STATUS, 1, {".scr/regime.yaml": "id: testshire-cspr\nextends: testshire-cspr\n"},
         (".scr/regime.yaml", "extends:"), "the variant 'testshire-cspr' extends itself", "extend a shipped regime"),
    Case("variant-takes-a-shipped-name", STATUS, 1, {".scr/regime.yaml": "extends: cspr-2018\nid: scr-2015\n"},
         (".scr/regime.yaml", "id: scr-2015"), "'scr-2015' is the name of a shipped regime", "a name of its own"),
    Case("variant-extends-another-regime-than-the-review", STATUS, 1, {".scr/regime.yaml": "extends: scr-2015\n"},
         (".scr/regime.yaml", "scr-2015"), "extends 'scr-2015' but review.yaml follows 'cspr-2018'",
         "make them the same"),
    Case("variant-negative-length", STATUS, 1,
         variant(OVERRIDE + "    due: {working_days: -3}\n    source: local\n"),
         (".scr/regime.yaml", "working_days: -3"), "the length -3 is negative", "0 or more"),
    Case("variant-two-units", STATUS, 1,
         variant(OVERRIDE + "    due: {working_days: 3, weeks: 1}\n    source: local\n"),
         (".scr/regime.yaml", "due:"), "exactly one unit", "{working_days: 10}"),
    Case("variant-removes-a-statutory-clock", STATUS, 1, variant("remove:\n  clocks: [rapid-review]\n"),
         (".scr/regime.yaml", "clocks: [rapid-review]"), "'rapid-review' is a statutory clock and cannot be removed",
         "length only"),
    Case("variant-removes-an-unknown-clock", STATUS, 1, variant("remove:\n  clocks: [rapid-reveiw]\n"),
         (".scr/regime.yaml", "rapid-reveiw"), "there is no clock 'rapid-reveiw' to remove",
         "did you mean 'rapid-review'?"),
    Case("variant-overrides-an-unknown-clock", STATUS, 1,
         variant("clocks:\n  - id: rapid-reveiw\n    due: {working_days: 10}\n    source: local\n"),
         (".scr/regime.yaml", "id: rapid-reveiw"), "no clock 'rapid-reveiw' to change (did you mean 'rapid-review'?)",
         "to add a clock give title"),
    Case("variant-changes-what-starts-a-statutory-clock", STATUS, 1,
         variant(OVERRIDE + "    starts: rapid-review-meeting\n    source: local\n"), (".scr/regime.yaml", "starts:"),
         "may not change 'starts' of the inherited clock 'rapid-review'", "add a clock of your own"),
    Case("variant-duplicate-clock", STATUS, 1,
         variant(OVERRIDE + "    due: {working_days: 10}\n    source: local\n"
                 "  - id: rapid-review\n    due: {working_days: 12}\n    source: local\n"),
         (".scr/regime.yaml", "id: rapid-review"), "'rapid-review' is listed twice in clocks", "keep one entry",
         line=7),  # the second entry's id
    Case("variant-duplicate-event", STATUS, 1,
         variant("events:\n  - {id: rapid-review-meeting, title: Our own meeting}\n"),
         (".scr/regime.yaml", "id: rapid-review-meeting"), "'rapid-review-meeting' is already an event", "another id"),
    Case("variant-new-clock-on-an-unknown-event", STATUS, 1,
         variant("clocks:\n  - id: first-week\n    title: First week\n    starts: incident-knwon\n"
                 "    due: {days: 7}\n    met_by: [partners-notified]\n    source: local\n"),
         (".scr/regime.yaml", "incident-knwon"), "unknown event 'incident-knwon' in clock 'first-week'",
         "did you mean 'incident-known'?"),
    Case("variant-order-on-an-unknown-event", CHECK, 1, variant("order:\n  - [incident-known, tea-break]\n"),
         (".scr/regime.yaml", "tea-break"), "unknown event 'tea-break' in an order rule", "event ids", issue=True),
]

PLAIN = [  # the command line, where no file is at fault: one plain line
    Case("plan-unknown-event-on-the-command-line", ["plan", "rapid-reveiw-meeting", "--date", "2026-01-08", "-C",
                                                    "{root}", "--today", TODAY], 1, {}, None,
         "unknown event 'rapid-reveiw-meeting'", "did you mean 'rapid-review-meeting'?"),
    Case("plan-a-past-date", ["plan", "rapid-review-meeting", "--date", "2025-12-01", "-C", "{root}", "--today",
                              TODAY], 1, {}, None, "--date 2025-12-01 is in the past", "plan a date to come"),
    Case("plan-without-a-date", ["plan", "rapid-review-meeting", "-C", "{root}"], 1, {}, None,
         "--date is required", "--date 2027"),
    Case("switch-to-an-unknown-regime", ["regime", "switch", "cspr-2019", "--reason", "r", "-C", "{root}"], 1, {},
         None, "unknown regime 'cspr-2019'", "use one of"),
    Case("switch-to-the-same-regime", ["regime", "switch", "cspr-2018", "--reason", "r", "-C", "{root}"], 1, {},
         None, "already follows cspr-2018", "scr regime show"),
    Case("switch-without-a-reason", ["regime", "switch", "scr-2015", "--reason", " ", "-C", "{root}"], 1, {},
         None, "--reason must not be empty", "--reason"),
]


@pytest.fixture(scope="module")
def base_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A rapid review: incident known 2025-12-17, national panel notified 2025-12-19 (committed)."""
    root = tmp_path_factory.mktemp("base") / "rev"
    assert main(["new", str(root), "--ref", "RR-B-01", "--board", "Testshire", "--child", "Child Q", "--opened",
                 "2025-12-17", "--regime", "cspr-2018"]) == 0
    assert main(["log", "national-panel-notified", "--date", "2025-12-19", "--review", str(root)]) == 0
    return root


def test_there_are_at_least_twenty_cases_with_a_position() -> None:
    assert len(CASES) >= 20 and all(c.where for c in CASES)
    assert len({c.id for c in CASES + PLAIN}) == len(CASES) + len(PLAIN)


@pytest.mark.parametrize("case", CASES + PLAIN, ids=[c.id for c in CASES + PLAIN])
def test_bad_plan_or_variant(case: Case, base_review: Path, tmp_path: Path, scr: Callable[..., Ran]) -> None:
    root = _prepare(case, base_review, tmp_path)
    args = [a.replace("{root}", str(root)).replace("{tmp}", str(tmp_path)) for a in case.args]
    before = files_of(tmp_path)
    ran = scr(*args)
    assert ran.code == case.code, (ran.out, ran.err)
    assert "Traceback" not in ran.out + ran.err
    assert files_of(tmp_path) == before, "the command changed files on disk"
    if case.issue:
        lines = [ln for ln in ran.out.splitlines() if case.says in ln]
        assert lines, ran.out
        m = ISSUE_LINE.match(lines[0])
        assert m and m["severity"] == "error", lines[0]
    else:
        assert ran.out == "", ran.out
        lines = ran.err.strip().splitlines()
        assert len(lines) == 1, ran.err
        m = ERROR_LINE.match(lines[0]) if case.where else PLAIN_ERROR.match(lines[0])
        assert m, lines[0]
    assert case.says in m["what"], m["what"]
    assert case.fix in m["fix"], m["fix"]
    expected = _expected_line(root, case)
    if expected is not None:
        _check_where(m["where"], expected)
