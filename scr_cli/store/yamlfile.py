"""Read a review's YAML fast (libyaml) while keeping where every value stands, and refuse what is unsafe.

Refused, each with file:line:column and a fix: syntax errors, tabs used for indentation, duplicate keys,
anchors and aliases (they allow 'billion laughs' files and are never needed here), impossible dates,
bytes that are not UTF-8 and empty files. A UTF-8 byte-order mark and CRLF line endings are accepted
(Windows editors write them) and reported as warnings by `scr check`.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from scr_cli import collector, fileio
from scr_cli.errors import DataError

_PLAIN = "!plain"  # tag given to unquoted scalars; _Builder.scalar() decides what they are

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when PyYAML has it


class _Loader(_Base):  # type: ignore[misc]  # PyYAML's loaders are untyped
    """Parses and composes only. PyYAML's resolver costs ~20 us a scalar in Python; we type scalars ourselves."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else "tag:yaml.org,2002:str"
        return "tag:yaml.org,2002:map" if kind is yaml.MappingNode else "tag:yaml.org,2002:seq"

Key = tuple[str | int, ...]
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}([Tt ]|$)")
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_MAX_BYTES = 20 * 1024 * 1024
_MAX_DEPTH = 100  # review files need a handful of levels; thousands crash the parser (C stack) or the builder
_DEEP_INDENT = re.compile(rf"^[ \t?:-]{{{_MAX_DEPTH // 2},}}", re.MULTILINE)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


@dataclass
class YamlDoc:
    """A parsed YAML file: plain Python data plus the (line, column) of every value and key."""

    path: str
    data: Any
    positions: dict[Key, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Key, tuple[int, int]] = field(default_factory=dict)  # where each mapping key is written
    warnings: list[tuple[int, int, str, str]] = field(default_factory=list)  # line, col, message, hint
    line_offset: int = 0

    def where(self, key: Key) -> tuple[int, int]:
        """Position of `key`, or of its nearest parent that has one."""
        while key:
            if key in self.positions:
                return self.positions[key]
            key = key[:-1]
        return self.positions.get((), (1 + self.line_offset, 1))

    def locate(self, key: Key, on_key: bool = False) -> tuple[int, int]:
        """Where the key's name is written (`on_key`, for an unknown field) or else its value."""
        if on_key and key in self.key_positions:
            return self.key_positions[key]
        return self.where(key)


def _error(path: str, line: int, column: int, message: str, hint: str) -> DataError:
    return DataError(message, path=path, line=line, column=column, hint=hint)


