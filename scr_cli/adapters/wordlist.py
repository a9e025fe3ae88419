"""Which words are ordinary English words: the web2 list (Webster's Second), through `english-words`.

The list keeps proper names capitalised ("Rosalind", "Dorian") and ordinary words in lower case ("poppy",
"crane", "may", "will"), so a name token is an ordinary word when its lower-case form is in it.
`scr anonymise` loads it (about 0.2 s) to leave such names for the author rather than replace them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from scr_cli.errors import ToolMissing


@lru_cache(maxsize=1)
def ordinary_words() -> Callable[[str], bool]:
    try:
        from english_words import get_english_words_set
    except ImportError as exc:
        raise ToolMissing("the word list (package english-words) is not installed",
                          hint="reinstall scr: pip install scr-cli") from exc
    words: set[str] = get_english_words_set(["web2"])  # asked only with case-folded words: never "Rosalind"
    return words.__contains__
