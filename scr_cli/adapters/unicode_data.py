r"""The Unicode data name matching needs, from maintained packages, handed to the pure matcher.

- Confusables (UTS #39 `confusables.txt`, every script): shipped as JSON inside `confusable-homoglyphs`.
  That file keeps each line of `confusables.txt` as a pair in both directions; the direction is recovered
  here: a source character appears on one line only, so it has one neighbour, while a prototype either has
  several or comes after its only source in the file's order.
- Default-ignorable code points and format characters (`\p{Default_Ignorable_Code_Point}`, `\p{Cf}`) and
  dashes (`\p{Dash}`): by property, through the `regex` package (the standard `re` has no properties).

`review/` uses only the standard library, so it never imports this: callers pass `unicode_data()` in.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import regex

from scr_cli.errors import ToolMissing
from scr_cli.review.pseudonyms import UnicodeData

_IGNORABLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]")
_DASH = regex.compile(r"\p{Dash}")
_MARKS = "\u200e\u200f"


def _prototypes() -> dict[str, str]:
    try:
        raw = (resources.files("confusable_homoglyphs") / "confusables.json").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ToolMissing(
            "the Unicode confusables data (package confusable-homoglyphs) is not installed",
            hint="reinstall scr: pip install scr-cli",
        ) from exc
    pairs: dict[str, list[str]] = {}
    for key, others in json.loads(raw).items():
        # right-to-left letters are quoted between left-to-right marks in confusables.txt's comments
        pairs.setdefault(key.strip(_MARKS), []).extend(o["c"].strip(_MARKS) for o in others)
    order = {key: i for i, key in enumerate(pairs)}
    out: dict[str, str] = {}
    for key, others in pairs.items():
        if len(key) != 1 or len(others) != 1:
            continue  # a prototype (several look-alikes map to it) or a sequence
        other = others[0]
        if len(other) > 1 or len(pairs.get(other, ())) > 1 or order[key] < order.get(other, len(order)):
            out[key] = other
    return out


@lru_cache(maxsize=1)
def unicode_data() -> UnicodeData:
    """The tables, loaded once per process (about 0.1 s)."""
    table = _prototypes()
    return UnicodeData(
        prototype=table.get,
        ignorable=lambda ch: _IGNORABLE.match(ch) is not None,
        dash=lambda ch: _DASH.match(ch) is not None,
    )
