"""Passages (review/passages.py): the fast paths give what the plain definitions give, for any text.

The lock cache keeps keyed hashes of passages and the pre-commit hook compares fresh ones with them: a
normal form that changed between the two would let a pasted passage through, so the fast forms (ASCII by
byte translation, sentences by a search that starts at the mark) are held to the definitions here.
"""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from scr_cli.review.passages import _sentences, normal, passages

_PIECES = st.sampled_from(["a", "Z", "0", " ", ".", "!", "?", "\n", "\t", "-", "_", ":", "*", "#", ">", "|", ")",
                           "é", "’", "ﬁ", "\u00a0", "Ä", ". ", "\n\n", "- ", "1. ", "key: ", "Mother said "])
TEXTS = st.lists(_PIECES, max_size=80).map("".join)


def _defined_normal(text: str) -> str:
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_the_normal_form_is_the_defined_one(text: str) -> None:
    assert normal(text) == _defined_normal(text)


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_sentences_end_where_a_mark_meets_whitespace(text: str) -> None:
    assert _sentences(text) == re.split(r"(?<=[.!?])\s+", text)


def test_a_rewrapped_paragraph_keeps_its_passages() -> None:
    source = ("- The health visitor saw the baby at home on 3 March and noted bruising on the left arm.\n"
              "The mother said the baby had rolled against the cot.\n")
    pasted = ("The health visitor saw the BABY at home on 3 March and noted bruising\n"
              "on the left arm. The mother said the baby had rolled against the cot.\n")
    shared = {unit for _, unit in passages(source)} & {unit for _, unit in passages(pasted)}
    assert "the health visitor saw the baby at home on 3 march and noted bruising on the left arm" in shared
