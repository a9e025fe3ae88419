"""A board's local variant of a regime (`.scr/regime.yaml`), merged over the regime it extends.

One pure function over plain dicts, called by both loaders (the validating one behind `scr check` and the fast
one the git hooks use), so a variant means the same thing everywhere. A variant may change the length, title
and roll of a clock it inherits, add clocks, events, documents, order pairs and notice rules, and remove a
clock that is only a local target; every change names its source. It may not remove a statutory clock, and a
clock it does not list is inherited unchanged, so leaving one out removes nothing.
"""

from __future__ import annotations

import copy
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

Key = tuple[str | int, ...]

FIELDS = ("extends", "id", "title", "source", "clocks", "events", "documents", "order", "notices", "remove")
CHANGEABLE = ("title", "due", "roll", "source")  # what a variant may change in a clock it inherits
CLOCK_FIELDS = ("id", "title", "starts", "before", "due", "met_by", "requires_also", "only_if", "extended_by",
                "extension_notified_by", "repeat_until", "not_before", "roll", "statutory", "source")
EVENT_REFS = ("starts", "before", "extended_by", "extension_notified_by", "repeat_until")
UNITS = ("working_days", "days", "weeks", "months")
ROLLS = ("back", "forward", "none")


@dataclass(frozen=True)
class Problem:
    """Something wrong in the variant, at `key` (a path into the file's data: ("clocks", 0, "due"))."""

    key: Key
    message: str
    hint: str
    on_key: bool = False  # point at the key itself (an unknown field), not at its value


def _close(word: str, choices: Iterable[str]) -> str:
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{found[0]}'?" if found else ""


def length_problem(value: object, key: Key) -> Problem | None:
    """A length must be one unit with a whole number of zero or more: {working_days: 10}."""
    example = "write one unit and a whole number, e.g. {working_days: 10}"
    if not isinstance(value, dict) or len(value) != 1:
        return Problem(key, "a length must be exactly one unit and a number", example)
    (unit, amount), = value.items()
    if unit not in UNITS:
        return Problem((*key, unit), f"'{unit}' is not a unit of time", f"use one of: {', '.join(UNITS)}", True)
    if type(amount) is not int:
        return Problem((*key, unit), f"the length must be a whole number, not {amount!r}", example)
    if amount < 0:
        return Problem((*key, unit), f"the length {amount} is negative", "a clock runs forward: give 0 or more")
    return None


