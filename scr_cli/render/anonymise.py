"""Output of `scr anonymise`: each name found, its replacement or why the author must rewrite it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from rich.markup import escape

from scr_cli.publish.anonymise import AnonymiseResult
from scr_cli.render import out


def shown(found: str) -> str:
    """The text as written, with what cannot be seen made visible: line breaks, invisible characters."""
    parts = []
    for ch in found:
        if ch == "\n":
            parts.append("↵")
        elif ch != " " and (unicodedata.category(ch)[0] in "CMZ"):
            parts.append(f"<U+{ord(ch):04X}>")
        else:
            parts.append(ch)
    return "".join(parts)


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def proposals(result: AnonymiseResult) -> None:
    """One line per name found, then what was done and what to do next."""
    for f in result.files:
        for p in f.proposals:
            whose = " or ".join(m.label for m in p.members)
            where = f"{f.path}:{p.line}:{p.column}"
            if p.replacement is not None:
                text = f"{where}: “{shown(p.found)}” -> “{p.replacement}” ({whose})"
            else:
                text = f"{where}: “{shown(p.found)}” left for you to rewrite: {p.reason} ({whose})"
            out.print(escape(text))
    _summary(result)


def _summary(result: AnonymiseResult) -> None:
    listed = result.listed
    if not result.files or not any(f.proposals for f in result.files):
        out.print("No names found.")
        return
    out.print(escape(f"{result.replacements} replacement(s) proposed; {listed} name(s) to rewrite by hand."))
    for w in result.written:
        draft = f" (draft version {w.version}, dated {w.date})" if w.version is not None else ""
        out.print(escape(f"Wrote {w.replaced} replacement(s) into {w.path}{draft}: review the change and commit it."))
    if result.docx is not None:
        out.print(escape(f"Proposal as Word tracked changes: {_relative(result.docx, result.root)} "
                         "(it holds real names: keep it private; build/ is not committed)."))
    if not result.written and result.replacements:
        out.print("Nothing was changed: run again with --apply to write the replacements as a new draft.")
    if listed:
        out.print("A public build refuses while any name is left: rewrite the names listed above.")
