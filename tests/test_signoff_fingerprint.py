"""Properties of the sign-off fingerprint and the signed record (pure: no files, no gpg)."""

from __future__ import annotations

import json
from datetime import date

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scr_cli.review.canonical import fingerprint, frame, normalise_body, record_bytes
from scr_cli.review.model import Pos, SignOff
from scr_cli.store.frontmatter import parse_front

text = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40)
words = st.lists(st.from_regex(r"[A-Za-z0-9.,;:()'-]{1,12}", fullmatch=True), min_size=1, max_size=30)


def _front(data: dict[str, object], style: int) -> dict[str, object]:
    """Render front matter in one of several YAML styles, then read it back as the hooks do."""
    if style == 0:
        raw = yaml.safe_dump(data, sort_keys=True, default_flow_style=False, allow_unicode=True)
    elif style == 1:
        raw = yaml.safe_dump(dict(reversed(list(data.items()))), sort_keys=False, allow_unicode=False)
    elif style == 2:
        raw = yaml.safe_dump(data, default_flow_style=True, width=10_000, allow_unicode=True)
    else:  # hand-written: every string double-quoted, a comment line and a trailing comment
        lines = [f"{k}: {json.dumps(v, ensure_ascii=False) if isinstance(v, str) else v}  # note"
                 for k, v in data.items()]
        raw = "# a comment\n" + "\n".join(lines) + "\n"
    return parse_front(raw, "f.md").data  # type: ignore[no-any-return]


@settings(max_examples=150, deadline=None)
@example(title="0E0", agency=None, body=["0"], style_a=0, style_b=3, version=1)  # plain 0E0 once read as 0.0
@example(title="2024", agency="10", body=["x"], style_a=0, style_b=3, version=1)
@example(title="true", agency=None, body=["x"], style_a=2, style_b=3, version=1)
@given(title=text, agency=st.none() | st.from_regex(r"[a-z]{2,10}", fullmatch=True), body=words,
       style_a=st.integers(0, 3), style_b=st.integers(0, 3), version=st.integers(1, 99))
def test_yaml_formatting_of_front_matter_does_not_change_it(title: str, agency: str | None, body: list[str],
                                                            style_a: int, style_b: int, version: int) -> None:
    data: dict[str, object] = {"title": title, "version": version, "date": date(2026, 11, 2), "status": "draft"}
    if agency:
        data["agency"] = agency
    text_body = " ".join(body) + "\n"
    a = fingerprint(_front(data, style_a), text_body)
    b = fingerprint(_front({**data, "version": version + 1, "status": "final"}, style_b), text_body)
    assert a == b  # quoting, order, comments, flow/block style and bookkeeping fields do not count


@settings(max_examples=200, deadline=None)
@given(body=words, other=words)
def test_any_body_change_changes_it(body: list[str], other: list[str]) -> None:
    front = {"title": "Terms of reference"}
    one, two = " ".join(body), " ".join(other)
    if normalise_body(one) != normalise_body(two):
        assert fingerprint(front, one) != fingerprint(front, two)


@given(body=words, at=st.integers(0, 29), extra=st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True))
def test_inserting_a_word_changes_it(body: list[str], at: int, extra: str) -> None:
    changed = [*body[:at], extra, *body[at:]]
    assert fingerprint({}, " ".join(body)) != fingerprint({}, " ".join(changed))


@given(body=words)
def test_whitespace_only_changes_do_not(body: list[str]) -> None:
    plain = " ".join(body)
    messy = "\n\n" + "  ".join(body).replace(" ", " \t ", 1) + "   \r\n\n\n"
    assert fingerprint({}, plain) == fingerprint({}, messy)


def test_title_change_changes_it_and_fields_are_delimited() -> None:
    assert fingerprint({"title": "A"}, "x") != fingerprint({"title": "B"}, "x")
    # no concatenation ambiguity: moving text between parts changes the framed bytes
    assert frame("t", [("a", "xy"), ("b", "z")]) != frame("t", [("a", "x"), ("b", "yz")])
    assert fingerprint({"title": "ab"}, "c") != fingerprint({"title": "a"}, "bc")


def test_record_covers_every_field() -> None:
    base = SignOff("04-terms-of-reference/terms-of-reference.md", 2, "sha256:00", "board-chair", "board-chair",
                   date(2026, 11, 29), Pos("signoffs.yaml"))
    variants = [
        SignOff(base.document, 3, base.fingerprint, base.person, base.role, base.date, base.pos),
        SignOff(base.document, 2, "sha256:01", base.person, base.role, base.date, base.pos),
        SignOff(base.document, 2, base.fingerprint, "panel-chair", base.role, base.date, base.pos),
        SignOff(base.document, 2, base.fingerprint, base.person, "panel-chair", base.date, base.pos),
        SignOff(base.document, 2, base.fingerprint, base.person, base.role, date(2026, 11, 30), base.pos),
        SignOff(base.document, 2, base.fingerprint, base.person, base.role, base.date, base.pos, "police"),
    ]
    assert len({record_bytes(v) for v in [base, *variants]}) == 7


def test_text_fields_of_front_matter_stay_as_written() -> None:
    data = parse_front("title: 1E5\nagency: 0x10\nversion: 3\ndate: 2026-11-02\nauthor: ~\n", "f.md").data
    assert data == {"title": "1E5", "agency": "0x10", "version": 3, "date": date(2026, 11, 2), "author": None}
