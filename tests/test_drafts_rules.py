"""The draft rules as pure functions: one refusal per file, naming the fixing command."""

from __future__ import annotations

from datetime import date

import pytest

from scr_cli.review.canonical import body_key, fingerprint
from scr_cli.review.drafts import Snapshot, check_change, reopened_paths
from scr_cli.review.model import Action, Agency, Document, Person, Pos, Review, ReviewInfo, SignOff
from scr_cli.review.regime import DocumentSpec, SignoffSpec
from scr_cli.review.signoff import Requirement, Signer, Verified, missing_signoffs, required_signoffs, signoff_issues
from scr_cli.store.loader import load_regime

P = "04-terms-of-reference/terms-of-reference.md"
D1, D2, D3 = date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 29)
SPEC = DocumentSpec("terms-of-reference", "Terms of reference", P, True, (SignoffSpec("board-chair"),))


def snap(version: int | None = 1, when: date | None = D1, status: str = "draft", body: str = "text") -> Snapshot:
    return Snapshot(P, version, when, status, body_key(body), fingerprint({"title": "T"}, body))


@pytest.mark.parametrize(("old", "new", "message"), [
    (snap(), snap(body="new text"), "version is still 1"),
    (snap(), snap(2, D2, body="new text"), "must carry the commit date"),
    (snap(), snap(2, date(2026, 12, 1), body="x"), "in the future"),
    (snap(1, D2), snap(2, D1, body="x"), "before the previous draft's date"),
    (snap(1), snap(3, D3, body="x"), "version jumps from 1 to 3"),
    (snap(2), snap(1), "version went down"),
    (snap(), snap(None, D3), "needs a whole-number version"),
    (snap(1, D1, "final"), snap(1, D1, "final", "changed"), "final and frozen"),
    (snap(1, D1, "final"), snap(2, D3, "draft"), "without a logged reason"),
])
def test_refusals(old: Snapshot, new: Snapshot, message: str) -> None:
    refusal = check_change(old, new, SPEC, [D3], reopened=False)
    assert refusal is not None and message in refusal.message
    assert refusal.line().startswith(f"{P}: ") and "— run `scr " in refusal.line()


@pytest.mark.parametrize(("old", "new"), [
    (snap(), snap(body="text  \n\n")),  # whitespace only
    (snap(), snap(2, D3, body="new")),  # bumped and dated
    (None, snap(1, D1)),  # a new document with a past date
    (snap(1, D1, "final"), snap(2, D3, "draft", "changed")),  # reopened (see below)
])
def test_accepted(old: Snapshot | None, new: Snapshot) -> None:
    assert check_change(old, new, SPEC, [D3], reopened=True) is None


def test_becoming_final_needs_the_missing_signoffs() -> None:
    need = [Requirement(P, "board-chair")]
    refusal = check_change(snap(2, D3), snap(2, D3, "final"), SPEC, [D3], False, need)
    assert refusal is not None and refusal.fix == f"scr signoff {P} --as board-chair"
    assert check_change(snap(2, D3), snap(2, D3, "final"), SPEC, [D3], False, []) is None


def test_undated_kinds_skip_the_date_rules() -> None:
    plain = DocumentSpec("referral", "Referral", "01-referral/referral.md", False)
    assert check_change(snap(), snap(body="changed"), plain, [D3], False) is None


def test_reopened_paths_counts_new_events_only() -> None:
    old = [{"event": "document-reopened", "document": P}]
    new = [*old, {"event": "document-reopened", "document": P}, {"event": "decision", "document": "x"}]
    assert reopened_paths(old, new, "document-reopened") == {P}
    assert reopened_paths(new, new, "document-reopened") == set()
    assert reopened_paths(old, new, "") == set()  # a regime without a reopen event reopens nothing


def _review(signoffs: tuple[SignOff, ...], status: str = "final") -> Review:
    doc = Document(P, Pos(P, 1, 1), "T", 2, D3, status, body="text", front={"title": "T"})
    people = (Person("board-chair", "Zelda Quillfeather", ("board-chair",), Pos("people.yaml"),
                     key_fingerprint="A" * 40),)
    return Review("", ReviewInfo("R", "B", "scr-2015", "Child Q", Pos("review.yaml")), people,
                  (Agency("police", "Police", "police", Pos("agencies.yaml")),), (), (doc,), signoffs,
                  (Action("A1", "x", "police", None, "not-started", Pos("p")),))


def test_signoff_issues_valid_stale_invalid() -> None:
    regime = load_regime("scr-2015")
    good = SignOff(P, 2, fingerprint({"title": "T"}, "text"), "board-chair", "board-chair", D3, Pos("s", 3, 5),
                   signature="sig")
    stale = SignOff(P, 1, "sha256:old", "board-chair", "board-chair", D3, Pos("s", 9, 5), signature="sig")

    def verify_ok(data: bytes, sig: str) -> Verified:  # the signature layer is tested with real gpg elsewhere
        return Verified(True, "A" * 40)

    trust = {"board-chair": Signer("board-chair", "A" * 40, ("board-chair",))}  # the chair-signed list
    assert signoff_issues(_review((good,)), regime, verify_ok, trust) == []
    codes = [i.code for i in signoff_issues(_review((stale,)), regime, verify_ok, trust)]
    assert codes == ["signoff-stale", "signoff-missing"]
    wrong_key = signoff_issues(_review((good,)), regime, lambda d, s: Verified(True, "B" * 40), trust)
    assert wrong_key[0].code == "signoff-invalid" and "registered key" in wrong_key[0].message
    # people.yaml grants nothing: without the signed list, or with the role missing from it, nothing counts
    untrusted = signoff_issues(_review((good,)), regime, verify_ok)
    assert untrusted[0].code == "signoff-invalid" and "chair-signed readers list" in untrusted[0].message
    no_role = {"board-chair": Signer("board-chair", "A" * 40, ())}
    assert "does not give 'board-chair' the role" in signoff_issues(_review((good,)), regime, verify_ok,
                                                                   no_role)[0].message


def test_required_signoffs_per_agency_kinds() -> None:
    regime = load_regime("scr-2015")
    review = _review(())
    plan = regime.document_for("07-action-plan/action-plan.yaml")
    overview = regime.document_for("06-overview/overview-report.md")
    assert plan is not None and overview is not None
    doc = review.documents[0]
    assert [(r.role, r.agency) for r in required_signoffs(plan, doc, review)] == [("senior-manager", "police")]
    assert [(r.role, r.agency) for r in required_signoffs(overview, doc, review)] == [
        ("imr-author", "police"), ("panel-chair", None)]
    assert missing_signoffs(doc, review, regime, []) == [Requirement(P, "board-chair", None, "approved")]
