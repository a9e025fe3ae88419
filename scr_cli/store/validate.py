"""Check parsed YAML against its pydantic model; turn each failure into an Issue at the value's line."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from scr_cli.dates import uk_to_iso
from scr_cli.review.model import Issue
from scr_cli.store.yamlfile import YamlDoc

M = TypeVar("M", bound=BaseModel)


def _field_name(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        parts.append(f"[{part + 1}]" if isinstance(part, int) else ("." if parts else "") + str(part))
    return "".join(parts) or "the file"


def _explain(err: dict[str, Any]) -> tuple[str, str]:
    kind, value, name = err["type"], err.get("input"), _field_name(tuple(err["loc"]))
    if kind == "missing":
        return f"'{name}' is required but missing", f"add '{err['loc'][-1]}:' here"
    if kind == "extra_forbidden":
        return f"unknown field '{err['loc'][-1]}'", "check the spelling or remove it (see the schema in .scr/schemas/)"
    if kind.startswith("date"):
        if isinstance(value, str) and (iso := uk_to_iso(value)):
            return f"'{name}': {value} is not an ISO date", f"write dates as YYYY-MM-DD, here {iso}"
        return f"'{name}': {value!r} is not a date", "write dates as YYYY-MM-DD, e.g. 2027-03-01"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"'{name}': {value!r} is not allowed", f"use one of {expected}"
    if kind == "string_pattern_mismatch":
        if str(err["loc"][-1]) == "key_fingerprint":
            return (f"'{name}' is not a full fingerprint",
                    "use the 40-hex-digit fingerprint in capitals (gpg --fingerprint)")
        if str(err["loc"][-1]) == "time":
            return f"'{name}': {value!r} is not a time", "write times as 24-hour HH:MM, e.g. 09:30"
        return f"'{name}': {value!r} is not a valid id", "use lower-case words joined by hyphens, e.g. west-police"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"'{name}' must be a whole number, not {value!r}", "write a number such as 3"
    if kind in {"string_type"}:
        return f"'{name}' must be text, not {type(value).__name__}", "put the value in quotes"
    if kind in {"list_type"}:
        return f"'{name}' must be a list", "write each item on its own line starting with '- '"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"'{name}' must be a mapping of fields", "write 'key: value' lines indented under it"
    if kind in {"bool_type", "bool_parsing"}:
        return f"'{name}' must be true or false, not {value!r}", "write true or false"
    if kind == "too_short":
        return f"'{name}' must not be empty", "fill it in"
    if kind == "greater_than_equal":
        return f"'{name}' is too small ({value!r})", str(err["msg"])
    return f"'{name}': {err['msg']}", "see the schema in .scr/schemas/"


def issues_from(exc: ValidationError, doc: YamlDoc, base: tuple[Any, ...] = ()) -> list[Issue]:
    out = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        full = (*base, *loc)
        line, col = doc.where(full)
        if err["type"] == "extra_forbidden" and full in doc.key_positions:
            line, col = doc.key_positions[full]  # an unknown field: point at its key, not its value
        message, hint = _explain(dict(err))
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
