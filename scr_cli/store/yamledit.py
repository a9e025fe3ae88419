"""Targeted edits of a user's YAML that keep their comments, order and layout (ruamel.yaml round trip)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from scr_cli import atomic, fileio
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
    atomic.write_bytes(path, edited(fileio.read_bytes(path, shown), shown, change))


def edited(raw: bytes, shown: str, change: Callable[[Any], None]) -> bytes:
    """The bytes of a YAML document after `change` mutated it in place (comments, order and layout kept)."""
    from ruamel.yaml.error import YAMLError

    y = _yaml()
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
    return (b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8")


def flow_list(items: list[str]) -> Any:
    from ruamel.yaml.comments import CommentedSeq

    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def mapping(values: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    return CommentedMap(values)


def block_list() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    return CommentedSeq()


def append_to(path: Path, shown: str, key: str, entry: dict[str, Any]) -> None:
    """Append one mapping to the top-level list `key` (log.yaml's events), keeping everything else as it is."""

    def append(data: Any) -> None:
        if data is None or data.get(key) is None:
            data[key] = []
        items = data[key]
        if hasattr(items, "fa"):
            items.fa.set_block_style()  # `events: []` in the template is flow style
        items.append(mapping(entry))

    edit(path, shown, append)


def render(values: dict[str, Any], header: str = "") -> str:
    """New YAML text for `values` (block style, strings quoted only where YAML needs it), after a comment header."""
    buffer = io.StringIO()
    _yaml().dump(values, buffer)
    lines = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    return lines + buffer.getvalue()


def quoted(text: str) -> Any:
    """A string written in double quotes, so that YAML 1.1 readers (PyYAML) do not read `yes`/`no` as booleans."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)
