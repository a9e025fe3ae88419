"""Writing the records beside a review: FOI requests, Ofsted's evaluation, and an event in log.yaml.

Each file is made with a header that says what it is the first time it is written; every write keeps the
user's comments and is atomic (store/yamledit.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic
from scr_cli.errors import DataError
from scr_cli.review.layout import EVALUATION, FOI, LOG
from scr_cli.store import yamledit

FOI_HEADER = """\
# yaml-language-server: $schema=../.scr/schemas/foi.schema.json
# Freedom of information requests about the review (procedure 8), written by `scr foi`. SENSITIVE: it names
# the requesters, so git holds it only encrypted (scr lock). See docs/publication.md.
requests: []
"""
EVALUATION_HEADER = """\
# yaml-language-server: $schema=../.scr/schemas/evaluation.schema.json
# Ofsted's evaluation letter (procedure 13.2, 18, App. 12), written by `scr evaluation`. See docs/publication.md.
"""


def _edit(root: Path, rel: str, header: str, change: Callable[[Any], None]) -> None:
    file = root / rel
    if not file.exists():
        if (root / f"{rel}.gpg").is_file():
            raise DataError(f"{rel} is locked", path=rel, hint=f"run `scr unlock {rel}` first, and `scr lock` after")
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(file, header)
    yamledit.edit(file, rel, change)


def _list(data: Any, key: str) -> Any:
    rows = data.get(key)
    if rows is None:
        data[key] = rows = yamledit.block_list()
    if hasattr(rows, "fa"):
        rows.fa.set_block_style()
    return rows


def add_request(root: Path, values: dict[str, Any]) -> None:
    _edit(root, FOI, FOI_HEADER, lambda data: _list(data, "requests").append(yamledit.mapping(values)))


def update_request(root: Path, index: int, values: dict[str, Any], exemptions: list[dict[str, Any]]) -> None:
    def change(data: Any) -> None:
        row = _list(data, "requests")[index]
        row.update(values)
        if exemptions:
            known = row.get("exemptions")
            if known is None:
                row["exemptions"] = known = yamledit.block_list()
            for item in exemptions:
                same = next((e for e in known if e.get("exemption") == item["exemption"]), None)
                if same is None:
                    known.append(yamledit.mapping(item))
                else:
                    same.update(item)

    _edit(root, FOI, FOI_HEADER, change)


def set_evaluation(root: Path, values: dict[str, Any]) -> None:
    def change(data: Any) -> None:
        for key, value in values.items():
            if isinstance(value, dict):
                grades = data.get(key)
                if grades is None:
                    data[key] = grades = yamledit.mapping({})
                grades.update(value)
            else:
                data[key] = value

    file = root / EVALUATION
    if not file.exists():
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(file, EVALUATION_HEADER + f"{next(iter(values))}: ''\n")  # a mapping to edit
    yamledit.edit(file, EVALUATION, change)


def append_event(root: Path, event_id: str, day: date, fields: dict[str, Any]) -> None:
    """An event appended to log.yaml, as `scr log` writes it."""
    def change(data: Any) -> None:
        events = _list(data, "events")
        events.append(yamledit.mapping({"event": event_id, "date": day, **fields}))

    yamledit.edit(root / LOG, LOG, change)
