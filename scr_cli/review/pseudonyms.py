"""Real names and their variants, and finding them in a text: the one matcher of `scr`.

Pure: no I/O, and the Unicode data comes in as `UnicodeData` (scr_cli/adapters/unicode_data.py). The same
`NameMatcher.hits` serves `scr anonymise` (what to propose), the public build (its check of the source and
its scan of the built file) and the pre-commit name check. Matching runs on the folded text of
scr_cli/review/unifold.py, word by word: each written form of a name becomes token sequences (the full
name, given name, surname, each half of a double surname, initials with dots, the family in the plural),
looked up in a table, so thousands of names cost no more than a few. Capitalisation decides nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from scr_cli.review.unifold import RLO, Folder, Normalised, UnicodeData, is_foreign_capital, normalise

__all__ = ["Hit", "Name", "NameMatcher", "UnicodeData", "line_of"]

TITLES = frozenset(
    ("mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "pc", "ds", "dc", "di", "sgt", "nurse", "master")
)
_TOKEN = re.compile(r"[^\W_]+")
_GAP = re.compile(r"[ \n\-.'|]{0,6}")  # between the words of one name: spaces, a line break, a hyphen, a dot
_TITLE_GAP = re.compile(r"\.? ?")
_HYPHENATION = re.compile(r"-[ \n]+")
MAX_WORDS = 5


@dataclass(frozen=True)
class Name:
    """One person whose names must not appear: their pseudonym and every written form of their name."""

    label: str  # how messages refer to them: "family member 'Mother'" (never the real name)
    pseudonym: str
    real_names: tuple[str, ...]


@dataclass(frozen=True)
class Hit:
    """A name found in a text: where (source indices, title and initials included) and whose it may be."""

    start: int
    end: int
    core: int  # where the name itself starts, after any title or initials
    members: tuple[Name, ...]  # more than one: the text cannot say whose name it is
    kind: str  # full, single, given, surname, part, initials, plural
    tokens: tuple[str, ...]  # the folded words matched (for word lists; never shown)

    @property
    def name(self) -> Name:
        return self.members[0]

    @property
    def ambiguous(self) -> bool:
        return len(self.members) > 1


@dataclass(frozen=True)
class _Entry:
    owner: Name | None  # None: an allowed name (the chairs and the overview author)
    kind: str
    dotted: bool = False  # initials: each letter followed by a dot
    titled: bool = False  # a short surname half: a name only after a title ("Mrs Ng")
    plural: bool = False  # may take -s / -es ("the Marchbankses")


class NameMatcher:
    """Finds every written form of the protected names, skipping the allowed ones."""

    def __init__(self, names: Iterable[Name], allowed: Iterable[str] = (), *, data: UnicodeData) -> None:
        self.names = tuple(names)
        self.folder = Folder(data)
        self.shapes = Folder(data, shapes=True)
        self.titles = frozenset(normalise(t, self.folder).text for t in TITLES)
        self._table: dict[tuple[str, ...], list[_Entry]] = {}
        for folder in (self.folder, self.shapes):  # a name is known in both readings of capitals
            for name in self.names:
                for real in name.real_names:
                    for key, entry in self._variants(real, name, folder):
                        self._add(key, entry)
            for person in allowed:
                for key, entry in self._variants(person, None, folder):
                    if len(key) > 1 and not entry.dotted:
                        self._add(key, entry)

    def _add(self, key: tuple[str, ...], entry: _Entry) -> None:
        entries = self._table.setdefault(key, [])
        if entry not in entries:
            entries.append(entry)

    def _words(self, name: str, folder: Folder) -> list[tuple[str, list[str]]]:
        """(folded initial, tokens) of each word of a written name, titles left out."""
        out = []
        for word in name.split():
            tokens = _TOKEN.findall(normalise(word, folder).text)
            if tokens and not (len(tokens) == 1 and tokens[0] in self.titles):
                first = next((c for c in word if c.isalnum()), "")
                out.append((folder.fold(first) or tokens[0][:1], tokens))
        return out

    def _variants(self, real: str, owner: Name | None, folder: Folder) -> list[tuple[tuple[str, ...], _Entry]]:
        """Token sequences that identify a person, from one written form of their name."""
        words = self._words(real, folder)
        if not words:
            return []
        flat = tuple(t for _, tokens in words for t in tokens)
        joined = tuple("".join(tokens) for _, tokens in words)
        glued = ("".join(flat),)  # "Zinnia<br>Marchbanks" in a Word table cell is "ZinniaMarchbanks"
        out = [(key, _Entry(owner, "full" if len(key) > 1 else "single")) for key in (flat, joined)]
        out += [(glued, _Entry(owner, "full"))] if len(flat) > 1 else []
        if len(words) > 1:
            out += _person_variants(words, owner)
        if len(words) > 1 or len(words[-1][1]) > 1:
            out += _surname_variants(words[-1][1], owner)
        return [(k, e) for k, e in out if k and all(k)]

    def hits(self, text: str, *, source: bool = False) -> list[Hit]:
        """Every protected name in `text`. `source`: the text is Markdown as written (markup read through)."""
        folders = [self.folder]
        if not text.isascii() and any(is_foreign_capital(c) for c in set(text)):
            folders.append(self.shapes)  # capitals of another script: read them by their shape too
        forms = [(f, False) for f in folders] + ([(f, True) for f in folders] if RLO in text else [])
        found: dict[tuple[int, int], Hit] = {}
        for folder, visual in forms:  # with a right-to-left override, match what is seen as well
            for hit in self._scan(text, normalise(text, folder, source=source, visual=visual)):
                found.setdefault((hit.start, hit.end), hit)
        spans = sorted(found, key=lambda s: (s[0], -s[1]))
        kept: list[Hit] = []
        for start, end in spans:  # a hit inside a longer one found in another reading is the same name
            if kept and start >= kept[-1].start and end <= kept[-1].end:
                continue
            kept.append(found[(start, end)])
        return kept

    def _scan(self, text: str, norm: Normalised) -> list[Hit]:
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(norm.text)]
        words = [norm.text[s:e] for s, e in tokens]
        gaps = [norm.text[tokens[k][1] : tokens[k + 1][0]] for k in range(len(tokens) - 1)]
        joins = [bool(_GAP.fullmatch(g)) for g in gaps]
        out: list[Hit] = []
        i = 0
        while i < len(tokens):
            length, entries = self._longest(norm.text, tokens, words, joins, i)
            protected = [e for e in entries if e.owner is not None]
            if protected:
                first = _prefix(words, gaps, i, self.titles, protected[0].kind in ("surname", "part", "plural"))
                span = [norm.origin[p] for p in range(tokens[first][0], tokens[i + length - 1][1])]
                core = [norm.origin[p] for p in range(tokens[i][0], tokens[i + length - 1][1])]
                members = tuple(dict.fromkeys(e.owner for e in protected if e.owner is not None))
                end = max(span) + 1
                while end < len(text) and self.folder.fold(text[end]) == "":
                    end += 1  # a combining mark or an invisible character after the last letter
                out.append(Hit(min(span), end, min(core), members, protected[0].kind, tuple(words[i : i + length])))
            i += max(length, 1)
        return out

    def _longest(
        self, folded: str, tokens: list[tuple[int, int]], words: list[str], joins: list[bool], i: int
    ) -> tuple[int, list[_Entry]]:
        """The longest name starting at word i: (how many words, its table entries)."""
        for length in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            j = i + length - 1
            if not all(joins[i:j]):
                continue
            key = tuple(words[i : j + 1])
            entries = [e for e in self._table.get(key, ()) if _fits(e, folded, tokens, words, (i, j), self.titles)]
            if entries:
                return length, entries
        if i + 1 < len(tokens) and _HYPHENATION.fullmatch(folded[tokens[i][1] : tokens[i + 1][0]]):
            glued = [e for e in self._table.get((words[i] + words[i + 1],), ()) if not e.titled]
            if glued:  # a word hyphenated at a line break that became a space: "Marchb- anks"
                return 2, glued
        plural = self._plural(words[i])
        return (1, plural) if plural else (0, [])

    def _plural(self, word: str) -> list[_Entry]:
        for cut in (2, 1):
            if len(word) > cut + 3 and word.endswith("es"[2 - cut :]):
                entries = [e for e in self._table.get((word[:-cut],), ()) if e.plural and not e.titled]
                if entries:
                    return [_Entry(e.owner, "plural") for e in entries]
        return []

    def leaks(self, text: str, *, source: bool = False) -> list[Hit]:
        """The same as `hits` (kept for callers of the earlier API)."""
        return self.hits(text, source=source)


def _person_variants(words: list[tuple[str, list[str]]], owner: Name | None) -> list[tuple[tuple[str, ...], _Entry]]:
    """Given name and surname, given name alone (three letters or more), initials with dots."""
    given, surname = words[0][1], words[-1][1]
    out = [
        ((*given, *surname), _Entry(owner, "full")),
        ((given[0], "".join(surname)), _Entry(owner, "full")),
        (tuple(initial for initial, _ in words), _Entry(owner, "initials", dotted=True)),
    ]
    if len(given[0]) >= 3:  # a shorter given name alone is a name only when family.yaml lists it alone
        out.append(((given[0],), _Entry(owner, "given")))
    return out


def _surname_variants(surname: list[str], owner: Name | None) -> list[tuple[tuple[str, ...], _Entry]]:
    """The surname, and each half of a double one; a half under three letters only after a title."""
    if len(surname) == 1:
        return [((surname[0],), _Entry(owner, "surname", titled=len(surname[0]) < 3, plural=True))]
    out = [
        (tuple(surname), _Entry(owner, "surname", plural=True)),
        (("".join(surname),), _Entry(owner, "surname", plural=True)),
    ]
    out += [((part,), _Entry(owner, "part", titled=len(part) < 3, plural=True)) for part in surname]
    return out


def _fits(
    entry: _Entry,
    folded: str,
    tokens: list[tuple[int, int]],
    words: list[str],
    at: tuple[int, int],
    titles: frozenset[str],
) -> bool:
    """Whether words i..j carry what the entry needs: dots after initials, a title before a short half."""
    i, j = at
    if entry.dotted:
        return all(folded[tokens[k][1] : tokens[k][1] + 1] == "." for k in range(i, j + 1))
    if entry.titled:
        return i > 0 and words[i - 1] in titles and bool(_TITLE_GAP.fullmatch(folded[tokens[i - 1][1] : tokens[i][0]]))
    return True


def _prefix(words: list[str], gaps: list[str], i: int, titles: frozenset[str], surname_like: bool) -> int:
    """The first word of the name at word i with its title and, before a surname, up to two initials."""
    first = i
    for _ in range(3):
        k = first - 1
        if k < 0 or not _TITLE_GAP.fullmatch(gaps[k]):
            break
        if words[k] in titles:
            return k
        if not (surname_like and len(words[k]) <= 2 and gaps[k].startswith(".")):
            break
        first = k
    return first


def line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def labels(hits: Sequence[Hit]) -> list[str]:
    """The labels of every member the hits may name, each once."""
    return list(dict.fromkeys(m.label for h in hits for m in h.members))
