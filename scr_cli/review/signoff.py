r"""Sign-offs bound to content: a document's canonical fingerprint, the signed record, each sign-off's state.

The state is valid, superseded, stale, void or invalid. Pure: signature checking is passed in as `verify`, and
who may sign in which role as `trust` (the chair-signed readers list, never people.yaml).

A sign-off counts only when its signer is on the trusted list with the role it signs in (and, for an agency
role, that agency), and the signature verifies with that person's key on the list. Reopening a document
appends a marker to signoffs.yaml: every sign-off of the document before it is void, and so is a later copy
of a voided record (a replayed signature).

The canonical forms a signature covers (a document's fingerprint, the signed record) are review/canonical.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from scr_cli.review.canonical import document_fingerprint, record_bytes
from scr_cli.review.model import Document, Issue, Review, SignOff
from scr_cli.review.regime import DocumentSpec, Regime
from scr_cli.review.scopes import named_after

State = Literal["valid", "superseded", "stale", "void", "invalid"]


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
