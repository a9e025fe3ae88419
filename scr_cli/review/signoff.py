r"""Sign-offs bound to content: a document's canonical fingerprint, the signed record, each sign-off's state.

The state is valid, stale or invalid. Pure: signature checking is passed in as `verify`.

The fingerprint is SHA-256 over a delimited canonical form, never a bare concatenation: a format tag,
then each part as `name <byte length>\n<value>\n` in a fixed order. The parts are the front-matter fields
that carry meaning (FRONT_FIELDS, as parsed YAML values, so quoting, key order, comments and flow/block
style do not matter), the normalised body, and a digest of each file the body includes or shows (an appendix,
a genogram). version, date and status are bookkeeping and left out.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from scr_cli.review.model import Action, Document, Issue, Review, SignOff
from scr_cli.review.regime import DocumentSpec, Regime

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
State = Literal["valid", "stale", "invalid"]
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


def _action_rows(actions: Iterable[Mapping[str, Any]]) -> str:
    return _value(
        [
            [row.get(name, dflt) if row.get(name) is not None else dflt for name, dflt in ACTION_FIELDS]
            for row in actions
        ]
    )


def action_rows_from_model(actions: Iterable[Action]) -> list[dict[str, Any]]:
    return [{name: getattr(a, name) for name, _ in ACTION_FIELDS} for a in actions]


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


@dataclass(frozen=True)
class Verified:
    """What checking a sign-off's signature found: whether it is good, the signing key, or the problem."""

    ok: bool
    signer: str | None = None  # full fingerprint of the signing key's primary key
    problem: str = ""


Verify = Callable[[bytes, str], Verified]


@dataclass(frozen=True)
class SignoffState:
    """One sign-off judged against the document it signs: valid, stale or invalid, and why."""

    signoff: SignOff
    state: State
    reason: str = ""


@dataclass(frozen=True)
class Requirement:
    """A sign-off the regime requires before a document is final: the role, the agency, and what it means."""

    document: str
    role: str
    agency: str | None = None
    meaning: str = ""

    def describe(self) -> str:
        return f"{self.role} ({self.agency})" if self.agency else self.role


def document_agency(doc: Document) -> str | None:
    if doc.agency:
        return doc.agency
    parts = doc.path.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "05-imr" else None


def _invalid(s: SignOff, reason: str) -> SignoffState:
    return SignoffState(s, "invalid", reason)


def signoff_state(
    s: SignOff, review: Review, regime: Regime, current: str | None, verify: Verify
) -> SignoffState:
    person = review.person(s.person)
    if person is None:
        return _invalid(s, f"signer '{s.person}' is not in people.yaml")
    if s.role not in person.roles:
        return _invalid(s, f"'{s.person}' does not hold the role {s.role}")
    spec = regime.document_for(s.document)
    if spec is not None and s.role not in {r.role for r in spec.signoffs}:
        return _invalid(s, f"the role {s.role} does not sign {spec.title.lower()}")
    role = regime.role(s.role)
    if role is not None and role.agency and s.agency != person.agency:
        return _invalid(s, f"'{s.person}' does not sign for agency '{s.agency}'")
    if not person.key_fingerprint:
        return _invalid(s, f"'{s.person}' has no key_fingerprint in people.yaml")
    if not s.signature.strip():
        return _invalid(s, "the record carries no signature")
    checked = verify(record_bytes(s), s.signature)
    if not checked.ok:
        return _invalid(s, f"bad signature: {checked.problem or 'does not verify'}")
    if (checked.signer or "").upper() != person.key_fingerprint.upper():
        return _invalid(s, f"signed with a key that is not the registered key of '{s.person}'")
    if current is None:
        return SignoffState(s, "valid", "document locked: content not compared")
    if s.fingerprint != current:
        return SignoffState(s, "stale", "the document changed after it was signed")
    return SignoffState(s, "valid")


def signoff_states(review: Review, regime: Regime, verify: Verify) -> list[SignoffState]:
    """The state of every sign-off in signoffs.yaml against the documents as loaded."""
    states = []
    for s in review.signoffs:
        doc = review.document(s.document)
        if doc is None:
            states.append(_invalid(s, "the signed document does not exist"))
            continue
        states.append(signoff_state(s, review, regime, document_fingerprint(doc, review), verify))
    return states


def required_signoffs(spec: DocumentSpec, doc: Document, review: Review) -> list[Requirement]:
    needed: list[Requirement] = []
    for rule in spec.signoffs:
        if rule.per is None:
            needed.append(Requirement(doc.path, rule.role, None, rule.meaning))
        elif rule.per == "agency":
            needed.append(Requirement(doc.path, rule.role, document_agency(doc), rule.meaning))
        elif rule.per == "involved":
            needed += [
                Requirement(doc.path, rule.role, a.id, rule.meaning)
                for a in review.agencies
                if a.imr_required
            ]
        elif rule.per == "owners":
            owners = sorted({a.owner_agency for a in review.actions})
            needed += [Requirement(doc.path, rule.role, o, rule.meaning) for o in owners]
    return needed


def missing_signoffs(
    doc: Document, review: Review, regime: Regime, states: Iterable[SignoffState]
) -> list[Requirement]:
    """The sign-offs a document still lacks before it may be final (only valid, current ones count)."""
    spec = regime.document_for(doc.path)
    if spec is None:
        return []
    good = [st.signoff for st in states if st.state == "valid" and st.signoff.document == doc.path]
    return [
        req
        for req in required_signoffs(spec, doc, review)
        if not any(s.role == req.role and (req.agency is None or s.agency == req.agency) for s in good)
    ]


def signoff_issues(review: Review, regime: Regime, verify: Verify) -> list[Issue]:
    """Issues for `scr check`: invalid sign-offs (error), stale ones (warning), finals lacking one."""
    states = signoff_states(review, regime, verify)
    issues = []
    for st in states:
        if st.state == "invalid":
            issues.append(
                Issue.at(
                    st.signoff.pos,
                    "signoff-invalid",
                    f"sign-off by '{st.signoff.person}' of {st.signoff.document} is invalid: {st.reason}",
                    "remove it and sign again with `scr signoff`",
                )
            )
        elif st.state == "stale":
            issues.append(
                Issue.at(
                    st.signoff.pos,
                    "signoff-stale",
                    f"sign-off by '{st.signoff.person}' of "
                    f"{st.signoff.document} v{st.signoff.version} is stale: {st.reason}",
                    f"ask for a new sign-off: `scr signoff {st.signoff.document} --as {st.signoff.role}`",
                    severity="warning",
                )
            )
    for doc in review.documents:
        if doc.status == "final" and not doc.locked:
            for req in missing_signoffs(doc, review, regime, states):
                issues.append(
                    Issue.at(
                        doc.pos,
                        "signoff-missing",
                        f"final document lacks a valid sign-off by {req.describe()}",
                        f"`scr signoff {doc.path} --as {req.role}`",
                    )
                )
    return issues
