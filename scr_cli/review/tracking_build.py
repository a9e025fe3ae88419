"""The records kept beside a review (progress, proceedings, FOI, evaluation) from parsed YAML data. Pure.

One builder for every reader: the loader hands it data its schema already checked; the hooks and
`scr portfolio` hand it data read from git objects, unchecked, so it skips what it cannot read rather than
fail (a row that is not a mapping, a date that is not a date). Positions and file digests are passed in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from scr_cli.review import layout
from scr_cli.review.model import (
    Action,
    Agency,
    EntrySignature,
    Evaluation,
    Event,
    Evidence,
    FoiRequest,
    Person,
    Pos,
    Proceeding,
    ProgressEntry,
    Tracking,
)

Where = Callable[[str, tuple[Any, ...]], Pos]  # (file, key path) -> where that value stands
Digest = Callable[[str], str]  # a review-relative path -> "sha256:..." of its bytes, or "missing"


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _rows(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    rows = data.get(key) if isinstance(data, dict) else None
    return [(i, r) for i, r in enumerate(rows) if isinstance(r, dict)] if isinstance(rows, list) else []


def _at(where: Where, path: str, key: tuple[Any, ...], row: dict[str, Any]) -> tuple[tuple[str, Pos], ...]:
    """Where each field of a row (and each item of a list field, as name[N]) is written."""
    out = []
    for name, value in row.items():
        out.append((name, where(path, (*key, name))))
        if isinstance(value, list | dict):
            items = range(len(value)) if isinstance(value, list) else list(value)
            out += [(f"{name}[{i}]", where(path, (*key, name, i))) for i in items]
    return tuple(out)


def _evidence(raw: Any, digest: Digest) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for item in raw if isinstance(raw, list) else ():
        if isinstance(item, dict) and isinstance(item.get("file"), str):
            out.append(Evidence("file", item["file"], digest(item["file"])))
        elif isinstance(item, dict) and isinstance(item.get("ref"), str):
            out.append(Evidence("ref", item["ref"]))
    return tuple(out)


def _signature(raw: Any, pos: Pos) -> EntrySignature | None:
    if not isinstance(raw, dict):
        return None
    when = _date(raw.get("date"))
    if when is None or not isinstance(raw.get("person"), str):
        return None
    agency = raw.get("agency")
    return EntrySignature(raw["person"], _text(raw.get("role")), agency if isinstance(agency, str) else None, when,
                          _text(raw.get("fingerprint")), _text(raw.get("signature")), pos)


def progress_entries(data: Any, where: Where, digest: Digest) -> tuple[ProgressEntry, ...]:
    out: list[ProgressEntry] = []
    for i, row in _rows(data, "progress"):
        if not isinstance(row.get("action"), str):
            continue
        agreed = row.get("agreed_by")
        out.append(ProgressEntry(  # an undated entry still counts as the latest word on its action
            action=row["action"], date=_date(row.get("date")) or date.min,
            status=_text(row.get("status")) or "not-started",
            pos=where(layout.PROGRESS, ("progress", i)), note=_text(row.get("note")),
            evidence=_evidence(row.get("evidence"), digest), new_due=_date(row.get("new_due")),
            agreed_by=agreed if isinstance(agreed, str) else None,
            signed=_signature(row.get("signed"), where(layout.PROGRESS, ("progress", i, "signed"))), index=i,
            at=_at(where, layout.PROGRESS, ("progress", i), row)))
    return tuple(out)


def proceedings(data: Any, where: Where) -> tuple[Proceeding, ...]:
    out: list[Proceeding] = []
    for i, row in _rows(data, "proceedings"):
        holds = row.get("holds")
        told = row.get("told")
        out.append(Proceeding(  # kept even without an id: what it holds must not be lost
            id=row["id"] if isinstance(row.get("id"), str) else f"proceeding-{i + 1}",
            kind=_text(row.get("kind")), title=_text(row.get("title")),
            pos=where(layout.PROCEEDINGS, ("proceedings", i)), listed=_date(row.get("listed")),
            concluded=_date(row.get("concluded")), outcome=_text(row.get("outcome")),
            findings_considered=_date(row.get("findings_considered")),
            holds=tuple(h for h in holds if isinstance(h, str)) if isinstance(holds, list) else (),
            told=tuple((k, v) for k, v in told.items() if isinstance(v, date)) if isinstance(told, dict) else (),
            at=_at(where, layout.PROCEEDINGS, ("proceedings", i), row)))
    return tuple(out)


def _ids(raw: Any, applied: bool | None) -> tuple[str, ...]:
    out = []
    for item in raw if isinstance(raw, list) else ():
        wanted = applied is None or (isinstance(item, dict) and bool(item.get("applied", False)) == applied)
        if isinstance(item, dict) and isinstance(item.get("exemption"), str) and wanted:
            out.append(item["exemption"])
    return tuple(out)


def foi_requests(data: Any, where: Where) -> tuple[FoiRequest, ...]:
    out: list[FoiRequest] = []
    for i, row in _rows(data, "requests"):
        received = _date(row.get("received"))
        if received is None or not isinstance(row.get("id"), str):
            continue
        considered = row.get("exemptions")
        out.append(FoiRequest(
            id=row["id"], received=received, pos=where(layout.FOI, ("requests", i)),
            requester=_text(row.get("requester")), request=_text(row.get("request")),
            chair_consulted=_date(row.get("chair_consulted")), considered=_ids(considered, None),
            applied=_ids(considered, True), outcome=_text(row.get("outcome")),
            responded=_date(row.get("responded")), index=i, at=_at(where, layout.FOI, ("requests", i), row)))
    return tuple(out)


def evaluation(data: Any, where: Where) -> Evaluation | None:
    if not isinstance(data, dict):
        return None
    grades = data.get("grades")
    return Evaluation(
        pos=where(layout.EVALUATION, ()), received=_date(data.get("received")), inspector=_text(data.get("inspector")),
        overall=_text(data.get("overall")),
        grades=tuple((str(k), str(v)) for k, v in grades.items()) if isinstance(grades, dict) else (),
        issues=_text(data.get("issues")), issues_addressed=_date(data.get("issues_addressed")),
        at=_at(where, layout.EVALUATION, (), data))


def plan_actions(data: Any, where: Where) -> tuple[Action, ...]:
    """The action plan's actions, every field (a completion's sign-off covers the action's whole row)."""
    out: list[Action] = []
    for i, row in _rows(data, "actions"):
        if not isinstance(row.get("id"), str):
            continue
        out.append(Action(
            row["id"], _text(row.get("action")), _text(row.get("owner_agency")), _date(row.get("due")),
            _text(row.get("status")) or "not-started", where(layout.ACTION_PLAN, ("actions", i)),
            _text(row.get("recommendation")), _text(row.get("owner_officer")), _text(row.get("measure")),
            _text(row.get("evidence")), _text(row.get("audit")), _date(row.get("completed_on")),
            _text(row.get("outcome"))))
    return tuple(out)


