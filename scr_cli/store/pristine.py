"""Whether a file is still a template exactly as `scr new` wrote it, so it never held case data.

`scr new` copies review-template/ and dates each paper on the referral day (its one `date:` line); a file
whose bytes are a shipped template's, with any date on that line, is that template untouched.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scr_cli import paths

FRONT_DATE = re.compile(rb"^date: .*$", re.MULTILINE)  # the line `scr new` sets to the referral day


def _undated(data: bytes) -> bytes:
    return FRONT_DATE.sub(b"date: ", data.replace(b"\r\n", b"\n"), count=1)


@lru_cache(maxsize=1)
def _forms() -> frozenset[bytes]:
    root = paths.review_template_dir()
    return frozenset(_undated(f.read_bytes()) for f in root.rglob("*") if f.is_file())


def is_untouched_template(data: bytes) -> bool:
    """True when `data` is a shipped template as shipped, or as `scr new` dated it."""
    return bool(data) and _undated(data) in _forms()
