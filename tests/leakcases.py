"""Generated leak cases for the public-edition tests: invented names of many shapes x ways of hiding them.

Every case has its own invented person (given name, surname, sometimes a second surname), so a case is
caught exactly when its person's label is reported. Names are built from syllables (no real person's
name), in ten shapes: Latin with diacritics, Polish, Nordic, Irish O' and Mc, Greek and Cyrillic script,
double surnames with a short half ("Mrs Ng" style), letters without decomposition (þ, ð, ß, ı, đ, æ), and
plain ASCII. Each is hidden in one of the OBFUSCATIONS below (invisible characters, look-alike letters,
right-to-left override, case, dash and apostrophe variants, splits by <br>, line breaks and markup, and
the places a name can sit: heading, footnote, image caption, front matter, table cell, link).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

SHAPES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # (given starts, given ends, surname starts, surname ends): start x end is unique within a shape
    "latin": (("Zé", "Vë", "Ký", "Dö", "Xá", "Rú", "Mì", "Pâ"), ("lorine", "bràld", "venette", "tasius", "murée"),
              ("Quë", "Brá", "Vö", "Trí", "Glé", "Sçö"), ("mbalier", "steiré", "dovanç", "klérot", "vissaë")),
    "polish": (("Łu", "Żo", "Śla", "Bo", "Grze", "Wło"), ("cjana", "mirka", "wiszek", "rzęsa", "ściwoj"),
               ("Wrz", "Szcz", "Chm", "Łęk", "Źdź", "Pść"), ("ębowska", "yrbolicz", "ałkowiak", "ownicki", "ążecka")),
    "nordic": (("Sø", "Bjø", "Æs", "Hå", "Tø", "Gu"), ("lvira", "rnulf", "tridh", "konna", "rhild"),
               ("Ærø", "Løv", "Strø", "Bråt", "Kjæ", "Ødeg"), ("stadvik", "ebergsen", "mshaug", "teliden", "rvolden")),
    "irish-o": (("Aoib", "Siob", "Cait", "Órla", "Dearb", "Gráin"), ("heann", "hán", "línn", "ithe", "bhla"),
                ("O'Dál", "O'Flai", "O'Carr", "O'Duibh", "O'Ceall", "O'Mhur"),
                ("aighe", "theartaigh", "agáin", "ghinn", "ubháin")),
    "irish-mc": (("Ciar", "Tadh", "Eogh", "Fiach", "Rua", "Cormá"), ("ánach", "gheen", "anbeg", "raidh", "dhrí"),
                 ("McGarr", "McIlw", "MacDhu", "McCoin", "MacGiol", "McFadz"),
                 ("iglevan", "ainery", "bhshíth", "naghty", "lbrath")),
    "greek": (("Ξαν", "Θεο", "Καλ", "Παν", "Λεω", "Σταυ"), ("θίππη", "δωρίτα", "λιόπη", "τελεήμων", "νίδας"),
              ("Παπαδο", "Καλογε", "Χατζη", "Μαυρο", "Κοντο", "Ζαφει"),
              ("πουλίδου", "ροπούλου", "γιαννάκη", "γένειου", "στάθη")),
    "cyrillic": (("Все", "Огу", "Бор", "Лют", "Яро", "Мсти"), ("волода", "рцеслав", "иславна", "омира", "полкия"),
                 ("Огур", "Перв", "Сквор", "Тяжел", "Щегол", "Бельч"),
                 ("цовская", "ушкина", "лядова", "ихина", "евская")),
    "double": (("Lorcan", "Imogen", "Torvald", "Saoirse", "Evander", "Philippa"), ("a", "o", "ie", "u", "ey"),
               ("Ng-Whelk", "Ek-Marro", "Oy-Brisk", "Li-Sandov", "Ul-Parrin", "Ax-Tolme"),
               ("stowe", "bright", "ington", "alder", "combe")),
    "nodecomp": (("Þór", "Guð", "Işı", "Đặn", "Æthel", "Ðór"), ("dís", "rún", "lay", "gwin", "stana"),
                 ("Grieß", "Ævars", "Yıldı", "Þorgeir", "Đoàn", "Straße"),
                 ("bachler", "dóttir", "rımlı", "ssonar", "vanthi")),
    "ascii": (("Quimby", "Orsolo", "Fenwick", "Talwyn", "Brisco", "Merrow"), ("l", "n", "r", "th", "x"),
              ("Vantablack", "Quellmoor", "Drisbane", "Oxtoby", "Felgrave", "Ruddock"),
              ("e", "s", "ley", "ham", "ton")),
}
LOOKALIKE = {"a": "а", "e": "е", "o": "օ", "i": "і", "c": "с", "p": "р", "x": "х", "y": "у", "s": "ѕ", "h": "һ",
             "n": "ո", "u": "ս", "g": "ց", "l": "ǀ", "d": "ԁ", "q": "ԛ", "w": "ԝ", "v": "ν", "A": "Α", "B": "Β",
             "E": "Ε", "H": "Η", "K": "Κ", "M": "Μ", "O": "Օ", "P": "Р", "T": "Т", "X": "Χ", "Z": "Ζ", "C": "С",
             # Cyrillic and Greek letters written with Latin (and Armenian) look-alikes
             "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "О": "O", "Т": "T", "Б": "Б",
             "ο": "o", "α": "ɑ", "ρ": "p", "ν": "v", "ι": "ı", "Κ": "K", "Π": "Π", "Χ": "X", "Ζ": "Z", "Μ": "M"}
DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2212", "\ufe63", "\uff0d")
APOSTROPHES = ("\u2019", "\u02bc", "\u2018", "`", "\u2032", "\u00b4")


@dataclass(frozen=True)
class Person:
    """An invented person: given name, surname (possibly double), and the label of their case."""

    k: int
    given: str
    surname: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.surname}"

    @property
    def label(self) -> str:
        return f"family member 'Case {self.k:04d}'"


MIDDLES = {"greek": ("", "αρ", "ελ", "ον", "ιν", "υσ", "ιθ", "εμ"),
           "cyrillic": ("", "ар", "ел", "ов", "ин", "ус", "ит", "ем")}


def _name(starts: tuple[str, ...], ends: tuple[str, ...], middles: tuple[str, ...], n: int) -> str:
    """A name unique for each n below len(starts) * len(middles) * len(ends)."""
    a, b = len(starts), len(middles)
    return starts[n % a] + middles[(n // a) % b] + ends[(n // (a * b)) % len(ends)]


def person(shape: str, n: int, k: int) -> Person:
    """The n-th invented person of a shape: given name and surname each unique within the shape."""
    gs, ge, ss, se = SHAPES[shape]
    middles = MIDDLES.get(shape, ("", "ar", "el", "ov", "in", "us", "ith", "em"))
    given = _name(gs, ge, middles, n)
    surname = _name(ss, se, middles, (n * 7 + 3) % (len(ss) * len(middles) * len(se)))
    return Person(k, given, surname)


def _insert(word: str, mark: str) -> str:
    mid = max(1, len(word) // 2)
    return word[:mid] + mark + word[mid:]


def _hide(p: Person, mark: str) -> str:
    return f"{_insert(p.given, mark)} {_insert(p.surname, mark)}"


def _lookalike(p: Person) -> str:
    return "".join(LOOKALIKE.get(c, c) if i % 2 == 0 else c for i, c in enumerate(p.full))


def _strip_accents(text: str) -> str:
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare if bare != text else unicodedata.normalize("NFD", text)


def _dash(p: Person) -> str:
    dash = DASHES[p.k % len(DASHES)]
    if "-" in p.surname:
        return "Mrs " + p.surname.replace("-", dash)
    return f"{p.given}{dash}{p.surname}"


def _apostrophe(p: Person) -> str:
    mark = APOSTROPHES[p.k % len(APOSTROPHES)]
    if "'" in p.surname:
        return f"Dr {p.surname.replace(chr(39), mark)}"
    return f"{p.given}{mark}s"


def _titled(p: Person) -> str:
    return "Mrs " + (p.surname.split("-")[0] if "-" in p.surname else p.surname)


def _markup(p: Person) -> str:
    return f"{p.given[:2]}**{p.given[2:]}** {p.surname}"


def _entity(p: Person) -> str:
    return f"&#{ord(p.given[0])};{p.given[1:]} {p.surname}"


def _hyphen_break(p: Person) -> str:
    s = p.surname.replace("-", "")
    return f"{s[:3]}-\n{s[3:]}"


# Each obfuscation: name -> (how the text writes it, where it goes). Places: para (its own paragraph), heading,
# footnote, caption, title (front matter), cell (a table cell), link (a link's text), url (a link's address).
OBFUSCATIONS: dict[str, Callable[[Person], tuple[str, str]]] = {
    "plain": lambda p: (p.full, "para"),
    "zero-width-space": lambda p: (_hide(p, "\u200b"), "para"),
    "lrm-u200e": lambda p: (_hide(p, "\u200e"), "para"),
    "invisible-separator-u2063": lambda p: (_hide(p, "\u2063"), "para"),
    "variation-selector-ufe0f": lambda p: (_hide(p, "\ufe0f"), "para"),
    "grapheme-joiner-u034f": lambda p: (_hide(p, "\u034f"), "para"),
    "mongolian-vowel-separator-u180e": lambda p: (_hide(p, "\u180e"), "para"),
    "word-joiner-and-tag": lambda p: (_hide(p, "\u2060\U000e0041"), "para"),
    "soft-hyphen": lambda p: (_hide(p, "\u00ad"), "para"),
    "rtl-override": lambda p: ("\u202e" + p.full[::-1] + "\u202c", "para"),
    "lookalikes": lambda p: (_lookalike(p), "para"),
    "upper-case": lambda p: (p.full.upper(), "para"),
    "lower-case": lambda p: (p.full.lower(), "para"),
    "dash-variant": lambda p: (_dash(p), "para"),
    "apostrophe-variant": lambda p: (_apostrophe(p), "para"),
    "title-and-surname": lambda p: (_titled(p), "para"),
    "initials": lambda p: (f"{p.given[0]}. {p.surname[0]}.", "para"),
    "accents-differ": lambda p: (_strip_accents(p.full), "para"),
    "no-break-space": lambda p: (f"{p.given}\u00a0{p.surname}", "para"),
    "markup-inside": lambda p: (_markup(p), "para"),
    "character-reference": lambda p: (_entity(p), "para"),
    "line-break": lambda p: (f"{p.given}\n{p.surname}", "para"),
    "hyphenated-line-break": lambda p: (_hyphen_break(p), "para"),
    "br-in-table-cell": lambda p: (f"{p.given}<br>{p.surname}", "cell"),
    "table-cell": lambda p: (p.full, "cell"),
    "heading": lambda p: (p.full, "heading"),
    "footnote": lambda p: (p.full, "footnote"),
    "image-caption": lambda p: (p.full, "caption"),
    "front-matter-title": lambda p: (p.full, "title"),
    "link-text": lambda p: (p.full, "link"),
    "link-address": lambda p: (p.surname.replace("'", "").lower(), "url"),
    "bold": lambda p: (f"**{p.full}**", "para"),
}
PER_SHAPE = 7  # invented people per shape and obfuscation


@dataclass(frozen=True)
class Case:
    """One leak: whose name, hidden how, where in its document."""

    person: Person
    shape: str
    obfuscation: str
    text: str
    place: str

    @property
    def real_name(self) -> str:
        return self.person.full


def cases() -> list[Case]:
    out = []
    k = 0
    for shape in SHAPES:
        for n, obfuscation in enumerate(OBFUSCATIONS):
            for j in range(PER_SHAPE):
                p = person(shape, n * PER_SHAPE + j, k)
                text, place = OBFUSCATIONS[obfuscation](p)
                out.append(Case(p, shape, obfuscation, text, place))
                k += 1
    return out


def document(items: list[Case], agency: str, title: str = "Leaks") -> tuple[str, dict[int, int]]:
    """A Markdown document holding the cases, and the line each case starts on (by person number)."""
    body: list[tuple[str, int | None]] = [("# Leaks", None), ("", None)]
    rows, notes, titles = [], [], []
    for c in items:
        k = c.person.k
        if c.place == "para":
            body += [(f"On the visit {c.text} was present and spoke to staff.", k), ("", None)]
        elif c.place == "heading":
            body += [(f"## About {c.text}", k), ("", None), ("Nothing further.", None), ("", None)]
        elif c.place == "caption":
            body += [(f"![Drawing by {c.text}](pic.png)", k), ("", None)]
        elif c.place == "link":
            body += [(f"See [the note on {c.text}](https://example.org/n{k}).", k), ("", None)]
        elif c.place == "url":
            body += [(f"See [a note](https://example.org/{c.text}/n{k}).", k), ("", None)]
        elif c.place == "cell":
            rows.append(c)
        elif c.place == "footnote":
            notes.append(c)
        else:
            titles.append(c)
    if rows:
        body += [("| Date | Event |", None), ("|---|---|", None)]
        body += [(f"| 2025-02-{c.person.k % 28 + 1:02d} | Seen with {c.text} at the clinic |", c.person.k)
                 for c in rows]
        body.append(("", None))
    body += [(f"A remark.[^n{c.person.k}]", None) for c in notes] + [("", None)]
    body += [(f"[^n{c.person.k}]: Told by {c.text}.", c.person.k) for c in notes]
    full_title = title + (" on " + ", ".join(c.text for c in titles) if titles else "")
    front = ["---", f"title: {quote(full_title)}", "version: 1", "date: 2026-10-01", "status: draft",
             f"agency: {agency}", "---"]
    lines: list[str] = []
    where: dict[int, int] = {c.person.k: 2 for c in titles}
    for text, k in [(ln, None) for ln in front] + body:
        if k is not None:
            where[k] = len(lines) + 1
        lines += text.split("\n")
    return "\n".join(lines) + "\n", where


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
