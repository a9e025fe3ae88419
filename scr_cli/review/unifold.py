"""The matching form of a text: what a reader sees, folded, with a map back to the source.

Pure: the Unicode data (confusables, default-ignorable and dash properties) is handed in as `UnicodeData`
(scr_cli/adapters/unicode_data.py loads it from maintained packages). For each character:
marks, default-ignorable and format characters are dropped; line breaks and spaces unified; dashes and
apostrophe look-alikes read as '-' and "'"; then NFKC, case folded, and every letter read as its UTS #39
prototype ("Ꭺ", "а", "α", "ɑ" are "a"), with the marks that remain taken off and the few letters no data
source decomposes (þ, ð, ŋ, ĸ) spelt out. Right-to-left overrides are resolved to the order a reader sees,
words hyphenated at a line break joined, and in Markdown source emphasis marks, HTML tags (keeping their
attribute values), `<br>` and character references read as the reader would.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

LINE_BREAKS = "\n\r\u0085\u2028\u2029\x0b\x0c"
# Letters whose look and sound no data source decomposes; every other letter is folded by data.
NO_DATA = {"þ": "th", "ð": "d", "ŋ": "ng", "ĸ": "k", "ƿ": "w", "ȝ": "y"}
RLO = "\u202e"
_PUSH = {"\u202a": "e", "\u202b": "e", "\u202d": "e", RLO: "r", "\u2066": "i", "\u2067": "i", "\u2068": "i"}
_POP = {"\u202c": "e", "\u2069": "i"}
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)((?:\s[^<>]*?)?)/?>")
_ATTR_VALUE = re.compile(r"""=\s*("([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_ENTITY = re.compile(r"&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MARKUP = "*_\\"  # a backtick stays: it is an apostrophe look-alike as often as a code mark


@dataclass(frozen=True)
class UnicodeData:
    """The Unicode properties the folding needs, looked up one character at a time."""

    prototype: Callable[[str], str | None]  # UTS #39 prototype of a character, None when it is its own
    ignorable: Callable[[str], bool]  # Default_Ignorable_Code_Point or general category Cf
    dash: Callable[[str], bool]  # the Dash property


@dataclass(frozen=True)
class Normalised:
    """A folded text; origin[i] is the index in the source of text[i]."""

    text: str
    origin: tuple[int, ...]


class Folder:
    """Folds characters with the given Unicode data, remembering each character's fold.

    Case is folded first, so "ΞΑΝΘΊΠΠΗ" and "Ξανθίππη" are one word. With `shapes`, a capital letter of
    another script is read by its shape before its case is folded: Greek capital eta and nu are H and N,
    as they look, though their small letters look like n and v (a Latin name typed with them).
    """

    def __init__(self, data: UnicodeData, *, shapes: bool = False) -> None:
        self.data = data
        self.shapes = shapes
        self._cache: dict[str, str] = {}

    def fold(self, ch: str) -> str:
        got = self._cache.get(ch)
        if got is None:
            got = self._cache[ch] = self._fold(ch)
        return got

    def _fold(self, ch: str) -> str:
        if unicodedata.category(ch).startswith("M") or self.data.ignorable(ch):
            return ""
        if ch in LINE_BREAKS:
            return "\n"
        if ch.isspace():
            return " "
        if self.data.dash(ch):
            return "-"
        if ch == "'" or self.data.prototype(ch) == "'":
            return "'"
        return "".join(self._letter(c) if c.isalnum() else c for c in unicodedata.normalize("NFKC", ch))

    def _skeleton(self, text: str) -> str:
        return "".join(self.data.prototype(c) or c for c in text)

    def _letter(self, ch: str) -> str:
        if ch.casefold() in NO_DATA:
            return NO_DATA[ch.casefold()]
        base = _bare(ch)
        if base and base.isalnum() and base != ch:  # a letter with accents is its base letter ("ņ" is n)
            return "".join(self._letter(c) for c in base)
        shape = ch
        if self.shapes and is_foreign_capital(ch):
            shape = self.data.prototype(ch) or ch
            if shape == "l" and ch != ch.casefold():
                shape = "i"  # UTS #39 reads capital I as l; with case folded, its look-alikes are i
        for _ in range(2):
            shape = self._skeleton(shape.casefold())
        bare = "".join(NO_DATA.get(c, c) for c in _bare(shape).casefold())
        return bare if bare and all(c.isalnum() for c in bare) else ch.casefold()


def is_foreign_capital(ch: str) -> bool:
    """A capital letter of a script other than Latin."""
    return ch != ch.casefold() and not ch.isascii() and not unicodedata.name(ch, "").startswith("LATIN")


def _bare(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def visual_order(text: str) -> list[int]:
    """Indices of `text` in the order a reader sees them: runs under a right-to-left override reversed."""
    order: list[int] = []
    run: list[int] = []
    stack: list[str] = []
    for i, ch in enumerate(text):
        if ch in _PUSH:
            stack.append(ch)
        elif ch in _POP:
            kind = _POP[ch]
            while stack and _PUSH[stack[-1]] != kind and kind == "i":
                stack.pop()  # a PDI closes the embeddings opened inside its isolate too
            if stack:
                stack.pop()
        elif ch in LINE_BREAKS:
            stack.clear()
        if stack and stack[-1] == RLO and ch not in _PUSH:
            run.append(i)
            continue
        order.extend(reversed(run))
        run.clear()
        order.append(i)
    order.extend(reversed(run))
    return order


def _source_chars(text: str) -> list[tuple[str, int]]:
    """Markdown source as a reader sees it.

    Tags are dropped (their attribute values kept), <br> is a line break, character references are
    decoded, and emphasis and escape marks are removed.
    """
    out: list[tuple[str, int]] = []
    pos = 0
    for m in re.finditer(f"{_TAG.pattern}|{_ENTITY.pattern}", text):
        out += [(c, pos + k) for k, c in enumerate(text[pos : m.start()]) if c not in _MARKUP]
        if m.group(0).startswith("&"):
            out += [(c, m.start()) for c in html.unescape(m.group(0))]
        elif m.group(1).lower() == "br":
            out.append(("\n", m.start()))
        else:
            for value in _ATTR_VALUE.finditer(m.group(2) or ""):
                start = m.start(2) + value.start(1)
                out += [(" ", start)] + [(c, start + k) for k, c in enumerate(value.group(1).strip("\"'"))]
                out.append((" ", start))
        pos = m.end()
    out += [(c, pos + k) for k, c in enumerate(text[pos:]) if c not in _MARKUP]
    return out


def _join_hyphenated(chars: list[str], origin: list[int]) -> Normalised:
    """Words hyphenated at a line break joined: "Quill-" at a line's end and "feather" -> "Quillfeather"."""
    out_chars: list[str] = []
    out_origin: list[int] = []
    i, n = 0, len(chars)
    while i < n:
        if chars[i] == "-" and out_chars and out_chars[-1].isalnum():
            j = i + 1
            while j < n and chars[j] == " ":
                j += 1
            if j < n and chars[j] == "\n":
                while j < n and chars[j] in " \n":
                    j += 1
                if j < n and chars[j].isalnum():
                    i = j
                    continue
        out_chars.append(chars[i])
        out_origin.append(origin[i])
        i += 1
    return Normalised("".join(out_chars), tuple(out_origin))


def normalise(text: str, folder: Folder, *, source: bool = False, visual: bool = False) -> Normalised:
    """The matching form of `text`. `source`: read it as Markdown source; `visual`: in display order."""
    pairs = _source_chars(text) if source else [(c, i) for i, c in enumerate(text)]
    if visual:
        pairs = [pairs[k] for k in visual_order("".join(c for c, _ in pairs))]
    chars: list[str] = []
    origin: list[int] = []
    for ch, i in pairs:
        for c in folder.fold(ch):
            chars.append(c)
            origin.append(i)
    return _join_hyphenated(chars, origin)