def resolve(variant: Any, regime_of: Callable[[str], dict[str, Any] | None], shipped: Iterable[str],
            expected: str | None = None) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The regime a variant describes: the regime it extends with its changes applied, and what is wrong.

    `regime_of(id)` gives a shipped regime's data; `expected` is the regime review.yaml names. With any
    problem the merged regime is None: a half-applied variant would judge the clocks by rules nobody wrote.
    """
    if not isinstance(variant, dict):
        return None, [Problem((), "expected a mapping of fields at the top", "start with 'extends: <regime>'")]
    problems = [Problem((name,), f"unknown field '{name}'", f"a variant holds: {', '.join(FIELDS)}", True)
                for name in variant if name not in FIELDS]
    base_id = variant.get("extends")
    shipped = sorted(shipped)
    base = _base(variant, base_id, regime_of, shipped, expected, problems)
    if base is None:
        return None, problems
    merged = copy.deepcopy(base)
    origin = str(variant.get("id") or f"{base_id}-local")
    merged["id"] = origin
    merged["title"] = str(variant.get("title") or f"{base.get('title', base_id)} (local variant)")
    merged["extended"] = [base_id, *base.get("extended", [])]
    _add_events(merged, variant, problems)
    _clocks(merged, variant, origin, problems)
    _remove(merged, variant, problems)
    _add_rows(merged, variant, "documents", problems)
    _add_rows(merged, variant, "notices", problems)
    _order(merged, variant, problems)
    return (None, problems) if problems else (merged, [])


def _base(variant: dict[str, Any], base_id: object, regime_of: Callable[[str], dict[str, Any] | None],
          shipped: list[str], expected: str | None, problems: list[Problem]) -> dict[str, Any] | None:
    if not isinstance(base_id, str) or not base_id:
        problems.append(Problem(("extends",), "'extends' must name the regime this variant builds on",
                                f"add 'extends: {expected or shipped[0]}'"))
        return None
    own = variant.get("id")
    if own == base_id:
        problems.append(Problem(("extends",), f"the variant '{own}' extends itself",
                                f"extend a shipped regime: {', '.join(shipped)}"))
        return None
    if isinstance(own, str) and own in shipped:
        problems.append(Problem(("id",), f"'{own}' is the name of a shipped regime",
                                "give the variant a name of its own, e.g. northshire-cspr"))
    base = regime_of(base_id)
    if base is None:
        hint = _close(base_id, shipped) or f"use one of: {', '.join(shipped)}"
        problems.append(Problem(("extends",), f"unknown regime '{base_id}'", hint))
        return None
    if expected is not None and base_id != expected:
        problems.append(Problem(("extends",), f"the variant extends '{base_id}' but review.yaml follows '{expected}'",
                                f"make them the same (or `scr regime switch {base_id}`)"))
        return None
    return base


def _rows(variant: dict[str, Any], name: str, problems: list[Problem]) -> list[tuple[int, dict[str, Any]]]:
    """The entries of a list field that are mappings with a text id; a problem for every other."""
    raw = variant.get(name)
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(Problem((name,), f"'{name}' must be a list", "write each entry on its own line with '- '"))
        return []
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: set[str] = set()
    for i, row in enumerate(raw):
        if not isinstance(row, dict) or not isinstance(row.get("id"), str):
            problems.append(Problem((name, i), f"each entry of '{name}' needs an id", "write it as {id: ..., ...}"))
            continue
        if row["id"] in seen:
            problems.append(Problem((name, i, "id"), f"'{row['id']}' is listed twice in {name}", "keep one entry"))
            continue
        seen.add(row["id"])
        rows.append((i, row))
    return rows


def _add_events(merged: dict[str, Any], variant: dict[str, Any], problems: list[Problem]) -> None:
    known = {e["id"] for e in merged["events"]}
    for i, row in _rows(variant, "events", problems):
        if row["id"] in known:
            problems.append(Problem(("events", i, "id"), f"'{row['id']}' is already an event of the regime",
                                    "a variant adds new events only; choose another id"))
        elif not isinstance(row.get("title"), str) or not row["title"].strip():
            problems.append(Problem(("events", i), f"the new event '{row['id']}' needs a title", "add 'title: ...'"))
        else:
            merged["events"].append(copy.deepcopy(row))


def _clocks(merged: dict[str, Any], variant: dict[str, Any], origin: str, problems: list[Problem]) -> None:
    inherited = {c["id"]: c for c in merged["clocks"]}
    events = {e["id"] for e in merged["events"]}
    for i, row in _rows(variant, "clocks", problems):
        found = _clock_problems(row, ("clocks", i), inherited.get(row["id"]), events, inherited)
        problems += found
        if found:
            continue
        if row["id"] in inherited:
            inherited[row["id"]].update({k: copy.deepcopy(v) for k, v in row.items() if k != "id"})
            inherited[row["id"]]["origin"] = origin
        else:
            merged["clocks"].append({**copy.deepcopy(row), "origin": origin})


def _clock_problems(row: dict[str, Any], key: Key, base: dict[str, Any] | None, events: set[str],
                    inherited: dict[str, Any]) -> list[Problem]:
    found = [Problem((*key, name), f"unknown field '{name}'", "see docs/regimes.md for a clock's fields", True)
             for name in row if name not in CLOCK_FIELDS]
    if not isinstance(row.get("source"), str) or not row["source"].strip():
        found.append(Problem(key, f"the change to '{row['id']}' has no source",
                             "add 'source: ...' naming the board's procedure and section"))
    if base is not None:
        found += [Problem((*key, name), f"a variant may not change '{name}' of the inherited clock '{row['id']}'",
                          f"it may change {', '.join(CHANGEABLE)}; for other rules add a clock of your own", True)
                  for name in row if name in CLOCK_FIELDS and name not in (*CHANGEABLE, "id")]
    else:
        found += _new_clock_problems(row, key, events, inherited)
    if "due" in row and (bad := length_problem(row["due"], (*key, "due"))):
        found.append(bad)
    if "roll" in row and row["roll"] not in ROLLS:
        found.append(Problem((*key, "roll"), f"roll {row['roll']!r} is not allowed", f"use one of: {', '.join(ROLLS)}"))
    return found


def _new_clock_problems(row: dict[str, Any], key: Key, events: set[str], inherited: dict[str, Any]) -> list[Problem]:
    hint = _close(row["id"], inherited)
    missing = [name for name in ("title", "due", "met_by") if name not in row]
    if ("starts" in row) == ("before" in row):
        missing.append("starts (or before)")
    if missing:
        what = f"no clock '{row['id']}' to change" + (f" ({hint})" if hint else "")
        return [Problem((*key, "id"), what, f"to add a clock give {', '.join(missing)}")]
    found: list[Problem] = []
    refs: list[tuple[Key, object]] = [((*key, name), row[name]) for name in EVENT_REFS if row.get(name) is not None]
    for name in ("met_by", "requires_also"):
        value = row.get(name) or []
        if not isinstance(value, list):
            found.append(Problem((*key, name), f"'{name}' must be a list of events", "write [event, ...]"))
            continue
        refs += [((*key, name, j), event) for j, event in enumerate(value)]
    if isinstance(row.get("only_if"), dict):
        refs.append(((*key, "only_if", "event"), row["only_if"].get("event")))
    for where, event in refs:
        if event not in events:
            hint = _close(str(event), events) or "add the event under 'events:' or use one of the regime's"
            found.append(Problem(where, f"unknown event '{event}' in clock '{row['id']}'", hint))
    return found


def _remove(merged: dict[str, Any], variant: dict[str, Any], problems: list[Problem]) -> None:
    raw = variant.get("remove")
    if raw is None:
        return
    if not isinstance(raw, dict) or any(k != "clocks" for k in raw) or not isinstance(raw.get("clocks", []), list):
        problems.append(Problem(("remove",), "'remove' holds one list: clocks", "write 'remove: {clocks: [id, ...]}'"))
        return
    clocks = {c["id"]: c for c in merged["clocks"]}
    gone: set[str] = set()
    for i, clock_id in enumerate(raw.get("clocks", [])):
        key: Key = ("remove", "clocks", i)
        spec = clocks.get(clock_id) if isinstance(clock_id, str) else None
        if spec is None:
            hint = _close(str(clock_id), clocks) or "see `scr regime show` for the clocks"
            problems.append(Problem(key, f"there is no clock '{clock_id}' to remove", hint))
        elif spec.get("statutory", True) and not spec.get("origin"):
            problems.append(Problem(key, f"'{clock_id}' is a statutory clock and cannot be removed",
                                    f"its source is {spec.get('source') or 'the regime'}; a variant may change its "
                                    "length only (clocks: [{id: ..., due: ..., source: ...}])"))
        else:
            gone.add(clock_id)
    merged["clocks"] = [c for c in merged["clocks"] if c["id"] not in gone]


NEEDS = {"documents": ("title", "path"), "notices": ("title", "event", "date_field", "at_least")}


def _add_rows(merged: dict[str, Any], variant: dict[str, Any], name: str, problems: list[Problem]) -> None:
    known = {row["id"] for row in merged.get(name, [])}
    for i, row in _rows(variant, name, problems):
        missing = [field for field in NEEDS[name] if field not in row]
        if row["id"] in known:
            problems.append(Problem((name, i, "id"), f"'{row['id']}' is already in the regime's {name}",
                                    f"a variant adds new {name} only; choose another id"))
        elif missing:
            problems.append(Problem((name, i), f"'{row['id']}' needs {', '.join(missing)}", "add the missing fields"))
        elif name == "notices" and (bad := length_problem(row["at_least"], (name, i, "at_least"))):
            problems.append(bad)
        else:
            merged.setdefault(name, []).append(copy.deepcopy(row))


def _order(merged: dict[str, Any], variant: dict[str, Any], problems: list[Problem]) -> None:
    raw = variant.get("order")
    if raw is None:
        return
    events = {e["id"] for e in merged["events"]}
    for i, rule in enumerate(raw if isinstance(raw, list) else [raw]):
        pair = _order_pair(rule)
        if pair is None:
            problems.append(Problem(("order", i), "an order rule names two events, earlier then later",
                                    "write {earlier: event, later: event, source: ...} or [event, event]"))
            continue
        unknown = [e for e in pair if e not in events]
        if unknown:
            problems.append(Problem(("order", i), f"unknown event '{unknown[0]}' in an order rule",
                                    _close(str(unknown[0]), events) or "use the regime's event ids"))
        else:
            row = dict(rule) if isinstance(rule, dict) else {"earlier": pair[0], "later": pair[1]}
            row.setdefault("source", str(variant.get("source") or "the board's local variant"))
            merged.setdefault("order", []).append(row)


def _order_pair(rule: object) -> tuple[str, str] | None:
    """The (earlier, later) events of a rule written as a mapping or as a two-item list; None if neither."""
    if isinstance(rule, dict) and isinstance(rule.get("earlier"), str) and isinstance(rule.get("later"), str):
        return rule["earlier"], rule["later"]
    if isinstance(rule, list) and len(rule) == 2 and all(isinstance(e, str) for e in rule):
        return rule[0], rule[1]
    return None
