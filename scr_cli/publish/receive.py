"""`scr receive FILE`: a document an agency returns from Word or Excel, taken back as the next draft.

Everything is worked out in memory first: the file is checked (publish/returned.py), matched to the
document it is a copy of by the custom properties scr wrote into it (or `--as PATH`), refused when that
document is final or has moved on since the copy was made, turned into the next draft (an IMR or interview
record: publish/receive_document.py; a chronology: publish/receive_chronology.py) and checked. Only then is
anything written: the received file itself, encrypted to the review's readers, in `received/` beside the
draft; Word's comments (and the tracked changes, when they are listed for the panel) in `notes.yaml` beside
it; the images new in the return; and the draft itself.
"""

from __future__ import annotations

import fnmatch
import hashlib
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic, fileio
from scr_cli.adapters import gpg_files
from scr_cli.crypto.context import context, encrypt_to_readers
from scr_cli.crypto.homes import gnupg_home
from scr_cli.errors import DataError, Refused
from scr_cli.gate.gittree import read_document
from scr_cli.gate.transition import load_regime_fast
from scr_cli.publish import docx_read, returned
from scr_cli.publish.markdown import short_names
from scr_cli.publish.receive_chronology import next_chronology
from scr_cli.publish.receive_document import next_draft
from scr_cli.review.redraft import Change
from scr_cli.store import yamledit
from scr_cli.store.root import find_root
from scr_cli.store.tree import WorkTree
from scr_cli.store.yamlfile import load_file

TAKEN = ("05-imr/*/imr.md", "05-imr/*/interviews/*.md", "05-imr/*/chronology.yaml")
NOTES = "notes.yaml"
RECEIVED = "received"
MODES = ("accept", "list")


@dataclass(frozen=True)
class ReceiveResult:
    """What `scr receive` took back: the document, the versions, what changed and every file written."""

    path: str
    sent_version: int | None
    version: int | None
    today: date
    changes: tuple[Change, ...] = ()
    rows: tuple[int, int, int] = (0, 0, 0)  # chronology rows added, changed, removed
    comments: int = 0
    tracked: int = 0
    mode: str = "accept"
    written: tuple[str, ...] = field(default_factory=tuple)
    unchanged: bool = False  # the return changed nothing: the document keeps its version, only the copy is kept


def _match(path: str, glob: str) -> bool:
    return fnmatch.fnmatchcase(path, glob) and path.count("/") == glob.count("/")


def _target(root: Path, got: returned.Returned, as_path: str | None, reference: str) -> str:
    """The review-relative path the return is a copy of, from its properties or --as (which must agree)."""
    props = got.properties
    theirs = props.get("scr-reference")
    if theirs is not None and theirs != reference:
        raise DataError(f"{got.name} was sent for review {theirs[:40]}, not this one ({reference})",
                        hint="receive it in the review it belongs to")
    wanted = as_path.strip().lstrip("./") if as_path else None
    sent = props.get("scr-path")
    if sent and wanted and sent != wanted:
        raise DataError(f"{got.name} is a copy of {sent[:80]}, not {wanted[:80]}",
                        hint=f"receive it without --as (as {sent[:80]}), or ask for the right document")
    rel = sent or wanted
    if not rel:
        raise DataError(f"{got.name} carries no scr properties, so it cannot tell which document it is",
                        hint="name the document: scr receive FILE --as 05-imr/AGENCY/imr.md")
    if not any(_match(rel, g) for g in TAKEN):
        raise DataError(f"{rel[:80]} is not a document scr receive takes back",
                        hint="it takes an IMR, an interview record or an agency's chronology (05-imr/AGENCY/...)")
    if got.kind == returned.XLSX and not rel.endswith("chronology.yaml"):
        raise DataError(f"{got.name} is an Excel workbook, but {rel} is a Word document",
                        hint="return the Word document, or receive the workbook --as 05-imr/AGENCY/chronology.yaml")
    if not (root / rel).is_file():
        locked = (root / f"{rel}.gpg").is_file()
        raise DataError(f"{rel} is locked (only its encrypted copy is present)" if locked else f"{rel} does not exist",
                        path=rel, hint=f"run `scr unlock {rel}` first" if locked else "check --as")
    return rel


