"""`scr signoff PATH --as ROLE [--person ID]`: sign a version of a document and append the record.

The record (document, version, content fingerprint, person, role, agency, date) is signed with a detached,
ASCII-armoured GPG signature by the person's own key: the key whose full fingerprint people.yaml gives.
Also `states()`: every sign-off as valid / stale / invalid, for `scr signoff --list` and `scr check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli.errors import DataError, Refused, ScrError
from scr_cli.gate.drafting import locate
from scr_cli.gate.gittree import read_document, read_review
from scr_cli.gate.hooks import load_regime_fast, verifier
from scr_cli.review.layout import is_document
from scr_cli.review.model import Person, Pos, SignOff
from scr_cli.review.signoff import SignoffState, document_agency, record_bytes, signoff_states
from scr_cli.store import yamledit
from scr_cli.store.root import find_root
from scr_cli.store.tree import WorkTree


@dataclass(frozen=True)
class SignResult:
    """The result of `scr signoff`: the document and version signed, its fingerprint, and who signed as what."""

    document: str
    version: int
    fingerprint: str
    person: str
    role: str
    agency: str | None


def _choose(people: list[Person], person_id: str | None, role: str, secret: set[str]) -> Person:
    if person_id is not None:
        found = next((p for p in people if p.id == person_id), None)
        if found is None:
            raise Refused(
                f"'{person_id}' does not hold the role {role} in people.yaml",
                hint=f"add {role} to their roles, or sign as someone who holds it",
            )
        return found
    mine = [p for p in people if p.key_fingerprint and p.key_fingerprint.upper() in secret]
    if len(mine) == 1:
        return mine[0]
    if len(people) == 1:
        return people[0]  # the only holder: the key checks that follow say what is missing
    if not people:
        raise Refused(f"nobody in people.yaml holds the role {role}",
                      hint=f"add {role} to the roles of the person who signs")
    listed = ", ".join(p.id for p in people)
    raise DataError(f"cannot tell who is signing as {role} (holders: {listed})", hint="add --person ID")


def signoff(path: Path, role: str, person_id: str | None, today: date) -> SignResult:
    from scr_cli.adapters import gpg

    root, rel = locate(path)
    tree = WorkTree(root)
    got = read_document(tree, rel)
    assert got is not None
    doc, snap = got
    if doc.version is None:
        raise DataError("the document has no whole-number version", path=rel, hint=f"run `scr draft bump {rel}`")
    review, _ = read_review(tree, [doc])
    regime = load_regime_fast(tree)
    spec = regime.document_for(rel)
    if spec is None or role not in {r.role for r in spec.signoffs}:
        roles = ", ".join(r.role for r in spec.signoffs) if spec else "none"
        raise Refused(f"the role {role} does not sign {rel}", hint=f"roles that sign it: {roles}")
    holders = [p for p in review.people if role in p.roles]
    secret = {f.upper() for f in gpg.list_keys(None, secret=True)}
    person = _choose(holders, person_id, role, secret)
    if not person.key_fingerprint:
        raise Refused(
            f"'{person.id}' has no key_fingerprint in people.yaml",
            hint="add the full 40-character fingerprint of their signing key",
        )
    if person.key_fingerprint.upper() not in secret:
        raise Refused(
            f"the secret key of '{person.id}' is not in this keyring",
            hint="sign on the computer that holds their key (check with `gpg -K`)",
        )
    role_spec = regime.role(role)
    agency = person.agency if role_spec is not None and role_spec.agency else None
    per_agency = next((r for r in spec.signoffs if r.role == role and r.per == "agency"), None)
    if per_agency is not None and agency != document_agency(doc):
        raise Refused(
            f"'{person.id}' signs for agency '{agency}', not '{document_agency(doc)}'",
            hint="the IMR is signed off by its own agency's senior officer",
        )
    record = SignOff(rel, doc.version, snap.content, person.id, role, today, Pos("signoffs.yaml"), agency)
    signature = gpg.sign_detached(None, record_bytes(record), person.key_fingerprint).decode("ascii")
    _append(root, record, signature)
    return SignResult(rel, doc.version, snap.content, person.id, role, agency)


def _append(root: Path, record: SignOff, signature: str) -> None:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    def add(data: dict[str, object]) -> None:
        rows = data.get("signoffs")
        if not isinstance(rows, list) or not rows:
            rows = CommentedSeq()
            data["signoffs"] = rows
        entry = {
            "document": record.document,
            "version": record.version,
            "fingerprint": record.fingerprint,
            "person": record.person,
            "role": record.role,
        }
        if record.agency:
            entry["agency"] = record.agency
        entry.update({"date": record.date, "signature": LiteralScalarString(signature)})
        rows.append(yamledit.mapping(entry))

    yamledit.edit(root / "signoffs.yaml", "signoffs.yaml", add)


def states(path: Path) -> list[SignoffState]:
    """Every sign-off of the review in the work tree, checked against the documents and .scr/keys/."""
    root = find_root(path.resolve())
    tree = WorkTree(root)
    docs = []
    for rel in tree.paths():
        if is_document(rel):
            try:
                got = read_document(tree, rel)
            except ScrError:
                continue  # `scr check` reports broken front matter
            if got is not None:
                docs.append(got[0])
    review, _ = read_review(tree, docs)
    return signoff_states(review, load_regime_fast(tree), verifier(tree))