def decode(raw: bytes, path: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    warnings: list[tuple[int, int, str, str]] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        warnings.append((1, 1, "file starts with a byte-order mark", "save it as UTF-8 without BOM"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _error(path, line, col, "the file is not UTF-8 text", "save it with UTF-8 encoding") from None
    if "\r\n" in text:
        warnings.append((1, 1, "file has Windows (CRLF) line endings", "save it with LF line endings"))
        text = text.replace("\r\n", "\n")
    return text, warnings


def read_text(file: Path, shown: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """The file's text and its encoding warnings.

    A missing file or a folder is the review's problem (exit 1); a FIFO, a device, a loop or no permission is
    the machine's (fileio.FileProblem, exit 2).
    """
    try:
        raw = fileio.read_bytes(file, shown, limit=_MAX_BYTES)
    except ValueError:
        raise _error(shown, 1, 1, "the file is larger than 20 MB", "split it or remove pasted binary content") from None
    except FileNotFoundError:
        raise DataError("file is missing", path=shown,
                        hint=f"restore it with `git checkout -- {shown}` or copy it from review-template/") from None
    except IsADirectoryError:
        raise DataError("expected a file, found a folder", path=shown, hint="rename the folder") from None
    return decode(raw, shown)


def load_file(file: Path, shown: str) -> YamlDoc:
    text, warnings = read_text(file, shown)
    doc = parse(text, shown)
    doc.warnings[:0] = warnings
    return doc


def parse(text: str, path: str, line_offset: int = 0, text_keys: Collection[str] = ()) -> YamlDoc:
    """Parse one YAML document.

    Plain values of the top-level `text_keys` stay exactly as written (`title: 1E5` is the text "1E5", not a
    number), as a user writing a title expects.
    """
    if not text.strip() or all(ln.lstrip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise _error(path, 1 + line_offset, 1, "the file is empty",
                     "restore its content from git or copy it from review-template/")
    if _may_be_deep(text):
        _refuse_deep(text, path, line_offset)
    try:
        with collector.paused():
            node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = mark.column + 1 if mark else 1
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "fix the YAML syntax (check indentation, quotes and colons)"
        if "\t" in problem or "'\\t'" in problem or _tab_at(text, mark):
            problem, hint = "a tab is used for indentation", "indent with spaces, not tabs"
        raise _error(path, line, col, f"YAML syntax error: {problem}", hint) from None
    except yaml.YAMLError as exc:
        raise _error(path, 1 + line_offset, 1, f"YAML error: {exc}", "fix the YAML syntax") from None
    if "&" in text and "*" in text:
        _refuse_aliases(text, path, line_offset)
    doc = YamlDoc(path, None, line_offset=line_offset)
    if node is None:
        raise _error(path, 1 + line_offset, 1, "the file is empty", "restore its content from git")
    try:
        with collector.paused():
            doc.data = _Builder(doc, text_keys).build(node, ())
    except RecursionError:  # nesting the cheap test above let through
        raise _error(path, 1 + line_offset, 1, "values are nested too deeply",
                     "flatten the structure: review files need only a few levels") from None
    return doc


def _may_be_deep(text: str) -> bool:
    """A cheap test that rules out deep nesting for ordinary files, so only suspicious ones pay for a scan."""
    if _DEEP_INDENT.search(text):
        return True
    if text.count("[") + text.count("{") <= _MAX_DEPTH:
        return False
    brackets = _NOT_BRACKET.sub("", text)  # each pass below strips one level of innermost pairs
    for _ in range(_MAX_DEPTH):
        inner = brackets.replace("[]", "").replace("{}", "")
        if inner == brackets:
            return False
        brackets = inner
    return bool(brackets)


def _refuse_deep(text: str, path: str, line_offset: int) -> None:
    """Count nesting on libyaml's event stream (it keeps no recursion) before anything recursive runs."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _MAX_DEPTH:
                    mark = event.start_mark
                    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                    raise _error(path, line + line_offset, col, f"values are nested more than {_MAX_DEPTH} levels deep",
                                 "flatten the structure: review files need only a few levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError as exc:
        if "nesting depth" not in str(exc):
            return  # a syntax error: compose() reports it with its position
        # libyaml >= 0.2.5 (newer PyYAML wheels) stops at its own limit while scanning ahead, before our count.
        line, col = _bracket_past_limit(text)
        raise _error(path, line + line_offset, col, f"values are nested more than {_MAX_DEPTH} levels deep",
                     "flatten the structure: review files need only a few levels") from None


def _bracket_past_limit(text: str) -> tuple[int, int]:
    """Line and column of the first flow bracket that opens level _MAX_DEPTH + 1 (quotes are not parsed).

    A file whose top level is a block mapping or list already stands one level deep, as in _refuse_deep's count.
    """
    body = "\n".join(ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#"))
    depth = 0 if body.lstrip()[:1] in ("[", "{") else 1
    for line_no, line in enumerate(text.splitlines(), 1):
        for col, char in enumerate(line, 1):
            if char in "[{":
                depth += 1
                if depth > _MAX_DEPTH:
                    return line_no, col
            elif char in "]}":
                depth -= 1
    return 1, 1


def _refuse_aliases(text: str, path: str, line_offset: int) -> None:
    """Point at the first alias (*name) itself: composed nodes only remember where the anchor was."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise _error(path, line + line_offset, col,
                         "anchors and aliases (&name, *name) are not allowed",
                         "write the value out in full where it is needed")


def _tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    return 0 <= mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]


def _plain_text(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _PLAIN and node.value not in _NULLS


class _Builder:
    def __init__(self, doc: YamlDoc, text_keys: Collection[str] = ()) -> None:
        self.doc = doc
        self.text_keys = frozenset(text_keys)
        self.seen: set[int] = set()

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.doc.line_offset, node.start_mark.column + 1

    def fail(self, node: yaml.Node, message: str, hint: str) -> DataError:
        line, col = self.pos(node)
        return _error(self.doc.path, line, col, message, hint)

    def build(self, node: yaml.Node, key: Key) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "anchors and aliases (&name, *name) are not allowed",
                            "write the value out in full where it is needed")
        self.seen.add(id(node))
        self.doc.positions[key] = self.pos(node)
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for knode, vnode in node.value:
                if knode.tag == _PLAIN and knode.value == "<<":
                    raise self.fail(knode, "merge keys (<<) are not allowed", "write the keys out in full")
                if not isinstance(knode, yaml.ScalarNode):
                    raise self.fail(knode, "a key must be plain text", "use a simple word as the key")
                name = str(knode.value)
                if name in out:
                    first = self.doc.key_positions.get((*key, name), (0, 0))[0]
                    raise self.fail(knode, f"duplicate key '{name}' (first on line {first})",
                                    "remove one of the two or rename it")
                self.doc.key_positions[(*key, name)] = self.pos(knode)
                if not key and name in self.text_keys and _plain_text(vnode):
                    self.doc.positions[(name,)] = self.pos(vnode)
                    out[name] = vnode.value
                    continue
                out[name] = self.build(vnode, (*key, name))
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*key, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """YAML 1.2 core types: so `no`, `on` and `off` stay text (no 'Norway problem')."""
        text = node.value
        if node.tag == "tag:yaml.org,2002:str":
            return text
        if node.tag != _PLAIN:
            raise self.fail(node, f"custom tag {node.tag} is not allowed", "remove the tag")
        if text in _NULLS:
            return None
        if text in _BOOLS:
            return _BOOLS[text]
        first = text[0]
        if first.isdigit() or first in "-+.":
            if _DATE.match(text):
                try:
                    return date.fromisoformat(text)
                except ValueError:
                    raise self.fail(node, f"{text} is not a real date",
                                    "check the day and month (YYYY-MM-DD)") from None
            if _TIMESTAMP.match(text):
                return text  # a date with a time: kept as text, the model says whether it is allowed
            if _INT.match(text):
                return int(text.replace("_", ""))
            if _FLOAT.match(text) and any(c.isdigit() for c in text):
                return float(text.replace("_", ""))
        if text in (".inf", ".Inf", "-.inf", ".nan", ".NaN"):
            return float(text.replace(".", "", 1))
        return text
