"""`scr signoff PATH --as ROLE [--person ID]`: sign a version of a document and append the record.

The record (document, version, content fingerprint, person, role, agency, date) is signed with a detached,
ASCII-armoured GPG signature by the person's own key: the key the chair-signed readers list gives them, in a
role the list gives them (people.yaml only describes people).
Also `states()`: every sign-off as valid / stale / invalid, for `scr signoff --list` and `scr check`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import fileio
from scr_cli.crypto.homes import gnupg_home
from scr_cli.errors import DataError, Refused, ScrError
from scr_cli.gate.drafting import locate
from scr_cli.gate.gittree import read_document, read_review
from scr_cli.gate.signatures import work_trust, work_verifier
from scr_cli.gate.transition import load_regime_fast
from scr_cli.review.canonical import record_bytes
from scr_cli.review.layout import is_document
from scr_cli.review.model import Document, Pos, SignOff
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import (
    Requirement,
    Signer,
    SignoffState,
    document_agency,
    missing_signoffs,
    named_signer,
    signoff_state,
    signoff_states,
)
from scr_cli.store import yamledit
from scr_cli.store.root import find_root
from scr_cli.store.tree import WorkTree


@dataclass(frozen=True)
class SignResult:
    """The result of `scr signoff`: the document and version signed, and who signed as what.

    Also whether the document now has every sign-off it needs to be final, and the event to log after that.
    """

    document: str
    version: int
    fingerprint: str
    person: str
    role: str
    agency: str | None
    complete: bool = False  # no required sign-off is missing any more
    status: str = "draft"  # the document's status in the work tree
    then_log: str | None = None  # the event the regime expects once it is final, when not yet logged


def _choose(holders: list[Signer], person_id: str | None, role: str, secret: set[str]) -> Signer:
    if person_id is not None:
        found = next((p for p in holders if p.person == person_id), None)
        if found is None:
            raise Refused(
                f"'{person_id}' does not hold the role {role} on the chair-signed readers list",
                hint=f"give them {role} in people.yaml; a chair approves it with `scr keys sign`",
            )
        return found
    mine = [p for p in holders if p.fingerprint.upper() in secret]
    if len(mine) == 1:
        return mine[0]
    if len(holders) == 1:
        return holders[0]  # the only holder: the key checks that follow say what is missing
    if not holders:
        raise Refused(f"nobody on the chair-signed readers list holds the role {role}",
                      hint=f"give {role} to the person who signs in people.yaml; a chair runs `scr keys sign`")
    listed = ", ".join(p.person for p in holders)
    raise DataError(f"cannot tell who is signing as {role} (holders: {listed})", hint="add --person ID")


def _signers(root: Path) -> dict[str, Signer]:
    """Who may sign in which role: the chair-signed readers list (people.yaml grants nothing)."""
    trust = work_trust(root)
    signers = trust.signers()
    if signers is None:
        why = trust.problem.message if trust.problem else "there is no readers list"
        raise Refused(f"no sign-off counts without a valid chair-signed readers list ({why})",
                      hint="a chair adds the signers with `scr keys add KEYFILE --person ID`")
    return signers


def signoff(path: Path, role: str, person_id: str | None, today: date, home: Path | None = None) -> SignResult:
    """Sign the document's current version as `role` with the key in `home` (see crypto.homes.gnupg_home)."""
    from scr_cli.adapters import gpg

    root, rel = locate(path)
    home = gnupg_home(home, root)
    tree = WorkTree(root)
    got = read_document(tree, rel)
    assert got is not None
    doc, snap = got
    if doc.version is None:
        raise DataError("the document has no whole-number version", path=rel, hint=f"run `scr draft bump {rel}`")
    _, logged = read_review(tree, [doc])
    regime = load_regime_fast(tree)
    spec = regime.document_for(rel)
    if spec is None or role not in {r.role for r in spec.signoffs}:
        roles = ", ".join(r.role for r in spec.signoffs) if spec else "none"
        raise Refused(f"the role {role} does not sign {rel}", hint=f"roles that sign it: {roles}")
    holders = [p for p in _signers(root).values() if role in p.roles]
    secret = {f.upper() for f in gpg.list_keys(home, secret=True)}
    person = _choose(holders, person_id, role, secret)
    if person.fingerprint.upper() not in secret:
        raise Refused(
            f"the secret key of '{person.person}' is not in this keyring",
            hint="sign on the computer that holds their key (check with `gpg -K`)",
        )
    role_spec = regime.role(role)
    agency = person.agency if role_spec is not None and role_spec.agency else None
    per_agency = next((r for r in spec.signoffs if r.role == role and r.per == "agency"), None)
    if per_agency is not None and agency != document_agency(doc):
        raise Refused(
            f"'{person.person}' signs for agency '{agency}', not '{document_agency(doc)}'",
            hint="the IMR is signed off by its own agency's senior officer",
        )
    named = named_signer(spec, role, rel)
    if named is not None and person.person != named:
        raise Refused(f"{rel} is named after '{named}': only they sign it as {role}",
                      hint=f"ask {named} to sign it on the computer that holds their key")
    record = SignOff(rel, doc.version, snap.content, person.person, role, today, Pos("signoffs.yaml"), agency)
    signature = gpg.sign_detached(home, record_bytes(record), person.fingerprint).decode("ascii")
    _append(root, record, signature)
    complete = not _still_missing(root, doc, snap.content, regime)
    follow = spec.then_log if spec.then_log and not any(e.get("event") == spec.then_log for e in logged) else None
    return SignResult(rel, doc.version, snap.content, person.person, role, agency, complete, snap.status, follow)


def _still_missing(root: Path, doc: Document, content: str, regime: Regime) -> list[Requirement]:
    """The sign-offs the document still lacks, with the one just appended (signatures checked)."""
    review, _ = read_review(WorkTree(root), [doc])
    trust = work_trust(root)
    verify, signers = work_verifier(root, trust), trust.signers()
    states = [signoff_state(s, review, regime, content, verify, signers)
              for s in review.signoffs if s.document == doc.path]
    return missing_signoffs(doc, review, regime, states)


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
    root = find_root(fileio.resolve(path))
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
    trust = work_trust(root)
    return signoff_states(review, load_regime_fast(tree), work_verifier(root, trust), trust.signers())
