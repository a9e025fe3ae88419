"""scr send AGENCY: one agency's papers in one sealed file for one person, and the record of it. No commit.

Everything is checked before anything is built: the agency is listed and its IMR commissioned, the recipient
works for it in one of the regime's agency roles, the output file does not exist yet. The package is sealed
to the recipient's key when the chair-signed readers list holds one for them, else (or with --password) with a
fresh password that is returned to be shown once and is written nowhere. The package's entry goes into
05-imr/AGENCY/sent.yaml (which files, which versions), and the regime's `scr_events.papers_sent` event (the
agency and the person, no more) into the public log (crypto/sealed.py, publish/agency_papers.py,
store/sent_record.py).
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scr_cli import atomic, fileio
from scr_cli.crypto import office, private, sealed
from scr_cli.crypto.readers import Reader, verified_readers
from scr_cli.crypto.state import head_reader
from scr_cli.errors import DataError
from scr_cli.publish.agency_papers import Paper, papers
from scr_cli.review import layout
from scr_cli.review.checks import event_issues
from scr_cli.review.model import Event, Person, Pos
from scr_cli.store import loader, registry, sent_record
from scr_cli.store.root import find_root
from scr_cli.store.sent_record import Sent
from scr_cli.store.tree import WorkTree

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE, layout.LOG, layout.PLAN)
OUT_DIR = f"{layout.BUILD_DIR}/send"


@dataclass(frozen=True)
class SendResult:
    """The package written: for whom, where, how it is protected, what it holds, and the password once."""

    agency: str
    to: str
    file: str  # as given, or review-relative for the default place
    protection: str  # "key" or "password"
    fingerprint: str = ""
    password: str = ""  # shown once by render, never stored
    asked: bool = False  # --password was given (else: no key of theirs on the signed readers list)
    papers: list[str] = field(default_factory=list)
    record: str = ""
    logged: str = ""  # the event logged in log.yaml ("" when the regime has none for it)


@dataclass(frozen=True)
class SentList:
    """Every package recorded, and the agencies whose record is locked."""

    sent: list[Sent]
    locked: list[str]


def _agency(loaded: loader.Loaded, agency: str) -> None:
    if loaded.review.agency(agency) is None:
        listed = ", ".join(a.id for a in loaded.review.agencies) or "none yet"
        raise DataError(f"no agency '{agency}' in agencies.yaml", path=layout.AGENCIES,
                        hint=f"give one of: {listed}")
    commissioned = loaded.regime.scr_events.imr_commissioned
    logged = any(e.fields.get("agency") == agency for e in loaded.review.events_of(commissioned))
    imr = f"{layout.IMR_FOLDER}/{agency}/imr.md"  # a review that predates the logged event still holds its IMR
    if not logged and not any((loaded.root / p).is_file() for p in (imr, imr + ".gpg")):
        raise DataError(f"no IMR has been commissioned from '{agency}'", path=layout.LOG,
                        hint=f"commission it first (`scr imr commission {agency} --author ...`)")


def _recipient(loaded: loader.Loaded, agency: str, to: str | None) -> Person:
    review, regime = loaded.review, loaded.regime
    if to is None:
        author = next((p for p in review.people if p.agency == agency and regime.scr_roles.imr_author in p.roles),
                      None)
        if author is None:
            raise DataError(f"agency '{agency}' has no IMR author in people.yaml", path=layout.PEOPLE,
                            hint="name the recipient with --to PERSON")
        return author
    person = review.person(to)
    if person is None:
        raise DataError(f"no person '{to}' in people.yaml", path=layout.PEOPLE,
                        hint="give a person id from people.yaml")
    agency_roles = {r.id for r in regime.roles if r.agency}
    if person.agency != agency or not agency_roles & set(person.roles):
        raise DataError(f"'{to}' holds no role for agency '{agency}'", path=layout.PEOPLE,
                        hint=f"send to someone of {agency} in an agency role ({', '.join(sorted(agency_roles))})")
    return person


def _log_fields(loaded: loader.Loaded, agency: str, person: str, today: datetime.date) -> dict[str, object] | None:
    """The log entry's fields for the regime's sent event, checked now (None: the regime has no such event)."""
    event_id = loaded.regime.scr_events.papers_sent
    if not event_id or loaded.regime.event(event_id) is None:
        return None
    fields: dict[str, object] = {"agency": agency, "person": person}
    problems = event_issues(Event(event_id, today, Pos(layout.LOG), "", fields), loaded.review, loaded.regime, today)
    if problems:
        raise DataError(problems[0].message, path=layout.LOG, hint=problems[0].hint)
    return fields


def _output(root: Path, out: Path | None, agency: str, person: str, today: datetime.date, key: bool) -> Path:
    if out is not None:
        if os.path.lexists(out):
            raise DataError(f"{out} already exists", hint="give another file with -o, or move that one away")
        if not out.parent.is_dir():
            raise DataError(f"the folder {out.parent} does not exist", hint="give -o a file in an existing folder")
        return out
    stem = f"{agency}-{person}-{today.isoformat()}"
    suffix = ".zip.gpg" if key else ".zip"
    folder = root / OUT_DIR
    n = 1
    while os.path.lexists(folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"):
        n += 1
    return folder / f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"


def _reader(root: Path, person: str, password: bool) -> Reader | None:
    """The recipient's entry on the chair-signed readers list (their key), or None for a password package."""
    if password or not (root / layout.READERS).is_file():
        return None
    return verified_readers(WorkTree(root).read, head_reader(root)).person(person)


