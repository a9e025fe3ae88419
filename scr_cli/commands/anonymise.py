"""`scr anonymise`: propose pseudonyms for the names in a document; with --apply, write them as a new draft."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from scr_cli.errors import DataError
from scr_cli.publish.anonymise import AnonymiseResult, apply_proposals, propose, write_docx

FORMATS = ("term", "docx")


def anonymise(
    review: Path, paths: Sequence[Path], *, apply: bool, fmt: str, output: Path | None, today: date
) -> AnonymiseResult:
    if fmt not in FORMATS:
        raise DataError(f"unknown format '{fmt}'", hint="use one of: " + ", ".join(FORMATS))
    result = propose(review, [p if p.is_absolute() else review / p for p in paths])
    if fmt == "docx":
        result = write_docx(result, today, output)
    if apply:
        result = apply_proposals(result, today)
    return result