def _fresh(root: Path, rel: str, got: returned.Returned, current: bytes) -> None:
    """Refuse a return made from another state of the document than the one in the review now."""
    sha = got.properties.get("scr-sha256")
    if sha and sha != hashlib.sha256(current).hexdigest():
        raise Refused(f"{got.name} was made from an earlier state of {rel}: the document has changed since",
                      path=rel, hint="send the current version (`scr build`) and ask for the changes on it")


def _document(root: Path, rel: str, got: returned.Returned, accept: bool, today: date) -> dict[str, Any]:
    found = read_document(WorkTree(root), rel)
    assert found is not None  # _target saw the file
    doc = found[0]
    if doc.status == "final":
        raise Refused(f"{rel} is final: a returned copy cannot change it", path=rel,
                      hint=f"reopen it first with `scr draft reopen {rel} --reason ...`")
    props_version = got.properties.get("scr-version")
    sent = int(props_version) if props_version and props_version.isdigit() else doc.version
    if sent != doc.version or sent is None:
        raise Refused(f"{got.name} is version {props_version}, but {rel} is now version {doc.version}: a stale copy",
                      path=rel, hint="send the current version and ask for the changes on it")
    _fresh(root, rel, got, fileio.read_bytes(root / rel, rel))
    regime = load_regime_fast(WorkTree(root))
    spec = regime.document_for(rel)
    draft = next_draft(root, rel, got, accept, today, spec.headings if spec else (), sent)
    return {"text": draft.text, "version": draft.version, "sent": sent, "changes": draft.changes,
            "images": draft.images}


def _agency_names(root: Path, agency: str) -> list[str]:
    data = load_file(root / "agencies.yaml", "agencies.yaml").data
    rows = data.get("agencies", []) if isinstance(data, dict) else []
    names = {str(r.get("id")): str(r.get("name", "")) for r in rows if isinstance(r, dict)}
    full = names.get(agency, agency)
    return [agency, full, short_names(names).get(agency, full)]


def _notes(got: returned.Returned, rel: str, sent: int | None, today: date, listed: bool) -> tuple[list[Any], int]:
    """Word's comments (and, when listed, its tracked changes) as notes.yaml entries; and the changes' count."""
    if got.kind != returned.DOCX:
        return [], 0
    document = got.part("word/document.xml") or b""
    found = docx_read.comments(document, got.part("word/comments.xml"), got.name)
    tracked = docx_read.changes(document, got.name)
    entries = []
    for note in [*found, *(tracked if listed else [])]:
        entry = {"document": rel, "version": sent, "received": today.isoformat(), "kind": note.kind,
                 "author": note.author, "when": note.when, "about": note.on, "text": note.text}
        entries.append(yamledit.mapping({k: v for k, v in entry.items() if v not in (None, "")}))
    return entries, len(tracked)


def _notes_bytes(root: Path, rel: str, entries: list[Any]) -> bytes | None:
    if not entries:
        return None
    file = root / rel
    if not file.is_file():
        header = ("Comments and tracked changes that came back in Word documents (scr receive).\n"
                  "Sensitive: committed only as notes.yaml.gpg (scr lock).")
        return yamledit.render({"notes": entries}, header).encode("utf-8")

    def add(data: Any) -> None:
        if data.get("notes") is None:
            data["notes"] = yamledit.block_list()
        data["notes"].extend(entries)

    return yamledit.edited(fileio.read_bytes(file, rel), rel, add)


_KEPT_SUFFIXES = (".docx", ".xlsx", ".zip", ".gpg", ".pgp", ".asc")


