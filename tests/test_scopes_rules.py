"""review/scopes.py: the scope of a path from the readers' roles and agencies and the regime's rules (pure)."""

from __future__ import annotations

import pytest

from scr_cli.review.layout import SENSITIVE, is_sensitive
from scr_cli.review.scopes import Holder, ScopeRules, SignerRule, describe, folder_agency, label, reads, scope
from scr_cli.store.settings import scope_rules

RULES = ScopeRules(frozenset({"board-chair", "business-manager", "panel-chair", "overview-author"}),
                   frozenset({"imr-author", "senior-officer"}),
                   (SignerRule("05-imr/*/interviews/*.md", frozenset({"interviewee"})),
                    SignerRule("06-overview/overview-report.md", frozenset({"imr-author", "panel-chair"}))))
HOLDERS = [Holder("chair", ("board-chair",), None), Holder("bm", ("business-manager",), None),
           Holder("police-author", ("imr-author",), "police"), Holder("police-so", ("senior-officer",), "police"),
           Holder("school-author", ("imr-author",), "school"), Holder("pc-ash", ("interviewee",), "police"),
           Holder("panel", ("panel-member",), "police"), Holder("lost", ("imr-author",), None)]


@pytest.mark.parametrize("path,expected", [
    ("family.yaml", {"chair", "bm"}),
    ("01-referral/referral.md", {"chair", "bm"}),
    ("02-decision/decision.md", {"chair", "bm"}),
    ("05-imr/police/imr.md", {"chair", "bm", "police-author", "police-so"}),
    ("05-imr/police/chronology.yaml", {"chair", "bm", "police-author", "police-so"}),
    ("05-imr/police/notes/new.md", {"chair", "bm", "police-author", "police-so"}),
    ("05-imr/police/interviews/pc-ash.md", {"chair", "bm", "police-author", "police-so", "pc-ash"}),
    ("05-imr/school/imr.md", {"chair", "bm", "school-author"}),
    ("05-imr/school/interviews/x.md", {"chair", "bm", "school-author"}),  # the police interviewee is not
    ("05-imr/Police/imr.md", {"chair", "bm"}),  # another folder: no agency reads it but the core
    ("05-imr/imr.md", {"chair", "bm"}),
    ("06-overview/overview-report.md", {"chair", "bm", "police-author", "school-author", "lost"}),
    ("notes/meeting.md", {"chair", "bm"}),
])
def test_scope_of_each_path(path: str, expected: set[str]) -> None:
    assert scope(RULES, HOLDERS, path) == expected


def test_a_list_without_roles_keeps_everyone_reading_everything() -> None:
    old = [Holder("a", (), None), Holder("b", (), None)]
    assert scope(RULES, old, "05-imr/police/imr.md") == {"a", "b"}


def test_labels_and_descriptions() -> None:
    assert folder_agency("05-imr/police/imr.md") == "police" and folder_agency("family.yaml") is None
    assert label("05-imr/police/imr.md") == "05-imr/police/" and label("family.yaml") == "core"
    assert describe("05-imr/school/x.md") == "the core readers and school's own"


def test_what_each_reader_reads_in_words() -> None:
    def said(person: str) -> str:
        holder = next(h for h in HOLDERS if h.person == person)
        return reads(RULES, holder, HOLDERS, lambda p: is_sensitive(p, SENSITIVE))

    assert said("bm") == "every sensitive file"
    assert said("police-author") == "05-imr/police/**, 06-overview/overview-report.md"
    assert said("police-so") == "05-imr/police/**"
    assert said("pc-ash") == "05-imr/police/interviews/*.md"
    assert said("panel").startswith("nothing")


@pytest.mark.parametrize("review_yaml", [b"regime: scr-2015\n", b"regime: cspr-2018\n"])
def test_both_regimes_name_the_same_readers(review_yaml: bytes) -> None:
    """The same core in both (each names the other's reviewer roles), so switching regime keeps the readers."""
    core = {"board-chair", "business-manager", "panel-chair", "overview-author", "independent-reviewer"}
    rules = scope_rules(review_yaml)
    assert rules.core == core and rules.agency == {"imr-author", "senior-officer"}
    assert any(r.path == "05-imr/*/imr.md" and "senior-officer" in r.roles for r in rules.signers)
