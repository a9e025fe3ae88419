"""family.yaml's relationships: each bad one reported at the file:line:col of the id that is wrong.

The names are invented. The checks run through the same loader `scr check` uses; one case goes through
`scr check` itself to show the line reaches the user, and that nothing is written.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from scr_cli.review.family import Family, family_issues, siblings
from scr_cli.store.family import family_of
from scr_cli.store.schema import FamilyFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import load_file
from tests.conftest import snapshot

BASE = """\
members:
  - id: child
    pseudonym: Child Q
    subject: true
    sex: female
    parents: [mum, dad]
    real_names: [Zinnia Marchbanks]
  - id: mum
    pseudonym: Mother
    sex: female
    real_names: [Hyacinth Marchbanks]
  - id: dad
    pseudonym: Father
    sex: male
    real_names: [Leopold Ashdown]
"""


def issues_of(tmp_path: Path, text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) of every problem: the schema's first, then the relationships'."""
    file = tmp_path / "family.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    doc = load_file(file, "family.yaml")
    model, problems = validate(doc, FamilyFile)
    found = [(p.line, p.column, p.message) for p in problems]
    if model is not None:
        found += [(i.line, i.column, i.message) for i in family_issues(family_of(model, doc))]
    return found


def family(tmp_path: Path, text: str) -> Family:
    file = tmp_path / "family.yaml"
    file.write_text(textwrap.dedent(text), encoding="utf-8")
    doc = load_file(file, "family.yaml")
    model, problems = validate(doc, FamilyFile)
    assert problems == [] and model is not None
    return family_of(model, doc)


BAD = [
    # (what is wrong, YAML, line, column, words of the message)
    ("an unknown parent", BASE.replace("[mum, dad]", "[mum, dod]"), 6, 20, "no member has the id 'dod'"),
    ("own parent", BASE.replace("[mum, dad]", "[child, dad]"), 6, 15, "their own parent"),
    ("the same parent twice", BASE.replace("[mum, dad]", "[mum, mum]"), 6, 20, "same parent twice"),
    ("a cycle of two", BASE + "    parents: [child]\n", 2, 5, "their own ancestor"),
    ("a cycle of three", BASE.replace("    real_names: [Hyacinth Marchbanks]\n",
                                      "    parents: [dad]\n    real_names: [Hyacinth Marchbanks]\n")
     + "    parents: [child]\n", 2, 5, "their own ancestor"),
    ("two subject children", BASE.replace("    pseudonym: Father\n", "    pseudonym: Father\n    subject: true\n"),
     12, 5, "second subject child"),
    ("an unknown partner", BASE + "partnerships:\n  - partners: [mum, dadd]\n", 17, 21, "no member has the id 'dadd'"),
    ("own partner", BASE + "partnerships:\n  - partners: [mum, mum]\n", 17, 21, "their own partner"),
    ("a couple twice", BASE + "partnerships:\n  - partners: [mum, dad]\n  - partners: [dad, mum]\n", 18, 5,
     "listed as a couple twice"),
    ("parent and child as partners", BASE + "partnerships:\n  - partners: [mum, child]\n", 17, 5,
     "are parent and child"),
    ("an unknown household member", BASE + "households:\n  - members: [mum, kid]\n", 17, 20,
     "no member has the id 'kid'"),
    ("a member twice in a household", BASE + "households:\n  - members: [mum, child, mum]\n", 17, 27,
     "listed twice in one household"),
    ("two members with one id", BASE.replace("id: dad", "id: mum"), 12, 5, "used by two members"),
    ("a relationship to an entry without id", BASE + "  - pseudonym: Sibling 1\n    parents: [mum]\n"
     "partnerships:\n  - partners: [mum, '#4']\n", 19, 21, "no member has the id '#4'"),
    ("three parents", BASE.replace("[mum, dad]", "[mum, dad, child]"), 6, 14, "at most 2"),
    ("a sex the drawing has no symbol for", BASE.replace("sex: male", "sex: m"), 14, 10, "is not allowed"),
    ("a partnership of one", BASE + "partnerships:\n  - partners: [mum]\n", 17, 15, "needs 2 entries"),
    ("an unknown status", BASE + "partnerships:\n  - partners: [mum, dad]\n    status: engaged\n", 18, 13,
     "is not allowed"),
    ("an id that is not an id", BASE.replace("id: dad", "id: Dad Ashdown"), 12, 9, "is not a valid id"),
    ("a real name typed as an id", BASE.replace("id: dad", "id: Leopold Ashdown"), 12, 9, "is not a valid id"),
    ("a birth that is not a date", BASE.replace("    sex: male\n", "    sex: male\n    born: last spring\n"),
     15, 11, "date"),
]


@pytest.mark.parametrize(("what", "text", "line", "column", "words"), BAD, ids=[b[0] for b in BAD])
def test_each_bad_relationship_is_reported_where_it_is_written(
    tmp_path: Path, what: str, text: str, line: int, column: int, words: str
) -> None:
    found = issues_of(tmp_path, text)
    assert found, what
    first = found[0]
    assert (first[0], first[1]) == (line, column), found
    assert words in first[2], found
    for _, _, message in found:  # messages name ids and pseudonyms, never a real name
        assert "Marchbanks" not in message and "Ashdown" not in message and "Leopold" not in message


def test_a_well_formed_family_has_no_issue_and_siblings_come_in_birth_order(tmp_path: Path) -> None:
    text = BASE + textwrap.dedent("""\
      - {id: younger, pseudonym: Sibling 2, parents: [mum, dad], born: 2024-05-01}
      - {id: older, pseudonym: Sibling 1, parents: [mum], born: 2015}
      - {id: partner, pseudonym: Mr Y, sex: male}
    partnerships:
      - {partners: [mum, dad], status: divorced}
      - {partners: [mum, partner]}
    households:
      - {label: at the time, members: [mum, partner, child]}
    """)
    assert issues_of(tmp_path, text) == []
    kin = family(tmp_path, text)
    assert siblings(kin, "child") == ["older", "younger"]  # a half-brother shares one parent
    assert siblings(kin, "partner") == []
    assert kin.drawable()


def test_a_family_of_names_alone_still_loads_and_has_nothing_to_draw(tmp_path: Path) -> None:
    text = "members:\n  - {pseudonym: Child Q, subject: true, real_names: [Zinnia Marchbanks]}\n"
    text += "  - {pseudonym: Mother}\n"
    assert issues_of(tmp_path, text) == []
    assert not family(tmp_path, text).drawable()


def test_scr_check_reports_a_cycle_at_its_line_and_writes_nothing(new_review: Path, scr) -> None:
    (new_review / "family.yaml").write_text(BASE + "    parents: [child]\n", encoding="utf-8")
    before = snapshot(new_review)
    ran = scr("check", "-C", new_review)
    assert ran.code == 1
    lines = [ln for ln in (ran.out + ran.err).splitlines() if ln.startswith("family.yaml:")]
    assert lines and lines[0].startswith("family.yaml:2:5: error:"), lines
    assert "their own ancestor" in lines[0] and "Marchbanks" not in ran.out + ran.err
    assert snapshot(new_review) == before
