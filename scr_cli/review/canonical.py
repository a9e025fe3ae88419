r"""The canonical forms a sign-off's signature covers: a document's fingerprint and the signed record. Pure.

The fingerprint is SHA-256 over a delimited canonical form, never a bare concatenation: a format tag,
then each part as `name <byte length>\n<value>\n` in a fixed order. The parts are the front-matter fields
that carry meaning (FRONT_FIELDS, as parsed YAML values, so quoting, key order, comments and flow/block
style do not matter), the normalised body, and a digest of each file the body includes or shows (an appendix,
a genogram). version, date and status are bookkeeping and left out.

The action plan has its own canonical form (its rows, field by field), and the signed record frames the
document, its version and fingerprint, the signer, their role and agency and the date the same way.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from scr_cli.review.model import Action, Document, Review, SignOff

FORMAT = "scr-fingerprint/1"
RECORD_FORMAT = "scr-signoff/1"
FRONT_FIELDS = ("title", "agency", "author", "interviewee", "classification")
ACTION_FIELDS: tuple[tuple[str, Any], ...] = (
    ("id", ""),
    ("recommendation", ""),
    ("action", ""),
    ("owner_agency", ""),
    ("owner_officer", ""),
    ("due", None),
    ("measure", ""),
    ("evidence", ""),
    ("audit", ""),
    ("status", "not-started"),
    ("completed_on", None),
)
# Fields added to the plan since its fingerprint was defined: counted only when set, so a plan signed before
# they existed keeps its fingerprint (App. 13's intended outcome).
LATER_ACTION_FIELDS = ("outcome",)
_SPACES = re.compile(r"[ \t]+")


def normalise_body(text: str) -> str:
    """The body with whitespace-only differences removed.

    Those are line endings, trailing spaces, runs of spaces inside a line, and runs of blank lines. Leading
    indentation is kept (it shapes lists and code).
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    out: list[str] = []
    for raw in text.split("\n"):
        line = raw.rstrip().expandtabs(4)
        stripped = line.lstrip(" ")
        if not stripped:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(" " * (len(line) - len(stripped)) + _SPACES.sub(" ", stripped))
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out)


def _value(value: Any) -> str:
    def default(obj: Any) -> str:
        if isinstance(obj, date | datetime):
            return obj.isoformat()
        return str(obj)

    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default, separators=(",", ":"))


def frame(tag: str, parts: Iterable[tuple[str, str]]) -> bytes:
    """A delimited canonical form.

    Every part carries its name and byte length, so no two different inputs can frame to the same bytes.
    """
    chunks = [tag.encode() + b"\n"]
    for name, value in parts:
        data = value.encode("utf-8")
        chunks.append(f"{name} {len(data)}\n".encode() + data + b"\n")
    return b"".join(chunks)


def _sha(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def fingerprint(front: Mapping[str, Any], body: str, attached: Iterable[tuple[str, str]] = ()) -> str:
    """The sign-off fingerprint of a document: its meaningful front matter, its body and what it attaches.

    `attached`: (path, digest) of the files the body includes or shows (review.references.attachments); a
    document without any keeps the fingerprint it had before they were counted.
    """
    parts = [(name, _value(front.get(name))) for name in FRONT_FIELDS]
    parts.append(("body", normalise_body(body)))
    parts += [("attached", _value([path, digest])) for path, digest in attached]
    return _sha(frame(FORMAT, parts))


def body_key(body: str) -> str:
    return _sha(normalise_body(body).encode("utf-8"))


def action_row_values(row: Mapping[str, Any]) -> list[Any]:
    """One action's fields in their fixed order; a later field (LATER_ACTION_FIELDS) as [name, value], when set."""
    values = [row.get(name, dflt) if row.get(name) is not None else dflt for name, dflt in ACTION_FIELDS]
    return values + [[name, row[name]] for name in LATER_ACTION_FIELDS if row.get(name)]


def _action_rows(actions: Iterable[Mapping[str, Any]]) -> str:
    return _value([action_row_values(row) for row in actions])


def action_rows_from_model(actions: Iterable[Action]) -> list[dict[str, Any]]:
    names = [name for name, _ in ACTION_FIELDS] + list(LATER_ACTION_FIELDS)
    return [{name: getattr(a, name) for name in names} for a in actions]


def plan_fingerprint(title: str, actions: Iterable[Mapping[str, Any]]) -> str:
    """The action plan (YAML): its title and its actions, each field in a fixed order."""
    return _sha(frame(FORMAT, [("title", _value(title)), ("actions", _action_rows(actions))]))


def plan_body_key(actions: Iterable[Mapping[str, Any]]) -> str:
    return _sha(_action_rows(actions).encode("utf-8"))


def document_fingerprint(doc: Document, review: Review) -> str | None:
    """Fingerprint of a loaded document; None when only its ciphertext is present."""
    if doc.locked:
        return None
    if not doc.path.endswith(".md"):
        return plan_fingerprint(doc.title, action_rows_from_model(review.actions))
    return fingerprint(doc.front, doc.body, doc.attached)


def record_bytes(s: SignOff) -> bytes:
    """The canonical sign-off record that the detached signature covers."""
    return frame(
        RECORD_FORMAT,
        [
            ("document", s.document),
            ("version", str(s.version)),
            ("fingerprint", s.fingerprint),
            ("person", s.person),
            ("role", s.role),
            ("agency", s.agency or ""),
            ("date", s.date.isoformat()),
        ],
    )
