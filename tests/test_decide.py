"""scr decide: the criteria walked through and recorded, the decision held to its answers, and the lead board.

Three decisions from answers files (a death with abuse suspected; a serious injury meeting two "consider"
criteria, decided either way; answers that require a review and a decision not to hold one), the lead-board
rule on four cases, and the interactive walk driven through a pseudo-terminal.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import snapshot

TODAY = "2026-11-25"
ANSWERS = "02-decision/criteria.yaml"
IDS = ["died-abuse-suspected", "died-in-custody", "life-threatening-harm", "sexual-abuse", "parent-murdered",
       "violent-assault", "working-together-concern", "harm-missed", "institution-or-care", "harm-while-missing",
       "recently-arrived", "concerns-not-heard", "protection-plan", "procedures-failed", "national-interest"]


def answers_file(path: Path, met: dict[str, str], outcome: str, reasons: str = "Reasons recorded by the chair",
                 override: str = "", day: str = "2026-11-20", **extra: Any) -> Path:
    """An answers file: every criterion 'no' unless `met` says otherwise."""
    decision: dict[str, str] = {"outcome": outcome}
    if reasons:
        decision["reasons"] = reasons
    if override:
        decision["override"] = override
    data: dict[str, Any] = {"date": day, **extra,
                            "answers": [{"criterion": c, "met": met.get(c, "no"),
                                         "evidence": f"note on {c}" if c in met else ""} for c in IDS],
                            **decision}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def decide(scr: Any, root: Path, answers: Path, *more: str) -> Any:
    return scr("decide", "--answers", answers, "-C", root, "--today", TODAY, *more)


def logged(root: Path) -> list[dict[str, Any]]:
    return list(yaml.safe_load((root / "log.yaml").read_text())["events"])


def test_a_death_with_abuse_suspected_requires_a_review_and_is_recorded(new_review: Path, tmp_path: Path,
                                                                         scr: Any) -> None:
    given = answers_file(tmp_path / "death.yaml", {"died-abuse-suspected": "yes", "harm-missed": "yes",
                                                   "sexual-abuse": "not-known"}, "review")
    ran = decide(scr, new_review, given)
    assert ran.code == 0, ran.err
    assert "Decided on 2026-11-20: review" in ran.out
    assert "Met, requiring a review: died-abuse-suspected" in ran.out
    assert "Met, to consider: harm-missed" in ran.out
    assert "Next: Tell Ofsted and the department of the decision — due 2026-12-11" in ran.out
    kept = yaml.safe_load((new_review / ANSWERS).read_text())
    assert [a["criterion"] for a in kept["answers"]] == IDS
    assert kept["answers"][0] == {"criterion": "died-abuse-suspected", "met": "yes",
                                  "evidence": "note on died-abuse-suspected"}
    assert (kept["outcome"], kept["reasons"], "override" in kept) == ("review", "Reasons recorded by the chair", False)
    assert stat.S_IMODE((new_review / ANSWERS).stat().st_mode) == 0o600  # plaintext of a sensitive file
    assert logged(new_review)[-1] == {"event": "decision", "date": date(2026, 11, 20), "outcome": "review",
                                      "reasons": "Reasons recorded by the chair"}
    check = scr("check", new_review, "--today", TODAY)
    assert check.code == 0, check.out
    assert "criteria" not in check.out
    ignored = os.popen(f"git -C {new_review} check-ignore {ANSWERS}").read().strip()
    assert ignored == ANSWERS  # the plaintext can never be staged by accident


@pytest.mark.parametrize("outcome", ["review", "no-review"])
def test_a_serious_injury_meeting_two_consider_criteria_may_be_decided_either_way(new_review: Path, tmp_path: Path,
                                                                                  scr: Any, outcome: str) -> None:
    given = answers_file(tmp_path / "injury.yaml", {"life-threatening-harm": "yes", "harm-missed": "yes"}, outcome,
                         reasons="Single-agency learning is enough" if outcome == "no-review" else "Lessons likely")
    ran = decide(scr, new_review, given)
    assert ran.code == 0, ran.err
    assert "Met, to consider: life-threatening-harm, harm-missed" in ran.out
    assert "requiring" not in ran.out
    if outcome == "no-review":  # the national panel is sent a decision not to review
        assert "Next: Send the national panel the decision not to hold a review — due 2026-11-27" in ran.out
    data = json.loads(scr("status", new_review, "--json", "--today", TODAY).out)
    assert data["stage"]["id"] == ("decision" if outcome == "review" else "not-held")
    assert scr("check", new_review, "--today", TODAY).code == 0


def test_reasons_are_required_either_way(new_review: Path, tmp_path: Path, scr: Any) -> None:
    given = answers_file(tmp_path / "injury.yaml", {"life-threatening-harm": "yes"}, "no-review", reasons="")
    before = snapshot(new_review)
    ran = decide(scr, new_review, given)
    assert ran.code == 1
    assert ran.err.startswith(f"scr: error: {given}:") and "'reasons' is required but missing" in ran.err
    assert snapshot(new_review) == before


def test_required_but_no_review_without_an_override_is_refused_and_checked(new_review: Path, tmp_path: Path,
                                                                           scr: Any) -> None:
    given = answers_file(tmp_path / "death.yaml", {"died-abuse-suspected": "yes"}, "no-review")
    before = snapshot(new_review)
    ran = decide(scr, new_review, given)
    assert ran.code == 1
    line = given.read_text().splitlines().index("outcome: no-review") + 1
    assert ran.err.splitlines()[0] == (
        f"scr: error: {given}:{line}:10: 'died-abuse-suspected' is met and requires a review (procedure 1.1), "
        "but the decision is 'no-review' — hold the review, or write the chair's reason under `override:`")
    assert snapshot(new_review) == before  # nothing written

    # The same answers put in place by hand (as an editor would): scr check finds the contradiction at its line.
    (new_review / ANSWERS).write_text(given.read_text())
    assert scr("log", "decision", "--date", "2026-11-20", "outcome=no-review", "reasons=Chair's view",
               "-C", new_review).code == 0
    check = scr("check", new_review, "--today", TODAY)
    assert check.code == 1
    assert (f"{ANSWERS}:{line}:10: error: 'died-abuse-suspected' is met and requires a review (procedure 1.1), "
            "but the decision is 'no-review'") in check.out

    # With the chair's override recorded the decision stands.
    text = (new_review / ANSWERS).read_text().replace(
        "outcome: no-review\n", "outcome: no-review\noverride: The coroner found the death accidental\n")
    (new_review / ANSWERS).write_text(text)
    assert scr("check", new_review, "--today", TODAY).code == 0


def test_an_override_lets_scr_decide_record_no_review(new_review: Path, tmp_path: Path, scr: Any) -> None:
    given = answers_file(tmp_path / "death.yaml", {"died-in-custody": "yes"}, "no-review",
                         override="A national review is being held instead")
    ran = decide(scr, new_review, given)
    assert ran.code == 0, ran.err
    assert "Met, requiring a review: died-in-custody — overridden: A national review is being held instead" in ran.out


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: t.replace("criterion: harm-missed", "criterion: harm-mised"),
     "unknown criterion 'harm-mised' — did you mean 'harm-missed'?"),
    (lambda t: t.replace("- criterion: national-interest\n  met: 'no'\n  evidence: ''\n", ""),
     "1 criteria not answered, first 'national-interest' — answer each: yes, no or not-known"),
    (lambda t: t.replace("criterion: died-in-custody\n  met: 'no'", "criterion: died-in-custody\n  met: true"),
     "'answers[2].met': True is not allowed — use one of 'yes', 'no' or 'not-known'"),
    (lambda t: t.replace("outcome: review", "outcome: maybe"),
     "outcome 'maybe' is not a decision — use one of: review, no-review"),
    (lambda t: t.replace("date: '2026-11-20'", "date: '2026-12-20'"),
     "'decision' is dated 2026-12-20, in the future — log events when they have happened"),
    (lambda t: t.replace("date: '2026-11-20'", "date: '2026-11-20'\ndecided_by: chair-person"),
     "decided_by 'chair-person' is not in people.yaml — use the person's id from people.yaml, e.g. board-chair"),
    (lambda t: t.replace("date: '2026-11-20'", "date: 20/11/2026"),
     "'date': 20/11/2026 is not an ISO date — write dates as YYYY-MM-DD, here 2026-11-20"),
], ids=["unknown-criterion", "criterion-missing", "met-not-a-word", "unknown-outcome", "future-date",
        "unknown-person", "uk-date"])
def test_bad_answers_are_refused_at_their_line_and_nothing_is_written(new_review: Path, tmp_path: Path, scr: Any,
                                                                      change: Any, expected: str) -> None:
    given = answers_file(tmp_path / "a.yaml", {"harm-missed": "yes"}, "review")
    given.write_text(change(given.read_text()))
    before = snapshot(new_review)
    ran = decide(scr, new_review, given)
    assert ran.code == 1, ran.out
    assert ran.err.startswith("scr: error: ") and expected in ran.err, ran.err
    assert ran.err.count("\n") == 1 and "Traceback" not in ran.err
    assert snapshot(new_review) == before


def test_a_second_decide_is_refused_and_a_missing_file_is_an_error(new_review: Path, tmp_path: Path,
                                                                    scr: Any) -> None:
    given = answers_file(tmp_path / "a.yaml", {"harm-missed": "yes"}, "review")
    assert decide(scr, new_review, given).code == 0
    before = snapshot(new_review)
    again = decide(scr, new_review, given)
    assert again.code == 1 and f"{ANSWERS}: the criteria are already answered for this review" in again.err
    assert snapshot(new_review) == before
    missing = decide(scr, new_review, tmp_path / "nowhere.yaml")
    assert missing.code in (1, 2) and missing.err.startswith("scr: error: ") and "nowhere.yaml" in missing.err


def test_without_answers_and_without_a_terminal_it_says_how(new_review: Path, scr: Any) -> None:
    ran = scr("decide", "-C", new_review, "--today", TODAY)  # pytest's stdin is not a terminal
    assert ran.code == 1
    assert ran.err == ("scr: error: no answers given — give --answers FILE, or run `scr decide` in a "
                       "terminal\n")


def test_scr_log_decision_still_records_one_made_elsewhere_and_says_so(new_review: Path, scr: Any) -> None:
    ran = scr("log", "decision", "--date", "2026-11-20", "outcome=review", "reasons=Decided at the board meeting",
              "-C", new_review)
    assert ran.code == 0
    assert "Note: logged without the criteria; `scr decide` walks through them" in ran.out
    check = scr("check", new_review, "--today", TODAY)
    assert check.code == 0  # a warning, not an error: the decision may have been recorded elsewhere
    assert "warning: 'decision' is logged without the criteria answered" in check.out


def test_answers_and_log_that_disagree_are_an_error_at_the_log_line(new_review: Path, tmp_path: Path,
                                                                    scr: Any) -> None:
    given = answers_file(tmp_path / "a.yaml", {"harm-missed": "yes"}, "review")
    assert decide(scr, new_review, given).code == 0
    log = (new_review / "log.yaml").read_text().replace("outcome: review", "outcome: no-review")
    (new_review / "log.yaml").write_text(log)
    check = scr("check", new_review, "--today", TODAY)
    assert check.code == 1
    assert ("error: the decision logged (no-review, 2026-11-20) is not the one the answers record "
            "(review, 2026-11-20)") in check.out


def test_the_list_shows_every_criterion_with_its_kind_and_section(new_review: Path, scr: Any) -> None:
    ran = scr("decide", "--list", "-C", new_review)
    assert ran.code == 0
    rows = [ln.split()[0] for ln in ran.out.splitlines()[1:]]
    assert rows == IDS
    assert "requires" in ran.out.splitlines()[1] and "procedure 1.1" in ran.out.splitlines()[1]


def test_cspr_2018_decides_on_a_local_review(tmp_path: Path, scr: Any) -> None:
    root = tmp_path / "rr"
    assert scr("new", root, "--regime", "cspr-2018", "--ref", "RR-T-01", "--board", "Testshire Partnership",
               "--child", "Child S", "--opened", "2026-10-01").code == 0
    listed = scr("decide", "--list", "-C", root).out
    ids = [ln.split()[0] for ln in listed.splitlines()[1:]]
    assert "decision: lcspr-decision" in listed and "serious-incident" in ids
    data = {"date": "2026-11-02", "answers": [{"criterion": c, "met": "yes" if c == "improvements-needed" else "no"}
                                              for c in ids],
            "outcome": "lcspr", "reasons": "Learning about information sharing"}
    given = tmp_path / "rr.yaml"
    given.write_text(yaml.safe_dump(data))
    ran = decide(scr, root, given)
    assert ran.code == 0, ran.err
    assert logged(root)[-1]["event"] == "lcspr-decision"
    assert "Tell the national panel of the decision on a local review and its reasons" in ran.out


# --- the lead board (procedure 1.2) ---

def set_review(root: Path, **values: Any) -> None:
    text = (root / "review.yaml").read_text()
    for key, value in values.items():
        old = next(ln for ln in text.splitlines() if ln.startswith(f"{key}:"))
        text = text.replace(old, f"{key}: {json.dumps(value)}")
    (root / "review.yaml").write_text(text)


SOUTH = [{"board": "Southshire Safeguarding Partnership", "area": "Southshire"}]


@pytest.mark.parametrize(("where", "warning", "lead"), [
    ({"area": "Testshire", "residence": "Testshire", "harmed_in": "Testshire"}, None,
     ("Testshire Safeguarding Partnership", True, "the child is or was ordinarily resident there")),
    ({"area": "Testshire", "residence": "Southshire", "harmed_in": "Testshire", "cooperating_boards": SOUTH},
     "warning: Southshire Safeguarding Partnership should lead (procedure 1.2: the child is or was ordinarily "
     "resident there: Southshire), not this board (Testshire)",
     ("Southshire Safeguarding Partnership", False, "the child is or was ordinarily resident there")),
    ({"area": "Testshire", "residence": "Testshire", "looked_after_by": "Northshire"},
     "warning: the board for Northshire should lead (procedure 1.2: the child is looked after by that authority: "
     "Northshire), not this board (Testshire)",
     ("the board for Northshire", False, "the child is looked after by that authority")),
    ({"area": "Testshire", "residence": "none", "harmed_in": "Testshire"},
     "warning: this board leads only by agreement (procedure 1.2: no fixed residence: where the harm happened)",
     ("Testshire Safeguarding Partnership", True, "no fixed residence: where the harm happened")),
], ids=["resident-here", "resident-elsewhere-harmed-here", "looked-after-elsewhere", "no-fixed-residence"])
def test_the_lead_board_rule(new_review: Path, scr: Any, where: dict[str, Any], warning: str | None,
                             lead: tuple[str, bool, str]) -> None:
    set_review(new_review, **where)
    check = scr("check", new_review, "--today", TODAY)
    assert check.code == 0, check.out
    if warning:
        assert f"review.yaml:{_line(new_review, 'area')}:7: {warning}" in check.out
    else:
        assert "lead" not in check.out
    data = json.loads(scr("status", new_review, "--json", "--today", TODAY).out)
    got = data["lead_board"]
    assert (got["board"], got["ours"], got["why"]) == lead
    assert data["cooperating_boards"] == where.get("cooperating_boards", [])
    text = scr("status", new_review, "--today", TODAY).out
    assert "Lead board: " + ("this board" if lead[1] else lead[0]) in text
    # The boards' agreement, once recorded, settles it.
    set_review(new_review, lead_agreed="Both chairs agreed on 2026-11-10 that Testshire leads")
    assert "lead" not in scr("check", new_review, "--today", TODAY).out


def _line(root: Path, key: str) -> int:
    return next(n for n, ln in enumerate((root / "review.yaml").read_text().splitlines(), 1)
                if ln.startswith(f"{key}:"))


# --- the interactive walk, through a pseudo-terminal ---

@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_interactive_decide_records_the_answers_exactly_as_typed(new_review: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    scr_bin = shutil.which("scr", path=str(Path(sys.executable).parent)) or "scr"
    child = pexpect.spawn(scr_bin, ["decide", "-C", str(new_review), "--today", TODAY], encoding="utf-8",
                          timeout=60, env={**os.environ, "COLUMNS": "200", "TERM": "dumb"})
    typed = {"died-abuse-suspected": ("yes", "Post-mortem: injuries of different ages; Mr X's account"),
             "harm-missed": ("yes", "Nursery saw bruising on 3 May — not referred"),
             "sexual-abuse": ("not-known", "")}
    for criterion in IDS:
        child.expect(rf"\] {criterion} \(")
        met, evidence = typed.get(criterion, ("no", ""))
        child.expect(r"Met\?")
        child.sendline(met)
        child.expect(r"Evidence")
        child.sendline(evidence)
    child.expect("Decision")
    child.sendline("review")
    child.expect("Reasons")
    child.sendline("Death with abuse suspected: the procedure requires a review (1.1)")
    child.expect("Decided by")
    child.sendline("")
    child.expect(r"Date of the decision")
    child.sendline("2026-11-20")
    child.expect("Then: `scr lock`")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    kept = yaml.safe_load((new_review / ANSWERS).read_text())
    by_id = {a["criterion"]: a for a in kept["answers"]}
    for criterion, (met, evidence) in typed.items():
        assert (by_id[criterion]["met"], by_id[criterion]["evidence"]) == (met, evidence)
    assert kept["reasons"] == "Death with abuse suspected: the procedure requires a review (1.1)"
    assert str(kept["date"]) == "2026-11-20" and "decided_by" not in kept
    assert logged(new_review)[-1]["outcome"] == "review"


def test_interactive_decide_asks_for_an_override_when_the_answers_require_a_review(new_review: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    scr_bin = shutil.which("scr", path=str(Path(sys.executable).parent)) or "scr"
    child = pexpect.spawn(scr_bin, ["decide", "-C", str(new_review), "--today", TODAY], encoding="utf-8",
                          timeout=60, env={**os.environ, "COLUMNS": "200", "TERM": "dumb"})
    for criterion in IDS:
        child.expect(r"Met\?")
        child.sendline("perhaps" if criterion == "died-in-custody" else "no")
        if criterion == "died-in-custody":  # not one of the three words: asked again
            child.expect(r"Met\?")
            child.sendline("yes")
        child.expect("Evidence")
        child.sendline("")
    child.expect("Decision")
    child.sendline("no-review")
    child.expect("Reasons")
    child.sendline("A national review is being held")
    child.expect("Override: why no review is held although 'died-in-custody' requires one")
    child.sendline("The national panel is reviewing the case itself")
    child.expect("Decided by")
    child.sendline("")
    child.expect("Date of the decision")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    kept = yaml.safe_load((new_review / ANSWERS).read_text())
    assert kept["override"] == "The national panel is reviewing the case itself"
    assert str(kept["date"]) == TODAY
