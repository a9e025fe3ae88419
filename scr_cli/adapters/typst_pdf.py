"""Typst Source -> PDF in process, through the `typst` Python package (no typst executable needed)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class TypstProblem(Exception):
    """A compile error: Typst's message and the line of the generated Typst source it points at."""

    message: str
    line: int | None
    source_line: str

    def __str__(self) -> str:
        return self.message


_WHERE = re.compile(r"\.typ:(\d+):(\d+)")


def compile_pdf(
    source: bytes, *, root: Path, inputs: Mapping[str, str], timestamp: int, font_paths: Sequence[Path] = ()
) -> bytes:
    """Compile Typst source to PDF bytes. Same source, inputs and timestamp give the same bytes."""
    import typst

    try:
        pdf = typst.compile(  # type: ignore[call-overload]  # its stub wants root typed like input
            source,
            root=str(root),
            sys_inputs=dict(inputs),
            timestamp=timestamp,
            font_paths=[str(p) for p in font_paths],
            ignore_system_fonts=True,
            format="pdf",
        )
    except typst.TypstError as exc:
        diagnostic = str(getattr(exc, "diagnostic", "") or "")
        found = _WHERE.search(diagnostic)
        line = int(found.group(1)) if found else None
        lines = source.decode("utf-8", "replace").split("\n")
        text = lines[line - 1] if line and line <= len(lines) else ""
        message = str(getattr(exc, "message", exc)).replace(str(root), "")
        raise TypstProblem(message, line, text) from None
    if not isinstance(pdf, bytes):  # pragma: no cover - typst returns bytes for one PDF
        raise TypeError("typst returned no PDF")
    return pdf