def _received_name(root: Path, rel: str, file: Path, got: returned.Returned, today: date, sent: int | None) -> str:
    """Where the received file is kept (encrypted): `received/<day>-<document>[-v<sent>]<suffix>` beside it."""
    folder = f"{Path(rel).parent.as_posix()}/{RECEIVED}"
    stem = f"{today.isoformat()}-{Path(rel).stem}" + (f"-v{sent}" if sent else "")
    suffix = file.suffix.lower() if file.suffix.lower() in _KEPT_SUFFIXES else f".{got.kind}"
    name, n = f"{folder}/{stem}{suffix}", 2
    while (root / f"{name}.gpg").exists():
        name, n = f"{folder}/{stem}-{n}{suffix}", n + 1
    return name


def _encrypted(root: Path, rel: str, data: bytes) -> bytes:
    """The received file encrypted to the readers of `rel`'s scope (an agency's folder: its own and the core)."""
    ctx = context(root)
    with tempfile.TemporaryDirectory(prefix="scr-receive-") as scratch:
        plain = Path(scratch) / "received"
        plain.write_bytes(data)
        work = Path(scratch) / "work"
        work.mkdir()
        return encrypt_to_readers(ctx, [(rel, plain)], work)[0].read_bytes()


def receive(start: Path, file: Path, as_path: str | None, mode: str, today: date,
            home: Path | None = None, password: str | None = None) -> ReceiveResult:
    """Take `file` back as the next draft of the document it is a copy of; nothing is written on any error."""
    if mode not in MODES:
        raise DataError(f"unknown --changes '{mode}'", hint="use accept or list")
    root = find_root(start)
    fileio.require_regular(file)
    if not file.exists():
        raise DataError(f"{file.name[-80:]} does not exist", hint="check the path of the returned file")
    size = file.stat().st_size
    if size > returned.MAX_FILE:
        raise DataError(f"{file.name[-80:]}: is {size // (1024 * 1024)} MB, over the "
                        f"{returned.MAX_FILE // (1024 * 1024)} MB limit for a returned document",
                        hint="ask for the document without embedded videos or scans")
    data = fileio.read_bytes(file, file.name)
    got = returned.check(file, data, lambda b: gpg_files.decrypt_bytes(gnupg_home(home, root), b), password)
    rel = _target(root, got, as_path, _reference(root))
    current = fileio.read_bytes(root / rel, rel)
    accept = mode == "accept"
    writes: dict[str, bytes] = {}
    result: dict[str, Any]
    if rel.endswith(".md"):
        result = _document(root, rel, got, accept, today)
        writes.update(result["images"])
    else:
        _fresh(root, rel, got, current)
        agency = rel.split("/")[1]
        new = next_chronology(current, rel, got, accept, _agency_names(root, agency))
        result = {"text": new.text, "version": None, "sent": None, "changes": (),
                  "rows": (new.added, new.changed, new.removed)}
    notes, tracked = _notes(got, rel, result["sent"], today, listed=not accept)
    notes_rel = f"{Path(rel).parent.as_posix()}/{NOTES}" if "/interviews/" not in rel else \
        f"{Path(rel).parent.parent.as_posix()}/{NOTES}"
    notes_raw = _notes_bytes(root, notes_rel, notes)
    kept = _received_name(root, rel, file, got, today, result["sent"]) + ".gpg"
    writes[kept] = _encrypted(root, kept.removesuffix(".gpg"), got.received)
    if notes_raw is not None:
        writes[notes_rel] = notes_raw
    # a return that changed no words (only comments, or tracked changes listed for the panel) is no new draft:
    # the document keeps its version and date; the copy that came back and its notes are still kept
    unchanged = not result["changes"] if rel.endswith(".md") else result["rows"] == (0, 0, 0)
    if not unchanged:
        writes[rel] = result["text"]  # last: the draft itself
    for path, raw in writes.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        atomic.write_bytes(root / path, raw)
    version = result["sent"] if unchanged else result["version"]
    return ReceiveResult(rel, result["sent"], version, today, result["changes"],
                         result.get("rows", (0, 0, 0)), sum(1 for n in notes if n["kind"] == "comment"), tracked,
                         mode, tuple(writes), unchanged)


def _reference(root: Path) -> str:
    """The review's reference, from review.yaml."""
    data = load_file(root / "review.yaml", "review.yaml").data
    return str(data.get("reference")) if isinstance(data, dict) and data.get("reference") else ""
