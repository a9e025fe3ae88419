"""Targeted edits of a user's YAML that keep their comments, order and layout (ruamel.yaml round trip)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scr_cli import atomic
from scr_cli.errors import DataError


def _yaml() -> Any:
    from ruamel.yaml import YAML  # imported here: only commands that write YAML pay for it

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    return y


def edit(path: Path, shown: str, change: Callable[[Any], None]) -> None:
    """Load `path`, let `change` mutate the document in place, write it back atomically."""
    from ruamel.yaml.error import YAMLError

    y = _yaml()
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    crlf = b"\r\n" in raw
    text = raw.decode("utf-8-sig").replace("\r\n", "\n")
    try:
        data = y.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataError("cannot edit: the file is not valid YAML", path=shown,
                        line=mark.line + 1 if mark else None, column=mark.column + 1 if mark else None,
                        hint="run `scr check` and fix it first") from None
    change(data)
    buffer = io.StringIO()
    y.dump(data, buffer)
    out = buffer.getvalue()
    if crlf:  # keep a Windows editor's line endings and byte-order mark, so the user's lines stay byte-identical
        out = out.replace("\n", "\r\n")
    atomic.write_bytes(path, (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"))


def flow_list(items: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def mapping(values: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(values)