def _entry(result: SendResult, paper_list: list[Paper], package: bytes, today: datetime.date) -> dict[str, Any]:
    entry: dict[str, Any] = {"date": today, "to": result.to, "protection": result.protection}
    if result.fingerprint:
        entry["key"] = result.fingerprint
    entry |= {"file": Path(result.file).name, "sha256": hashlib.sha256(package).hexdigest(),
              "papers": [{"name": p.name, "source": p.source, **({"version": p.version} if p.version else {}),
                          **({"digest": p.digest} if p.digest else {})} for p in paper_list]}
    return entry


def _write(root: Path, target: Path, data: bytes) -> None:
    if target.parent == root / OUT_DIR:
        target.parent.mkdir(mode=private.FOLDER_MODE, parents=True, exist_ok=True)
        private.close_folder(root, target.parent.parent)
        private.close_folder(root, target.parent)
    fileio.refuse_read_only(target)
    atomic.write_bytes(target, data, mode=private.FILE_MODE)


def send(path: Path, agency: str, to: str | None, out: Path | None, password: bool,
         today: datetime.date) -> SendResult:
    loaded = registry.load_clean(path, _READ)
    root = loaded.root
    _agency(loaded, agency)
    person = _recipient(loaded, agency, to)
    log_fields = _log_fields(loaded, agency, person.id, today)
    reader = _reader(root, person.id, password)
    target = _output(root, out, agency, person.id, today, reader is not None)
    paper_list = papers(loaded, agency, person.id, today)
    files = [(p.name, p.data) for p in paper_list]
    secret = "" if reader is not None else office.new_password()
    package = sealed.to_key(files, reader, today) if reader is not None else sealed.with_password(files, secret, today)
    _write(root, target, package)
    shown = target.relative_to(root).as_posix() if target.is_relative_to(root) else str(target)
    result = SendResult(agency, person.id, shown, "key" if reader else "password",
                        reader.fingerprint if reader else "", secret, password, [p.name for p in paper_list])
    rel = sent_record.record(root, agency, _entry(result, paper_list, package, today))
    event_id = loaded.regime.scr_events.papers_sent if log_fields is not None else ""
    if log_fields is not None:
        registry.log_event(root, event_id, today, log_fields)
    return replace(result, record=rel, logged=event_id)


def listing(path: Path) -> SentList:
    sent, locked = sent_record.read_all(find_root(path))
    return SentList(sent, locked)
