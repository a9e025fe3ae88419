"""The output formats, in one place: what `scr build` and `scr diff` may write and how each is made.

Each format knows its file suffix, the pandoc writer it uses, whether Typst compiles pandoc's output, the
function that writes a finished file (`publish/writers.py`) and the reader the leak scan uses to read a
built file back (`publish/leakscan.py`). A new format is one entry here, its writer, and its reader.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scr_cli.errors import DataError
from scr_cli.publish import leakscan, writers


@dataclass(frozen=True)
class OutputFormat:
    """One output format and how scr makes and reads it."""

    name: str
    suffix: str  # ".pdf"; "" for the terminal
    pandoc_writer: str  # pandoc's --to; "" when pandoc is not used
    typst: bool  # pandoc writes Typst source, compiled to PDF in process
    write: Callable[[writers.Page, Path], None] | None  # None: shown in the terminal, not written
    read_back: Callable[[Path], list[leakscan.Chunk]] | None  # every text the built file holds
    built: bool  # `scr build` makes it
    compared: bool  # `scr diff` makes it
    drawing: bool = False  # a drawing, not a document: `scr build` makes it of the genogram alone


PDF = OutputFormat("pdf", ".pdf", "typst", True, writers.write_pdf, leakscan.pdf_chunks, True, True)
DOCX = OutputFormat("docx", ".docx", "docx", False, writers.write_docx, leakscan.docx_chunks, True, True)
HTML = OutputFormat("html", ".html", "html5", False, writers.write_html, leakscan.html_chunks, True, True)
SVG = OutputFormat("svg", ".svg", "", False, writers.write_svg, leakscan.svg_chunks, False, False, drawing=True)
TERM = OutputFormat("term", "", "", False, None, None, False, True)

ALL = (PDF, DOCX, HTML, SVG, TERM)
BUILD = tuple(f.name for f in ALL if f.built)
DRAWINGS = tuple(f.name for f in ALL if f.drawing)
DIFF = tuple(f.name for f in ALL if f.compared)


def _pick(name: str, allowed: tuple[str, ...]) -> OutputFormat:
    for fmt in ALL:
        if fmt.name == name and name in allowed:
            return fmt
    raise DataError(f"unknown format '{name}'", hint=f"use one of: {', '.join(allowed)}")


def for_build(name: str) -> OutputFormat:
    """The format `scr build --format NAME` writes (a drawing format for the genogram alone); else a one-line error."""
    return _pick(name, BUILD + DRAWINGS)


def for_diff(name: str) -> OutputFormat:
    """The format `scr diff --format NAME` shows or writes."""
    return _pick(name, DIFF)