def people(data: Any, where: Where) -> tuple[Person, ...]:
    """people.yaml's people with their roles, agency and key (what checking a signature needs)."""
    out: list[Person] = []
    for i, row in _rows(data, "people"):
        if not isinstance(row.get("id"), str):
            continue
        roles = row.get("roles")
        agency, key = row.get("agency"), row.get("key_fingerprint")
        out.append(Person(row["id"], _text(row.get("name")),
                          tuple(r for r in roles if isinstance(r, str)) if isinstance(roles, list) else (),
                          where(layout.PEOPLE, ("people", i)), agency if isinstance(agency, str) else None,
                          key_fingerprint=key if isinstance(key, str) else None))
    return tuple(out)


def agencies(data: Any, where: Where) -> tuple[Agency, ...]:
    return tuple(Agency(row["id"], _text(row.get("name")), _text(row.get("sector")),
                        where(layout.AGENCIES, ("agencies", i)), row.get("imr", True) is not False)
                 for i, row in _rows(data, "agencies") if isinstance(row.get("id"), str))


def events(data: Any, where: Where) -> tuple[Event, ...]:
    """log.yaml's events (those with an id and a date), with their extra fields."""
    out: list[Event] = []
    for i, row in _rows(data, "events"):
        when = _date(row.get("date"))
        if when is None or not isinstance(row.get("event"), str):
            continue
        extra = {k: v for k, v in row.items() if k not in ("event", "date", "note")}
        out.append(Event(row["event"], when, where(layout.LOG, ("events", i)), _text(row.get("note")), extra, i))
    return tuple(out)


def tracking(files: dict[str, Any], where: Where, digest: Digest, foi_locked: bool = False) -> Tracking:
    """Every record from the parsed files (path -> data; a missing file is absent or None)."""
    return Tracking(
        progress=progress_entries(files.get(layout.PROGRESS), where, digest),
        proceedings=proceedings(files.get(layout.PROCEEDINGS), where),
        foi=foi_requests(files.get(layout.FOI), where),
        foi_locked=foi_locked,
        evaluation=evaluation(files.get(layout.EVALUATION), where) if files.get(layout.EVALUATION) is not None
        else None,
    )
