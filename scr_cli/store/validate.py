"""Check parsed YAML against its pydantic model; turn each failure into an Issue at the value's line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scr_cli.dates import uk_to_iso
from scr_cli.review.layout import FAMILY
from scr_cli.review.model import Issue
from scr_cli.store.yamlfile import YamlDoc

M = TypeVar("M", bound=BaseModel)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts) or "the file"


Explain = Callable[[str, Any, dict[str, Any]], tuple[str, str]]
"""A message and a hint for one pydantic error: given the field's name, the value found and the error."""


def _date(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    if isinstance(value, str) and (iso := uk_to_iso(value)):
        return f"'{name}': {value} is not an ISO date", f"write dates as YYYY-MM-DD, here {iso}"
    return f"'{name}': {value!r} is not a date", "write dates as YYYY-MM-DD, e.g. 2027-03-01"


def _pattern(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    field = str(err["loc"][-1])
    if field == "key_fingerprint":
        return f"'{name}' is not a full fingerprint", "use the 40-hex-digit fingerprint in capitals (gpg --fingerprint)"
    if field == "time":
        return f"'{name}': {value!r} is not a time", "write times as 24-hour HH:MM, e.g. 09:30"
    return f"'{name}': {value!r} is not a valid id", "use lower-case words joined by hyphens, e.g. west-police"


def _whole_number(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    return f"'{name}' must be a whole number, not {value!r}", "write a number such as 3"


def _mapping(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    return f"'{name}' must be a mapping of fields", "write 'key: value' lines indented under it"


def _true_or_false(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    return f"'{name}' must be true or false, not {value!r}", "write true or false"


def _other(name: str, value: Any, err: dict[str, Any]) -> tuple[str, str]:
    return f"'{name}': {err['msg']}", "see the schema in .scr/schemas/"


def _too_short(name: str, err: Any) -> tuple[str, str]:
    wanted = int(err.get("ctx", {}).get("min_length", 1))
    if wanted <= 1:
        return f"'{name}' must not be empty", "fill it in"
    return f"'{name}' needs {wanted} entries", f"list {wanted} of them"


_BY_KIND: dict[str, Explain] = {
    "missing": lambda name, value, err: (f"'{name}' is required but missing", f"add '{err['loc'][-1]}:' here"),
    "extra_forbidden": lambda name, value, err: (
        f"unknown field '{err['loc'][-1]}'", "check the spelling or remove it (see the schema in .scr/schemas/)"),
    "literal_error": lambda name, value, err: (
        f"'{name}': {value!r} is not allowed", f"use one of {err.get('ctx', {}).get('expected', '')}"),
    "string_pattern_mismatch": _pattern,
    "int_type": _whole_number,
    "int_parsing": _whole_number,
    "int_from_float": _whole_number,
    "string_type": lambda name, value, err: (
        f"'{name}' must be text, not {type(value).__name__}", "put the value in quotes"),
    "list_type": lambda name, value, err: (
        f"'{name}' must be a list", "write each item on its own line starting with '- '"),
    "dict_type": _mapping,
    "model_type": _mapping,
    "model_attributes_type": _mapping,
    "bool_type": _true_or_false,
    "bool_parsing": _true_or_false,
    "too_short": lambda name, value, err: _too_short(name, err),
    "string_too_short": lambda name, value, err: (f"'{name}' must not be empty", "fill it in"),
    "greater_than_equal": lambda name, value, err: (f"'{name}' is too small ({value!r})", str(err["msg"])),
}


class _Withheld:
    """Stands in for a value of family.yaml in a message: what was typed there may be a real name."""

    def __repr__(self) -> str:
        return "the value written there"


def _explain(err: dict[str, Any]) -> tuple[str, str]:
    kind = err["type"]
    explain = _BY_KIND.get(kind) or (_date if kind.startswith("date") else _other)  # every date_* and datetime_*
    return explain(_field_name(tuple(err["loc"])), err.get("input"), err)


def issues_from(exc: ValidationError, doc: YamlDoc, base: tuple[Any, ...] = ()) -> list[Issue]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        full = (*base, *loc)
        line, col = doc.where(full)
        if err["type"] == "extra_forbidden" and full in doc.key_positions:
            line, col = doc.key_positions[full]  # an unknown field: point at its key, not its value
        message, hint = _explain({**err, "input": _Withheld()} if doc.path == FAMILY else dict(err))
        out.append(Issue("error", "schema", doc.path, line, col, message, hint))
    return out


def validate(doc: YamlDoc, model: type[M], data: Any = None,
             base: tuple[Any, ...] = ()) -> tuple[M | None, list[Issue]]:
    payload = doc.data if data is None else data
    if not isinstance(payload, dict):
        line, col = doc.where(base)
        return None, [Issue("error", "schema", doc.path, line, col, "expected a mapping of fields at the top",
                            "start the file with 'key: value' lines")]
    try:
        return model.model_validate(payload), []
    except ValidationError as exc:
        return None, issues_from(exc, doc, base)
