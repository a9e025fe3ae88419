"""`scr diff PATH [--from N] [--to M] [--format term|docx|html|pdf]`: compare two drafts of a document.

Defaults: the latest version (the work tree when it differs from the last commit) against the version
before it. DOCX holds real Word tracked changes attributed to the author and date of the newer version,
so a reader can accept or reject each change; HTML and PDF mark insertions and deletions.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from scr_cli import atomic
from scr_cli.adapters import git
from scr_cli.errors import DataError
from scr_cli.gate.drafting import locate
from scr_cli.gate.history import DraftRow, history
from scr_cli.review import worddiff

FORMATS = ("term", "docx", "html", "pdf")
STYLE = ("ins, .insertion { color: #1a7f37; text-decoration: underline; }\n"
         "del, .deletion { color: #b42318; text-decoration: line-through; }\n"
         "body { font-family: sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.45; }\n")
TYPST_FILTER = """
local function wrap(el, open)
  local items = {}
  for _, x in ipairs(el.content) do table.insert(items, x) end
  local lead, trail = "", ""
  while #items > 0 and items[1].t == "Space" do table.remove(items, 1); lead = " " end
  while #items > 0 and items[#items].t == "Space" do table.remove(items); trail = " " end
  local out = {pandoc.RawInline("typst", lead .. open)}
  for _, x in ipairs(items) do table.insert(out, x) end
  table.insert(out, pandoc.RawInline("typst", "]]" .. trail))
  return out
end
function Span(el)
  if el.classes:includes("insertion") then return wrap(el, '#underline[#text(fill: rgb("#1a7f37"))[') end
  if el.classes:includes("deletion") then return wrap(el, '#strike[#text(fill: rgb("#b42318"))[') end
end
"""


@dataclass(frozen=True)
class DiffResult:
    """The result of `scr diff`: two versions of a document and their word-level changes."""

    path: str
    old: DraftRow
    new: DraftRow
    lines: list[worddiff.Line]
    author: str
    when: str  # ISO 8601, UTC
    root: Path | None = None  # the review; comparisons are written to its git-ignored build/ folder

    def heading(self) -> str:
        return (f"Changes to {self.path}: version {self.old.version} ({self.old.date}) "
                f"to version {self.new.version} ({self.new.date})")


def _pick(rows: list[DraftRow], version: int | None, default: int, path: str, flag: str) -> int:
    if version is None:
        return default
    for i, row in enumerate(rows):
        if row.version == version:
            return i
    known = ", ".join(str(r.version) for r in rows)
    raise DataError(f"{path} has no version {version}", hint=f"use {flag} with one of: {known}")


def compare(path: Path, from_version: int | None = None, to_version: int | None = None) -> DiffResult:
    root, rel = locate(path)
    rows = history(root, rel)
    if len(rows) < 2 and from_version is None:
        raise DataError(f"{rel} has only one version so far", hint="there is nothing to compare yet")
    new_i = _pick(rows, to_version, len(rows) - 1, rel, "--to")
    old_i = _pick(rows, from_version, max(new_i - 1, 0), rel, "--from")
    old, new = rows[old_i], rows[new_i]
    author = new.author if new.commit else (git.config_value("user.name", root) or "scr")
    when = _utc(new.when) if new.when else datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return DiffResult(rel, old, new, worddiff.diff_lines(old.body, new.body), author, when, root)


def _utc(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _markdown(result: DiffResult) -> str:
    return f"**{result.heading()}**\n\n" + worddiff.markdown(result.lines, result.author, result.when)


def write(result: DiffResult, fmt: str, output: Path | None) -> Path:
    """Write the comparison as docx, html or pdf; returns the file written."""
    from scr_cli.adapters import pandoc

    if fmt not in FORMATS[1:]:
        raise DataError(f"unknown format '{fmt}'", hint="use one of: " + ", ".join(FORMATS))
    if not result.path.endswith(".md"):
        raise DataError(f"{fmt} comparisons are made for Markdown documents, not {result.path}",
                        hint=f"compare it in the terminal: scr diff {result.path}")
    stem = Path(result.path).stem
    name = f"{stem}-v{result.old.version}-v{result.new.version}.{fmt}"
    if output is not None:
        target = output
    elif result.root is not None:
        # build/ is git-ignored: a comparison of a sensitive document is plaintext and must not be committed
        target = result.root / "build" / "diff" / name
        target.parent.mkdir(parents=True, exist_ok=True)
    else:
        target = Path(name)
    source = _markdown(result)
    if fmt == "docx":
        with tempfile.TemporaryDirectory(prefix="scr-diff-") as tmp:
            out = Path(tmp) / "diff.docx"
            pandoc.convert(source, "docx", output=out)
            atomic.write_bytes(target, out.read_bytes())
    elif fmt == "html":
        body = pandoc.convert(source, "html").decode("utf-8")
        page = (f'<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
                f"<title>{stem} v{result.old.version} to v{result.new.version}</title>\n"
                f"<style>\n{STYLE}</style>\n</head>\n<body>\n{body}</body>\n</html>\n")
        atomic.write_text(target, page)
    else:
        from scr_cli.adapters.typst_pdf import compile_pdf

        with tempfile.TemporaryDirectory(prefix="scr-diff-") as tmp:
            lua = Path(tmp) / "marks.lua"
            lua.write_text(TYPST_FILTER, encoding="utf-8")
            typ = pandoc.convert(source, "typst", args=["--lua-filter", str(lua)])
            prelude = b'#set page(paper: "a4", margin: 2.2cm)\n#set text(lang: "en", region: "GB", size: 11pt)\n'
            pdf = compile_pdf(prelude + typ, root=Path(tmp), inputs={}, timestamp=0)
        atomic.write_bytes(target, pdf)
    return target
