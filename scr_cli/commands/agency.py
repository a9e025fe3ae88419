"""scr agency add | remove: the agencies involved, in agencies.yaml (comments kept). No commit.

An agency's IMR folder is made only when its IMR is commissioned (`scr imr commission`). An agency that
anything refers to (a person, a logged or planned event, its IMR folder) cannot be removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from scr_cli.errors import DataError, Refused
from scr_cli.review import layout
from scr_cli.review.model import Pos
from scr_cli.store import loader, registry
from scr_cli.store.schema import Sector
from scr_cli.store.schema_base import ID

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE, layout.LOG, layout.PLAN)


@dataclass(frozen=True)
class AgencyResult:
    """The agency added to or removed from agencies.yaml."""

    id: str
    name: str
    sector: str
    path: Path
    removed: bool = False


def check_id(value: str, what: str) -> None:
    if not re.match(ID, value):
        raise DataError(f"{what} '{value}' is not a valid id",
                        hint="use lower-case letters, digits and single hyphens, e.g. 'community-health'")


def add(path: Path, agency_id: str, name: str, sector: str) -> AgencyResult:
    loaded = registry.load_clean(path, _READ)
    check_id(agency_id, "agency")
    if not name.strip():
        raise DataError("--name is empty", hint="give the agency's name, e.g. --name 'Eastmere Constabulary'")
    sectors = list(get_args(Sector))
    if sector not in sectors:
        raise DataError(f"unknown sector '{sector}'", hint=f"one of: {', '.join(sectors)}")
    existing = next((a for a in loaded.review.agencies if a.id == agency_id), None)
    if existing is not None:
        pos = existing.pos
        raise DataError(f"agency '{agency_id}' is already in agencies.yaml", path=pos.path, line=pos.line,
                        column=pos.column, hint="choose another id, or edit the entry there")
    file = loaded.root / layout.AGENCIES
    registry.append_entry(file, layout.AGENCIES, "agencies", {"id": agency_id, "name": name, "sector": sector})
    return AgencyResult(agency_id, name, sector, file)


def _reference(loaded: loader.Loaded, agency_id: str) -> tuple[Pos, str] | None:
    """The first thing that refers to the agency: a person, a logged or planned event, its IMR folder."""
    review = loaded.review
    for person in review.people:
        if person.agency == agency_id:
            return person.pos, f"person '{person.id}' works for it"
    for event in review.events:
        if event.fields.get("agency") == agency_id:
            return event.pos, f"logged event '{event.event}' names it"
    for planned in review.planned:
        if planned.agency == agency_id:
            return planned.pos, f"planned event '{planned.event}' names it"
    folder = f"{layout.IMR_FOLDER}/{agency_id}"
    if (loaded.root / folder).exists():
        return Pos(folder), "its IMR folder exists"
    return None


def remove(path: Path, agency_id: str) -> AgencyResult:
    loaded = registry.load_clean(path, _READ)
    agency = next((a for a in loaded.review.agencies if a.id == agency_id), None)
    if agency is None:
        raise DataError(f"no agency '{agency_id}' in agencies.yaml", path=layout.AGENCIES,
                        hint=f"known agencies: {', '.join(a.id for a in loaded.review.agencies) or 'none'}")
    found = _reference(loaded, agency_id)
    if found is not None:
        pos, why = found
        raise Refused(f"agency '{agency_id}' is still in use: {why}", path=pos.path, line=pos.line or None,
                      column=pos.column or None, hint="remove or change that first; the record stays as it is")
    file = loaded.root / layout.AGENCIES
    registry.remove_entry(file, layout.AGENCIES, "agencies", agency_id)
    return AgencyResult(agency.id, agency.name, agency.sector, file, removed=True)
