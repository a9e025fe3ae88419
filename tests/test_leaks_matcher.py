"""Name matching (pure): normalisation, variants, allowed names, and the replacements anonymise proposes."""

from __future__ import annotations

import pytest

from scr_cli.adapters.unicode_data import unicode_data
from scr_cli.review.anonymise import apply, plan
from scr_cli.review.pseudonyms import Name, NameMatcher
from scr_cli.review.unifold import Folder, normalise

DATA = unicode_data()
MOTHER = Name("family member 'Mother'", "Mother", ("Hyacinth Marchbanks-Oyelaran", "Hyacinth Oyelaran"))
CHILD = Name("family member 'Child Q'", "Child Q", ("Zoë Marchbanks", "May Marchbanks"))
M = NameMatcher([MOTHER, CHILD], allowed=["Ottoline Oyelaran-Brackenbury"], data=DATA)


def replace(matcher: NameMatcher, text: str) -> str:
    """What `scr anonymise --apply` writes (no word list: only names that are no ordinary word)."""
    return apply(text, plan(text, matcher.hits(text), lambda word: False))


@pytest.mark.parametrize("text", [
    "Hyacinth Marchbanks-Oyelaran", "hyacinth marchbanks-oyelaran", "HYACINTH MARCHBANKS OYELARAN",
    "Mrs Marchbanks-Oyelaran", "Ms. Oyelaran", "H. M.", "H.M.", "Hyacinth's", "Hyacinth’s", "Oyelaran’s",
    "Marchbanks‐Oyelaran", "Marchbanks\u2011Oyelaran", "Hyacinth\nMarchbanks", "Marchbanks-\nOyelaran",
    "Oye-\n  laran", "Hyacinth\u00a0Oyelaran", "Hya\u00adcinth", "Ｈｙａｃｉｎｔｈ", "Zoe", "ZOË", "Zoë", "Zoe\u0308",
    "May said", "Dr Z. Marchbanks",
    "Маrсhbаnks", "Oyelаran", "ΗΥΑCINTH", "Zοë",  # Cyrillic/Greek look-alikes
])
def test_variants_are_found(text: str) -> None:
    assert M.leaks(f"Before {text} after."), text


@pytest.mark.parametrize("text", [
    "Ottoline Oyelaran-Brackenbury chaired the board.", "Marchbankside Road",
    "Hyacinthine colours", "The zoetrope", "H M Revenue", "A mayor visited",
    "Москва and Αθήνα",  # real Cyrillic and Greek words
])
def test_clean_and_allowed_text_has_no_hits(text: str) -> None:
    assert M.leaks(text) == [], text


def test_case_decides_nothing_a_given_name_that_is_a_word_is_found_in_lower_case_too() -> None:
    # was "in may we met" among the clean texts: capitalisation no longer decides (the scan errs towards
    # refusing); anonymise lists such a word for the author and never replaces it
    assert [h.name for h in M.hits("in may we met")] == [CHILD]
    assert plan("in may we met", M.hits("in may we met"), lambda word: word == "may")[0].replacement is None


def test_replace_uses_pseudonyms_and_keeps_allowed_names() -> None:
    out = replace(M, "Mrs Marchbanks-Oyelaran met Ottoline Oyelaran-Brackenbury; Zoë's sister saw Hyacinth.")
    assert out == "Mother met Ottoline Oyelaran-Brackenbury; Child Q's sister saw Mother."


def test_normalise_maps_back_to_the_source() -> None:
    n = normalise("Ａ’b-\nc", Folder(DATA))
    assert n.text == "a'bc"
    assert [n.origin[i] for i in range(len(n.text))] == [0, 1, 2, 5]


def test_markup_split_name_found_only_with_strip_markup() -> None:
    assert M.leaks("Zo**ë** came") == []
    assert M.leaks("Zo**ë** came", source=True)


def test_many_generated_variant_cases_are_all_caught() -> None:
    names = [Name(f"member {k}", f"P{k}", (f"Gal{k:03d}x Vor{k:03d}q".replace("0", "o").replace("1", "i"),))
             for k in range(60)]
    matcher = NameMatcher(names, data=DATA)
    caught = 0
    for name in names:
        given, surname = name.real_names[0].split()
        for text in (f"{given} {surname}", surname, f"Mr {surname}", f"{given}'s", f"{surname}’s",
                     surname.upper(), f"{given}\n{surname}"):
            hits = matcher.leaks(f"The note says {text} was there.")
            caught += bool(hits) and hits[0].name == name
    assert caught == 60 * 7


def test_pseudonym_is_capitalised_at_the_start_of_a_sentence() -> None:
    staff = NameMatcher([Name("staff member 'hv'", "the health visitor", ("Barnaby Fotheringay",))], data=DATA)
    assert replace(staff, "Barnaby Fotheringay visited. Later Mr Fotheringay left.") == (
        "The health visitor visited. Later the health visitor left.")


def test_a_pseudonym_on_the_line_before_is_not_eaten() -> None:
    staff = NameMatcher([Name("staff member 'hv'", "the health visitor", ("Barnaby Fotheringay",))], data=DATA)
    assert replace(staff, "Mother and Mr Y.\nBarnaby Fotheringay visited.") == (
        "Mother and Mr Y.\nThe health visitor visited.")


def test_a_family_named_in_the_plural_is_found_and_listed_not_replaced() -> None:
    for text in ("The Marchbankses moved.", "the Oyelarans' flat", "THE MARCHBANKS-OYELARANS"):
        assert M.leaks(text), text
    # was: replaced to "The Mother moved." -- the silent change of meaning issue 9 is about; now listed
    assert replace(M, "The Oyelarans moved.") == "The Oyelarans moved."
    assert "plural" in plan("The Oyelarans moved.", M.hits("The Oyelarans moved."), lambda w: False)[0].reason
    assert M.leaks("Ottoline Oyelaran-Brackenbury and the Mays") == []  # allowed; an everyday word is not pluralised
