"""Real names and their variants -> pseudonyms, and finding names that leaked into a text.

Pure: no I/O. Matching runs on a normalised copy of the text (NFKC, diacritics removed, Cyrillic and Greek
look-alike letters read as Latin, case folded, every apostrophe, hyphen and space variant unified, soft
hyphens dropped, words hyphenated at a line break joined) that keeps, for each character, the index it came
from, so a match can be replaced in the original text or traced back to its line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

APOSTROPHES = "'\u2019\u2018\u02bc\u02b9\u2032`\u00b4"
HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Cyrillic and Greek letters drawn like Latin ones (and two Latin oddities): "Маrсhbаnks" typed or pasted
# with them looks like the name on the page and must match like it. NFKC leaves them apart.
LOOKALIKES = str.maketrans(
    "АВЕКМНОРСТУХЅІЈԚԜӀаеорсухѕіјԁԛԝһӏ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧοινκρυ"  # Greek
    "ıɡ",
    "ABEKMHOPCTYXSIJQWIaeopcyxsijdqwhl"
    "ABEZHIKMNOPTYXoivkpu"
    "ig",
)
TITLES = ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "pc", "ds", "dc", "sgt", "nurse")
# Given names that are also everyday words: matched only when capitalised in the text.
WORD_NAMES = frozenset(
    {
        "may",
        "june",
        "april",
        "august",
        "will",
        "hope",
        "grace",
        "faith",
        "joy",
        "dawn",
        "rose",
        "mark",
        "bill",
        "pat",
        "sue",
        "rob",
        "art",
        "summer",
        "holly",
        "ivy",
        "amber",
        "ruby",
        "iris",
        "violet",
        "heather",
        "lily",
        "daisy",
        "robin",
        "jack",
        "frank",
        "victor",
        "guy",
        "miles",
        "chase",
        "hunter",
        "page",
        "sky",
        "river",
        "autumn",
        "crystal",
        "destiny",
        "harmony",
        "justice",
        "patience",
        "prudence",
    }
)


@dataclass(frozen=True)
class Normalised:
    """Text folded for matching names, with the position in the source of every character kept."""

    text: str
    origin: tuple[int, ...]  # origin[i] = index in the source text of text[i]


def _fold_char(ch: str, fold_case: bool) -> str:
    if ch in INVISIBLE:
        return ""
    if ch in APOSTROPHES:
        return "'"
    if ch in HYPHENS:
        return "-"
    if ch.isspace():
        return "\n" if ch in "\n\r\u2028\u2029" else " "
    out = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", ch))
    out = "".join(c for c in out if not unicodedata.combining(c)).translate(LOOKALIKES)
    return out.casefold() if fold_case else out


def normalise(text: str, *, fold_case: bool = True, strip_markup: bool = False) -> Normalised:
    """The matching form of `text` with a map back to source indices."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if strip_markup and ch in "*_`\\":
            continue
        for c in _fold_char(ch, fold_case):
            chars.append(c)
            origin.append(i)
    # join words hyphenated at a line break: "Quill-\n  feather" -> "Quillfeather"
    out_chars: list[str] = []
    out_origin: list[int] = []
    i = 0
    n = len(chars)
    while i < n:
        if chars[i] == "-" and out_chars and out_chars[-1].isalnum():
            j = i + 1
            while j < n and chars[j] == " ":
                j += 1
            if j < n and chars[j] == "\n":
                j += 1
                while j < n and chars[j] in " \n":
                    j += 1
                if j < n and chars[j].isalnum():
                    i = j
                    continue
        out_chars.append(chars[i])
        out_origin.append(origin[i])
        i += 1
    return Normalised("".join(out_chars), tuple(out_origin))


@dataclass(frozen=True)
class Name:
    """One person whose names must not appear: their pseudonym and every written form of their name."""

    label: str  # how messages refer to them: "family member 'Mother'" (never the real name)
    pseudonym: str
    real_names: tuple[str, ...]


def _parts(name: str) -> list[str]:
    n = normalise(name).text
    return [p for p in re.split(r"[\s\-.]+", n.replace("'", "")) if p]


def variants(name: str) -> set[tuple[str, ...]]:
    """Token sequences that identify a person, from one written form of their name."""
    words = [w for w in _parts(name) if w not in TITLES]
    out: set[tuple[str, ...]] = set()
    if not words:
        return out
    out.add(tuple(words))
    spaced = [w for w in re.split(r"\s+", normalise(name).text) if w and w.strip(".") not in TITLES]
    if len(spaced) > 1:
        surname = [p for p in re.split(r"[\-.]+", spaced[-1].replace("'", "")) if p]
        out.add(tuple(surname))
        for part in surname:
            if len(part) >= 3:
                out.add((part,))
        given = _parts(spaced[0])
        if given and len(given[0]) >= 3:
            out.add((given[0],))
        initials = [w[0] for w in spaced if w[0].isalnum()]
        out.add(tuple(initials) + ("\x00dotted",))
    elif len(words[0]) >= 2:
        out.add((words[0],))
    return out


def _pattern(tokens: tuple[str, ...]) -> str:
    if tokens and tokens[-1] == "\x00dotted":  # initials, dots required: "Z.Q.", "Z. Q."
        return r"\.\s?".join(re.escape(t) for t in tokens[:-1]) + r"\."
    sep = r"[\s\-.']*" if len(tokens) > 1 else ""
    # a family named in the plural ("the Quillfeathers"), unless the name is also an everyday word
    plural = r"(?:e?s)?" if len(tokens[-1]) >= 4 and tokens[-1] not in WORD_NAMES else ""
    return sep.join(re.escape(t) for t in tokens) + plural


_PREFIX = r"(?:(?:" + "|".join(TITLES) + r")\.? +)?(?:[a-z]\. ?){0,2}"  # same line only


@dataclass(frozen=True)
class Match:
    """A name found in a text: where it starts and ends, and whose it is (None for an allowed name)."""

    start: int  # in the source text
    end: int
    name: Name | None  # None: an allowed name


class NameMatcher:
    """Finds every variant of the protected names, skipping the allowed ones (board chair, ...)."""

    def __init__(self, names: Iterable[Name], allowed: Iterable[str] = ()) -> None:
        self.names = tuple(names)
        alts: list[tuple[int, str, Name | None, bool]] = []
        for allowed_name in allowed:
            for toks in variants(allowed_name):
                if len(toks) > 1 and toks[-1] != "\x00dotted":
                    alts.append((len(" ".join(toks)) + 1000, _pattern(toks), None, False))
        for name in self.names:
            for real in name.real_names:
                for toks in variants(real):
                    word = len(toks) == 1 and toks[0] in WORD_NAMES
                    alts.append((len(" ".join(toks)), _pattern(toks), name, word))
        alts.sort(key=lambda a: -a[0])
        self._owners: list[tuple[Name | None, bool]] = []
        parts = []
        for i, (_, pat, owner, word) in enumerate(alts):
            self._owners.append((owner, word))
            parts.append(f"(?P<g{i}>{pat})")
        body = "|".join(parts) if parts else r"(?!x)x"
        self._regex = re.compile(rf"(?<![\w]){_PREFIX}(?:{body})(?![\w])")
        self._bare = re.compile(rf"(?<![\w])(?:{body})(?![\w])")

    def matches(self, text: str, *, strip_markup: bool = False) -> list[Match]:
        norm = normalise(text, strip_markup=strip_markup)
        found: list[Match] = []
        for m in self._regex.finditer(norm.text):
            group = next(k for k, v in m.groupdict().items() if v is not None)
            owner, word = self._owners[int(group[1:])]
            start = norm.origin[m.start()]
            end = norm.origin[m.end() - 1] + 1
            if owner is not None and word:
                g0 = norm.origin[m.start(group)]
                if not text[g0 : g0 + 1].isupper():
                    continue
            if owner is None:
                # an allowed name wins only without a title prefix eating a protected surname
                found.append(Match(start, end, None))
                continue
            found.append(Match(start, end, owner))
        return found

    def leaks(self, text: str, *, strip_markup: bool = False) -> list[Match]:
        return [m for m in self.matches(text, strip_markup=strip_markup) if m.name is not None]

    def replace(self, text: str) -> str:
        """`text` with every protected name replaced by its pseudonym."""
        out: list[str] = []
        last = 0
        for m in self.matches(text):
            if m.name is None:
                continue
            out.append(text[last : m.start])
            before = text[: m.start].rstrip(" *_")
            starts = not before or before[-1] in ".!?:\n#|>"
            pseudonym = m.name.pseudonym
            out.append(pseudonym[:1].upper() + pseudonym[1:] if starts else pseudonym)
            last = m.end
        out.append(text[last:])
        return "".join(out)


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
