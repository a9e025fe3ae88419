r"""Sign-offs bound to content: a document's canonical fingerprint, the signed record, each sign-off's state.

The state is valid, superseded, stale, void or invalid. Pure: signature checking is passed in as `verify`, and
who may sign in which role as `trust` (the chair-signed readers list, never people.yaml).

A sign-off counts only when its signer is on the trusted list with the role it signs in (and, for an agency
role, that agency), and the signature verifies with that person's key on the list. Reopening a document
appends a marker to signoffs.yaml: every sign-off of the document before it is void, and so is a later copy
of a voided record (a replayed signature).

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
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Literal

from scr_cli.review.model import Action, Document, Issue, Review, SignOff
from scr_cli.review.regime import DocumentSpec, Regime
from scr_cli.review.scopes import named_after

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
State = Literal["valid", "superseded", "stale", "void", "invalid"]
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
class Signer:
    """A person as the chair-signed readers list names them: their key and the roles they sign in."""

    person: str
    fingerprint: str
    roles: tuple[str, ...]
    agency: str | None = None


Trust = Mapping[str, Signer]
"""person id -> Signer, from the signed list current where the sign-off is judged; None: no valid list."""


class SignatureCheck:
    """A signature check that also carries the trust root it judges with, both made on first use.

    The follow-up records (an action's signed completion) pass one Verify down several layers; this lets them
    reach the signed list's signers too, so a completion counts only for a signer on it (as a sign-off does).
    """

    def __init__(self, make: Callable[[], tuple[Verify, Trust | None]]) -> None:
        self._make = make
        self._made: tuple[Verify, Trust | None] | None = None

    def _get(self) -> tuple[Verify, Trust | None]:
        if self._made is None:
            self._made = self._make()
        return self._made

    def __call__(self, data: bytes, signature: str) -> Verified:
        return self._get()[0](data, signature)

    @property
    def trust(self) -> Trust | None:
        return self._get()[1]


@dataclass(frozen=True)
class Reopened:
    """The marker `scr draft reopen` appends to signoffs.yaml: the sign-offs above it no longer count."""

    document: str
    date: date


def mark_void(entries: Iterable[SignOff | Reopened]) -> tuple[SignOff, ...]:
    """The sign-offs in file order, each marked void when its document was reopened after it.

    Also void: a record identical to a voided one (the same claim signed again, or copied below the marker).
    """
    rows = list(entries)
    last: dict[str, tuple[int, date]] = {}
    for i, row in enumerate(rows):
        if isinstance(row, Reopened):
            last[row.document] = (i, row.date)
    voided: dict[str, set[bytes]] = {}
    for i, row in enumerate(rows):
        if isinstance(row, SignOff) and row.document in last and i < last[row.document][0]:
            voided.setdefault(row.document, set()).add(record_bytes(row))
    out = []
    for row in rows:
        if isinstance(row, SignOff):
            if record_bytes(row) in voided.get(row.document, set()):
                row = replace(row, voided=f"the document was reopened on {last[row.document][1].isoformat()}")
            out.append(row)
    return tuple(out)


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


NO_LIST = "the review has no valid chair-signed readers list (sign-offs count only for keys and roles on it)"


def _trust_problem(s: SignOff, regime: Regime, trust: Trust | None) -> str | None:
    """Why the signed list does not let this person sign in this role (None when it does)."""
    spec = regime.document_for(s.document)
    if spec is not None and s.role not in {r.role for r in spec.signoffs}:
        return f"the role {s.role} does not sign {spec.title.lower()}"
    if trust is None:
        return NO_LIST
    signer = trust.get(s.person)
    if signer is None:
        return f"'{s.person}' is not on the chair-signed readers list"
    if s.role not in signer.roles:
        return f"the chair-signed readers list does not give '{s.person}' the role {s.role}"
    role = regime.role(s.role)
    if role is not None and role.agency and s.agency != signer.agency:
        return f"'{s.person}' does not sign for agency '{s.agency}' on the chair-signed readers list"
    named = named_signer(spec, s.role, s.document)
    if named is not None and s.person != named:
        return f"{s.document} is named after '{named}': only they sign it as {s.role}"
    return None


def named_signer(spec: DocumentSpec | None, role: str, path: str) -> str | None:
    """Who alone signs `path` in `role` when the regime names them by the file (`per: named`), else None."""
    if spec is None or not any(r.role == role and r.per == "named" for r in spec.signoffs):
        return None
    return named_after(path)


def signoff_state(
    s: SignOff, review: Review, regime: Regime, current: str | None, verify: Verify, trust: Trust | None = None
) -> SignoffState:
    del review  # who may sign comes from `trust`, not from people.yaml
    if s.voided:
        return SignoffState(s, "void", s.voided)
    problem = _trust_problem(s, regime, trust)
    if problem:
        return _invalid(s, problem)
    assert trust is not None
    if not s.signature.strip():
        return _invalid(s, "the record carries no signature")
    checked = verify(record_bytes(s), s.signature)
    if not checked.ok:
        return _invalid(s, f"bad signature: {checked.problem or 'does not verify'}")
    if (checked.signer or "").upper() != trust[s.person].fingerprint.upper():
        return _invalid(s, f"signed with a key that is not the registered key of '{s.person}'")
    if current is None:
        return SignoffState(s, "valid", "document locked: content not compared")
    if s.fingerprint != current:
        return SignoffState(s, "stale", "the document changed after it was signed")
    return SignoffState(s, "valid")


def signoff_states(review: Review, regime: Regime, verify: Verify, trust: Trust | None = None
                   ) -> list[SignoffState]:
    """The state of every sign-off in signoffs.yaml against the documents as loaded."""
    states = []
    for s in review.signoffs:
        doc = review.document(s.document)
        if doc is None:
            states.append(_invalid(s, "the signed document does not exist"))
            continue
        states.append(signoff_state(s, review, regime, document_fingerprint(doc, review), verify, trust))
    return superseded(states)


def _signer(s: SignOff) -> tuple[str, str, str, str | None]:
    return (s.document, s.role, s.person, s.agency)


def superseded(states: list[SignoffState]) -> list[SignoffState]:
    """Mark a stale sign-off `superseded` when the same person signed the same document again later.

    Later means further down signoffs.yaml, in the same role: the document moved on and was signed again, as it
    should be. Only the newest one says whether the document changed since (stale), so a problem is reported
    once. A newer sign-off that is invalid supersedes nothing.
    """
    renewed: set[tuple[str, str, str, str | None]] = set()
    out: list[SignoffState] = []
    for st in reversed(states):
        key = _signer(st.signoff)
        if st.state == "stale" and key in renewed:
            st = SignoffState(st.signoff, "superseded", "signed again for a later version")
        if st.state != "invalid":
            renewed.add(key)
        out.append(st)
    return out[::-1]


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


def signoff_issues(review: Review, regime: Regime, verify: Verify, trust: Trust | None = None) -> list[Issue]:
    """Issues for `scr check`: invalid sign-offs (error), stale ones (warning), finals lacking one.

    A superseded sign-off is no issue: `scr signoffs` shows it once, as superseded.
    """
    states = signoff_states(review, regime, verify, trust)
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
