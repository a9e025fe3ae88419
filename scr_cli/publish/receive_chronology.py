"""A returned chronology table (Word or Excel) made into the agency's chronology.yaml.

The rows are read by `review.chronology_table` (columns by heading, UK dates, errors by row); an entry that
came back as it was sent keeps its YAML exactly as written (flow style, comments), a new or changed row is
written in the file's own style. The result is validated with the chronology's schema before it is written.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from scr_cli.errors import DataError
from scr_cli.publish import docx_read, xlsx
from scr_cli.publish.returned import DOCX, Returned
from scr_cli.review.chronology_table import cell_text, is_chronology, read_rows
from scr_cli.store import yamledit
from scr_cli.store.schema import ChronologyFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import parse

FIELDS = ("date", "time", "source", "event", "action", "outcome", "recording", "comment")


@dataclass(frozen=True)
class NewChronology:
    """The chronology's new bytes and how many rows were added, changed and removed."""

    text: bytes
    added: int
    changed: int
    removed: int


def _rows(returned: Returned, accept: bool) -> list[list[str]]:
    if returned.kind == DOCX:
        document = returned.part("word/document.xml") or b""
        for table in docx_read.tables(document, returned.name, "accept" if accept else "reject"):
            if table and is_chronology(table[0]):
                return table
        raise DataError(f"{returned.name} holds no chronology table",
                        hint="return the chronology scr sent, with its heading row")
    rows = xlsx.read_rows(returned.data)
    return [[cell_text(c) for c in row] for row in rows]


def _shape(entry: Any) -> tuple[tuple[str, str], ...]:
    """An entry as comparable values: every field, empty when absent (dates as ISO text)."""
    values = entry if isinstance(entry, dict) else {}
    out = []
    for name in FIELDS:
        value = values.get(name)
        text = "" if value is None else value.isoformat() if isinstance(value, date) else str(value)
        out.append((name, "contemporaneous" if name == "recording" and not text else text))
    return tuple(out)


def _mapping(entry: dict[str, str], flow: bool) -> Any:
    values: dict[str, Any] = {"date": yamledit.quoted(entry["date"])}
    if entry["time"]:
        values["time"] = yamledit.quoted(entry["time"])
    values.update({k: entry[k] or yamledit.quoted("") for k in ("source", "event", "action", "outcome", "recording")})
    if entry["comment"]:
        values["comment"] = entry["comment"]
    made = yamledit.mapping(values)
    if flow:
        made.fa.set_flow_style()
    return made


def _merge(old: Sequence[Any], new: Sequence[dict[str, str]]) -> tuple[list[Any], int, int, int]:
    old_keys = [_shape(e) for e in old]
    new_keys = [_shape(e) for e in new]
    flow = bool(old) and hasattr(old[0], "fa") and old[0].fa.flow_style()
    out: list[Any] = []
    added = changed = removed = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False).get_opcodes():
        if op == "equal":
            out += old[i1:i2]
            continue
        out += [_mapping(e, flow) for e in new[j1:j2]]
        both = min(i2 - i1, j2 - j1)
        changed += both
        added += (j2 - j1) - both
        removed += (i2 - i1) - both
    return out, added, changed, removed


def next_chronology(raw: bytes, rel: str, returned: Returned, accept: bool,
                    agency: Sequence[str]) -> NewChronology:
    """The chronology's next bytes from the returned table; a bad row is one error naming its row."""
    table = read_rows(_rows(returned, accept), agency)
    if table.problem is not None:
        p = table.problem
        where = f"row {p.row}" + (f", column {p.column}" if p.column else "")
        raise DataError(f"{returned.name}: {where}: {p.message}", hint=p.hint)
    counts = [0, 0, 0]

    def change(data: Any) -> None:
        old = data.get("entries") or []
        merged, *counts[:] = _merge(list(old), table.entries)
        seq = yamledit.block_list()
        seq.extend(merged)
        data["entries"] = seq

    text = yamledit.edited(raw, rel, change)
    doc = parse(text.decode("utf-8-sig"), rel)
    _, issues = validate(doc, ChronologyFile)
    if issues:
        raise DataError(f"the new chronology would not pass `scr check`: {issues[0].message}", path=rel,
                        line=issues[0].line, hint="nothing was written; correct the table and return it again")
    return NewChronology(text, counts[0], counts[1], counts[2])
