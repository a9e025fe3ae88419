"""`scr foi add|update|list`: freedom-of-information requests about the review and their 20-working-day clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.dates import parse_date
from scr_cli.errors import DataError
from scr_cli.review.clocks import ClockStatus, WorkingCalendar
from scr_cli.review.followup_checks import foi_issues
from scr_cli.review.followup_rules import FoiRules
from scr_cli.review.layout import FOI
from scr_cli.review.model import FoiRequest
from scr_cli.review.publication import foi_clocks
from scr_cli.store import bankholidays, loader, records_edit
from scr_cli.store.root import find_root, require_clean

_NUMBER = re.compile(r"^FOI-(\d+)$")


@dataclass(frozen=True)
class FoiResult:
    """The requests with their clocks, and the rules they follow (what `scr foi` shows or just wrote)."""

    root: Path
    today: date
    requests: list[tuple[FoiRequest, ClockStatus]]
    rules: FoiRules
    written: str = ""  # the id just added or updated
    locked: bool = False


def _loaded(path: Path, today: date) -> loader.Loaded:
    loaded = loader.load(path)
    if loaded.review.tracking.foi_locked:
        raise DataError(f"{FOI} is locked", path=FOI, hint=f"run `scr unlock {FOI}` first (and `scr lock` after)")
    broken = [i for i in loaded.errors() if i.path == FOI]
    broken += [i for i in foi_issues(loaded.review, loaded.regime, today) if i.severity == "error"]
    require_clean(broken)
    if loaded.regime.followup.foi.respond_within is None:
        raise DataError(f"the regime '{loaded.regime.id}' has no rules for FOI requests", path="review.yaml")
    return loaded


def _result(root: Path, loaded: loader.Loaded, today: date, written: str = "") -> FoiResult:
    review, regime = loaded.review, loaded.regime
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    clocks = foi_clocks(review, regime, today, cal)
    return FoiResult(root, today, list(zip(review.tracking.foi, clocks, strict=True)), regime.followup.foi, written)


def add(path: Path, received: str, requester: str, request: str, today: date | None = None) -> FoiResult:
    root = find_root(path)
    today = today or date.today()
    loaded = _loaded(root, today)
    day = parse_date(received, "--received")
    if day > today:
        raise DataError(f"--received {day} is in the future", hint="give the day the request arrived")
    if not requester.strip():
        raise DataError("--from is empty", hint="say who asked (the file is kept encrypted)")
    numbers = [int(m.group(1)) for r in loaded.review.tracking.foi if (m := _NUMBER.match(r.id))]
    new_id = f"FOI-{max(numbers, default=0) + 1}"
    values: dict[str, Any] = {"id": new_id, "received": day, "requester": requester.strip()}
    if request.strip():
        values["request"] = request.strip()
    records_edit.add_request(root, values)
    return _result(root, loader.load(root), today, new_id)


def _exemptions(rules: FoiRules, consider: list[str], apply: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for ex in [*consider, *apply]:
        if rules.exemption(ex) is None:
            known = ", ".join(k.id for k in rules.exemptions)
            raise DataError(f"unknown exemption '{ex}'", hint=f"use one of: {known}")
    for ex in dict.fromkeys([*consider, *apply]):
        out.append({"exemption": ex, "applied": ex in apply})
    return out


def update(path: Path, request_id: str, chair_consulted: str | None, consider: list[str], apply: list[str],
           outcome: str | None, responded: str | None, today: date | None = None) -> FoiResult:
    root = find_root(path)
    today = today or date.today()
    loaded = _loaded(root, today)
    rules = loaded.regime.followup.foi
    found = next((r for r in loaded.review.tracking.foi if r.id == request_id), None)
    if found is None:
        known = ", ".join(r.id for r in loaded.review.tracking.foi) or "none yet"
        raise DataError(f"no FOI request '{request_id}'", path=FOI, hint=f"requests: {known}")
    values: dict[str, Any] = {}
    for name, raw in (("chair_consulted", chair_consulted), ("responded", responded)):
        if raw:
            day = parse_date(raw, f"--{name.replace('_', '-')}")
            if day > today or day < found.received:
                raise DataError(f"--{name.replace('_', '-')} {day} is not between the request ({found.received}) "
                                "and today", hint="give the day it happened")
            values[name] = day
    if outcome is not None:
        if outcome not in rules.outcomes:
            raise DataError(f"unknown outcome '{outcome}'", hint=f"use one of: {', '.join(rules.outcomes)}")
        values["outcome"] = outcome
    if bool(values.get("responded", found.responded)) != bool(values.get("outcome", found.outcome)):
        raise DataError("a response needs both --responded and --outcome", hint="give the day and the outcome")
    exemptions = _exemptions(rules, consider, apply)
    if not values and not exemptions:
        raise DataError("nothing to record", hint="give --chair-consulted, --consider, --apply or --responded")
    records_edit.update_request(root, found.index, values, exemptions)
    return _result(root, loader.load(root), today, request_id)


def listing(path: Path, today: date | None = None) -> FoiResult:
    root = find_root(path)
    today = today or date.today()
    loaded = loader.load(root)
    if loaded.review.tracking.foi_locked:
        return FoiResult(root, today, [], loaded.regime.followup.foi, locked=True)
    require_clean([i for i in loaded.errors() if i.path == FOI])
    return _result(root, loaded, today)
