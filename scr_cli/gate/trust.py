"""The trust root a tree is judged with, and what people.yaml may not say against it.

`Trust` holds the chair-signed readers list that judges one tree: computed (gpg verifies the signature) only
when a rule first needs it, then kept; a list that does not verify leaves the tree with no trust and the
reason. `signers()` turns a list into the sign-off rules' view of it (person -> key, roles, agency).
`people_problems()` compares people.yaml with the list: people.yaml describes people but cannot give a key or a
signing role the list does not, so any difference is an error naming both files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from scr_cli.crypto.readers import Readers, described_roles
from scr_cli.errors import DataError
from scr_cli.review.layout import PEOPLE, READERS
from scr_cli.review.signoff import Signer


class Trust:
    """The signed readers list of one tree, worked out on first use."""

    def __init__(self, compute: Callable[[], Readers] | None = None, readers: Readers | None = None,
                 problem: DataError | None = None) -> None:
        self._compute = compute
        self._readers = readers
        self.problem = problem

    @classmethod
    def fixed(cls, readers: Readers | None, problem: DataError | None = None) -> Trust:
        return cls(None, readers, problem)

    def get(self) -> Readers | None:
        """The verified list, or None (then `problem` says why, unless the tree has no list at all)."""
        if self._compute is not None:
            compute, self._compute = self._compute, None
            try:
                self._readers = compute()
            except DataError as exc:
                self.problem = exc
        return self._readers

    def signers(self) -> dict[str, Signer] | None:
        return signers(self.get())


def signers(readers: Readers | None) -> dict[str, Signer] | None:
    """Each person id on a verified list with their Signer (None: no list, so no sign-off counts)."""
    if readers is None:
        return None
    return {r.person: Signer(r.person, r.fingerprint, r.roles, r.agency) for r in readers.entries}


def _role_words(roles: Iterable[str]) -> str:
    found = sorted(roles)
    return ("role " if len(found) == 1 else "roles ") + ", ".join(found)


def people_problems(people_yaml: bytes | None, readers: Readers, signing: Iterable[str]) -> list[str]:
    """Where people.yaml says other than the signed list about a key, a signing role or its agency."""
    described = described_roles(people_yaml, signing)
    listed = {r.person: r for r in readers.entries}
    owner = {r.fingerprint: r.person for r in readers.entries}
    out: list[str] = []
    for person, reader in sorted(listed.items()):
        found = described.get(person)
        if found is None:
            out.append(f"{person} is on the signed readers list but not in {PEOPLE}")
            continue
        if found.fingerprint and found.fingerprint != reader.fingerprint:
            out.append(f"the key_fingerprint of {person} differs from the one on the signed readers list")
        granted, lacking = set(found.roles) - set(reader.roles), set(reader.roles) - set(found.roles)
        if granted:
            out.append(f"{PEOPLE} gives {person} the signing {_role_words(granted)}, which the signed readers "
                       "list does not")
        if lacking:
            out.append(f"the signed readers list gives {person} the signing {_role_words(lacking)}, which "
                       f"{PEOPLE} does not")
        if reader.roles and not granted and found.agency != reader.agency:
            out.append(f"{person} signs for agency '{reader.agency or 'none'}' on the signed readers list, "
                       f"'{found.agency or 'none'}' in {PEOPLE}")
    for person, found in sorted(described.items()):
        if person not in listed and found.fingerprint in owner:
            out.append(f"the key_fingerprint of {person} is the key of {owner[found.fingerprint]} on the signed "
                       "readers list")
    return out


PEOPLE_HINT = (f"the list ({READERS}) is the trust root: restore {PEOPLE}, or a chair approves the change "
               "with `scr keys add`/`scr keys sign`")


def people_lines(people_yaml: bytes | None, readers: Readers | None, signing: Iterable[str]) -> list[str]:
    """people_problems() as the hooks print them: each naming both files."""
    if readers is None:
        return []
    return [f"{PEOPLE}: {p} ({READERS}) — {PEOPLE_HINT}" for p in people_problems(people_yaml, readers, signing)]
