"""Whether a document is approved, who signed it off and whose sign-off it still needs.

The built papers show this on the cover and in each document's title block in the pack.

The judgement is the hooks' own (scr_cli.review.signoff): each signer holds the role on the chair-signed
readers list, the signature verifies with their key on it, and covers the document's current content (a stale
one does not count).
"""

from __future__ import annotations

from dataclasses import dataclass

from scr_cli.gate.signatures import work_trust, work_verifier
from scr_cli.publish.house import long_date
from scr_cli.review.canonical import document_fingerprint
from scr_cli.review.model import Person, SignOff
from scr_cli.review.signoff import Requirement, missing_signoffs, signoff_state
from scr_cli.store.loader import Loaded

NAMED_ROLES = ("board-chair", "panel-chair", "overview-author")  # named even in a public edition


@dataclass(frozen=True)
class Approval:
    """A document's standing: approved (final and every required sign-off valid), who signed, who has not."""

    approved: bool
    final: bool
    signed: tuple[str, ...] = ()  # "Ottoline Brackenbury (board chair), 22 October 2026"
    awaiting: tuple[str, ...] = ()  # "senior manager for Northfold Police"


def _role_title(loaded: Loaded, role: str) -> str:
    spec = loaded.regime.role(role)
    title = spec.title if spec else role.replace("-", " ")
    if title[1:2].isupper():  # an acronym ("IMR author") keeps its capitals
        return title
    return title[:1].lower() + title[1:]


def _agency(loaded: Loaded, agency: str | None) -> str:
    found = next((a for a in loaded.review.agencies if a.id == agency), None)
    return f" for {found.name if found else agency}" if agency else ""


def _signer(loaded: Loaded, s: SignOff, person: Person | None, public: bool) -> str:
    role = _role_title(loaded, s.role) + _agency(loaded, s.agency)
    if person is None or (public and not set(person.roles) & set(NAMED_ROLES)):
        return f"the {role}, {long_date(s.date)}"  # a public edition names only the three named roles
    return f"{person.name} ({role}), {long_date(s.date)}"


def _awaiting(loaded: Loaded, missing: list[Requirement]) -> tuple[str, ...]:
    """One line per role: "agency senior manager for A, B and C"."""
    out = []
    for role in dict.fromkeys(r.role for r in missing):
        agencies = [_agency(loaded, r.agency)[len(" for "):] for r in missing if r.role == role and r.agency]
        named = ", ".join(agencies[:-1]) + (" and " if len(agencies) > 1 else "") + (agencies[-1] if agencies else "")
        out.append(_role_title(loaded, role) + (f" for {named}" if named else ""))
    return tuple(out)


def approval(loaded: Loaded, doc_path: str, public: bool = False) -> Approval:
    """The standing of one document (Markdown or the action plan) as loaded."""
    review = loaded.review
    doc = review.document(doc_path)
    if doc is None or doc.locked:
        return Approval(False, False)
    final = doc.status == "final"
    spec = loaded.regime.document_for(doc_path)
    if spec is None or not spec.signoffs:
        return Approval(final, final)
    candidates = [s for s in review.signoffs if s.document == doc_path]
    states = []
    if candidates:  # gpg verifies only when there is something to verify
        trust = work_trust(loaded.root)
        verify, signers = work_verifier(loaded.root, trust), trust.signers()
        current = document_fingerprint(doc, review)
        states = [signoff_state(s, review, loaded.regime, current, verify, signers) for s in candidates]
    missing = missing_signoffs(doc, review, loaded.regime, states)
    signed = tuple(
        _signer(loaded, st.signoff, review.person(st.signoff.person), public) for st in states if st.state == "valid"
    )
    return Approval(final and not missing, final, signed, _awaiting(loaded, missing))


def is_approved(loaded: Loaded, doc_path: str) -> bool:
    """Final, with a valid, current sign-off for every sign-off the regime requires of it."""
    return approval(loaded, doc_path).approved
