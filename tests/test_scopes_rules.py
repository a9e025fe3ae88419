"""review/scopes.py: the scope of a path from the readers' roles and agencies and the regime's rules (pure)."""

from __future__ import annotations

import pytest

from scr_cli.review.layout import SENSITIVE, is_sensitive
from scr_cli.review.scopes import (
    CirculationRule,
    Holder,
    ScopeRules,
    SignerRule,
    describe,
    folder_agency,
    label,
    reads,
    scope,
)
from scr_cli.store.settings import logged_circulations, scope_rules

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


CIRCULATED = ScopeRules(RULES.core, RULES.agency, RULES.signers, (
    CirculationRule("imr-circulated", frozenset({"panel-member"}), ("05-imr/*/imr.md", "05-imr/*/chronology.yaml")),
    CirculationRule("overview-draft-circulated", frozenset({"panel-member"}), ("06-overview/overview-report.md",))))


@pytest.mark.parametrize("path,logged,panel_reads", [
    ("05-imr/police/imr.md", set(), False),  # drafts stay in the agency until they are sent round
    ("05-imr/police/imr.md", {"imr-circulated"}, True),
    ("05-imr/school/imr.md", {"imr-circulated"}, True),  # every agency's: the panel member's own or not
    ("05-imr/school/chronology.yaml", {"imr-circulated"}, True),
    ("05-imr/school/interviews/x.md", {"imr-circulated"}, False),  # interview records are not circulated
    ("05-imr/school/notes.yaml", {"imr-circulated"}, False),
    ("family.yaml", {"imr-circulated", "overview-draft-circulated"}, False),
    ("06-overview/overview-report.md", {"imr-circulated"}, False),
    ("06-overview/overview-report.md", {"overview-draft-circulated"}, True),
])
def test_a_circulation_in_the_log_opens_what_it_names_to_the_panel(path: str, logged: set[str],
                                                                   panel_reads: bool) -> None:
    found = scope(CIRCULATED, HOLDERS, path, frozenset(logged))
    assert ("panel" in found) == panel_reads
    assert found - {"panel"} == scope(RULES, HOLDERS, path)  # nobody else gains or loses


def test_what_a_panel_member_reads_says_when() -> None:
    panel = next(h for h in HOLDERS if h.person == "panel")
    said = reads(CIRCULATED, panel, HOLDERS, lambda p: is_sensitive(p, SENSITIVE), frozenset({"imr-circulated"}))
    assert said == ("05-imr/*/imr.md, 05-imr/*/chronology.yaml (imr-circulated logged), "
                    "06-overview/overview-report.md once overview-draft-circulated is logged")


@pytest.mark.parametrize("log,expected", [
    (None, set()),
    (b"events:\n  - {event: decision, date: 2026-11-03}\n", set()),
    (b"events:\n  - {event: imr-circulated, date: 2026-11-03}\n", {"imr-circulated"}),
    (b"events:\n  - event: imr-circulated\n    date: 2026-11-03\n  - {event: overview-draft-circulated}\n",
     {"imr-circulated", "overview-draft-circulated"}),
    (b"# imr-circulated is planned, not logged\nevents: []\n", set()),  # a word in a comment is no event
    (b"events: [imr-circulated\n", set()),  # broken YAML: scr check reports it; nothing is circulated
    (b"events:\n  - {date: 2026-11-03, event: 'imr-circulated'}\n", {"imr-circulated"}),
    (b"events:\n  - {event: monthly-update, note: imr-circulated is late}\n", set()),  # a note is no event
    (b"events:\n  - event: monthly-update\n    note: imr-circulated is late\n", set()),
    (b"events:\n  - {event: imr-circulated,\n     date: 2026-11-03}\n", {"imr-circulated"}),  # over two lines
    (b"events:\n  - event: >-\n      imr-circulated\n", {"imr-circulated"}),  # folded: the whole file is read
])
def test_the_circulations_a_log_records(log: bytes | None, expected: set[str]) -> None:
    assert logged_circulations(CIRCULATED, log) == expected


def test_both_regimes_circulate_the_same_papers_on_events_they_name() -> None:
    """Each circulation names an event of a shipped regime and a role of both; the two lists are the same, so
    a review that switches regime keeps who reads what (its log keeps the events logged before)."""
    import yaml

    from scr_cli import paths

    events: set[str] = set()
    rules = {}
    for name in ("scr-2015", "cspr-2018"):
        regime_file = paths.regime_file(name)
        assert regime_file is not None
        data = yaml.safe_load(regime_file.read_text(encoding="utf-8"))
        events |= {e["id"] for e in data["events"]}
        rules[name] = scope_rules(f"regime: {name}\n".encode()).circulated
        for rule in rules[name]:
            assert rule.roles <= {r["id"] for r in data["roles"]} and rule.paths
    assert rules["scr-2015"] == rules["cspr-2018"] and len(rules["scr-2015"]) == 3
    assert all(rule.event in events for rule in rules["scr-2015"])


NAMED = ScopeRules(RULES.core, RULES.agency, (SignerRule("05-imr/*/interviews/*.md", frozenset({"interviewee"}),
                                                         named=True),))


@pytest.mark.parametrize("path,interviewees", [
    ("05-imr/police/interviews/pc-ash.md", {"pc-ash"}),  # their own record
    ("05-imr/police/interviews/pc-bo.md", set()),  # a colleague's: not theirs to read
    ("05-imr/school/interviews/pc-ash.md", set()),  # their name in another agency's folder
    ("05-imr/police/interviews/2026/pc-ash.md", set()),  # not where the regime keeps interview records
])
def test_an_interview_record_goes_to_the_interviewee_it_is_named_after(path: str, interviewees: set[str]) -> None:
    holders = [*HOLDERS, Holder("pc-bo-x", ("interviewee",), "police")]
    found = scope(NAMED, holders, path)
    assert found & {"pc-ash", "pc-bo-x"} == interviewees
    assert found - interviewees == scope(RULES, [h for h in holders if "interviewee" not in h.roles], path)


def test_the_shipped_regimes_give_interview_records_to_their_own_interviewee() -> None:
    for name in ("scr-2015", "cspr-2018"):
        rules = scope_rules(f"regime: {name}\n".encode())
        assert [r.named for r in rules.signers if r.path == "05-imr/*/interviews/*.md"] == [True], name
