"""The review's readers: public keys in .scr/keys/<person>.asc and a list signed by a chair.

.scr/keys/readers.yaml maps person ids to full fingerprints; .scr/keys/readers.yaml.sig is a detached
signature over it by the board chair or the panel chair (a person in people.yaml with that role and a
key_fingerprint). Every encryption and every hook check starts from `verified_readers()`, so whoever can
push cannot add their own key: changing the list breaks the signature.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import yaml

from scr_cli.adapters import gpg
from scr_cli.crypto.packets import PacketError, key_ids
from scr_cli.errors import DataError
from scr_cli.review.layout import READERS, SIGNATURE
from scr_cli.review.layout import key_file as key_path

CHAIR_ROLES = ("board-chair", "panel-chair")
_HEADER = ("# Readers of this review's sensitive files: person id -> full key fingerprint.\n"
           "# Written by `scr keys`; signed by the board or panel chair (`scr keys sign`). Do not edit by hand.\n")

Read = Callable[[str], "bytes | None"]


@dataclass(frozen=True)
class Reader:
    """One entry of the readers list: the person, their key's fingerprint and the key IDs it encrypts to."""

    person: str
    fingerprint: str
    key_ids: frozenset[str]


@dataclass(frozen=True)
class Readers:
    """The chair-signed readers list, verified: whom every sensitive file must be encrypted to."""

    entries: tuple[Reader, ...]
    signer: str  # fingerprint of the chair who signed the list
    signer_person: str

    @property
    def fingerprints(self) -> list[str]:
        return [r.fingerprint for r in self.entries]

    @property
    def digest(self) -> str:
        return hashlib.sha256(",".join(sorted(self.fingerprints)).encode()).hexdigest()[:16]

    def problem(self, recipients: Iterable[str]) -> str | None:
        """Why a ciphertext's recipient key IDs are not exactly these readers (None when they are)."""
        owner = {kid: r.person for r in self.entries for kid in r.key_ids}
        recips = set(recipients)
        strangers = [k for k in recips if k not in owner]
        if strangers:
            return f"encrypted to {len(strangers)} key(s) not on the signed readers list"
        covered = {owner[k] for k in recips}
        missing = sorted(r.person for r in self.entries if r.person not in covered)
        if missing:
            return "not encrypted to reader(s) " + ", ".join(missing)
        return None


def parse_list(data: bytes) -> list[tuple[str, str]]:
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError("the readers list is not valid YAML", path=READERS,
                        hint="restore it from git and let `scr keys` change it") from exc
    items = doc.get("readers") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise DataError("the readers list has no `readers:` list", path=READERS,
                        hint="restore it from git and let `scr keys` change it")
    pairs: list[tuple[str, str]] = []
    for item in items:
        if not (isinstance(item, dict) and isinstance(item.get("person"), str)
                and isinstance(item.get("fingerprint"), str) and len(item["fingerprint"]) == 40):
            raise DataError("a readers entry needs `person` and a 40-digit `fingerprint`", path=READERS,
                            hint="restore it from git and let `scr keys` change it")
        pairs.append((item["person"], item["fingerprint"].upper()))
    return pairs


def render_list(pairs: Iterable[tuple[str, str]], signers: Iterable[str] = ()) -> bytes:
    """The readers list; `signers` are the chairs' fingerprints allowed to sign the *next* version."""
    lines = [_HEADER, "readers:\n"]
    for person, fpr in sorted(pairs):
        lines.append(f"  - person: {person}\n    fingerprint: {fpr}\n")
    if len(lines) == 2:
        lines[1] = "readers: []\n"
    chosen = sorted(set(signers))
    if chosen:
        lines.append("# Chairs allowed to sign the next version of this list:\nsigners:\n")
        lines += [f"  - {fpr}\n" for fpr in chosen]
    return "".join(lines).encode()


def parse_signers(data: bytes | None) -> set[str] | None:
    """The `signers:` of a readers list (None when absent or unreadable: no constraint)."""
    if data is None:
        return None
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return None
    found = doc.get("signers") if isinstance(doc, dict) else None
    return {f.upper() for f in found if isinstance(f, str)} if isinstance(found, list) and found else None


def chairs(people_yaml: bytes | None) -> dict[str, str]:
    """Fingerprint -> person id of everyone in people.yaml holding a chair role with a key fingerprint."""
    if people_yaml is None:
        return {}
    try:
        doc = yaml.safe_load(people_yaml.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError):
        return {}
    found: dict[str, str] = {}
    for person in _people(doc):
        roles = person.get("roles") or []
        named = {r for r in roles if isinstance(r, str)} if isinstance(roles, list) else set()
        fpr = person.get("key_fingerprint")
        if isinstance(fpr, str) and named & set(CHAIR_ROLES):
            found[fpr.upper()] = str(person.get("id"))
    return found


def people_ids(people_yaml: bytes | None) -> set[str]:
    try:
        doc = yaml.safe_load((people_yaml or b"").decode("utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError):
        return set()
    return {str(p.get("id")) for p in _people(doc)}


def _people(doc: object) -> list[dict[str, object]]:
    """The mappings under `people:` (none when the file is not shaped that way: `scr check` reports it)."""
    found = doc.get("people") if isinstance(doc, dict) else None
    return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


def load_keys(read: Read, pairs: list[tuple[str, str]]) -> tuple[Reader, ...]:
    readers = []
    for person, fpr in pairs:
        blob = read(key_path(person))
        if blob is None:
            raise DataError(f"reader {person} has no key file", path=key_path(person),
                            hint=f"run `scr keys add KEYFILE --person {person}`")
        try:
            primary, ids = key_ids(blob)
        except PacketError as exc:
            raise DataError(f"the key file is not a usable public key ({exc})", path=key_path(person),
                            hint=f"run `scr keys add KEYFILE --person {person}` again") from exc
        if primary != fpr:
            raise DataError(f"the key file does not match the signed fingerprint of {person}",
                            path=key_path(person), hint="restore it from git, or re-add the key and re-sign")
        readers.append(Reader(person, fpr, ids))
    return tuple(readers)


_verified: dict[str, tuple[str, str]] = {}


def verified_readers(read: Read, previous: Read | None = None) -> Readers:
    """The signed readers list, checked end to end; DataError (exit 1) when missing, unsigned or tampered.

    `previous` reads the tree this one follows (the commit's parent, HEAD for the work tree). When its
    readers list names `signers`, only they may sign this one: so a pusher who names themselves chair in
    people.yaml still cannot sign a list that adds their key (a chain of signatures from the first list).
    """
    data = read(READERS)
    if data is None:
        raise DataError("this review has no readers list yet", path=READERS,
                        hint="add readers with `scr keys add KEYFILE --person ID`")
    pairs = parse_list(data)
    if not pairs:
        raise DataError("the readers list is empty", path=READERS, hint="add readers with `scr keys add`")
    entries = load_keys(read, pairs)
    signature = read(SIGNATURE)
    if signature is None:
        raise DataError("the readers list is not signed", path=SIGNATURE,
                        hint="the board or panel chair runs `scr keys sign`")
    chair_fprs = chairs(read("people.yaml"))
    chair_keys = [(fpr, read(key_path(pid))) for fpr, pid in chair_fprs.items()]
    blobs = [b for _, b in chair_keys if b is not None]
    cache_key = hashlib.sha256(b"\0".join([data, signature, *blobs, repr(sorted(chair_fprs)).encode()])).hexdigest()
    if cache_key not in _verified:
        signer = gpg.verify_detached(data, signature, blobs) if blobs else None
        if signer is None or signer not in chair_fprs:
            raise DataError("the readers list was changed after it was signed, or not signed by a chair",
                            path=SIGNATURE, hint="the board or panel chair checks it and runs `scr keys sign`")
        _verified[cache_key] = (signer, chair_fprs[signer])
    signer, who = _verified[cache_key]
    before = previous(READERS) if previous is not None else None
    allowed = parse_signers(before)
    if allowed is not None and signer not in allowed and data != before:
        raise DataError(f"the readers list is signed by {who}, whom the previous list does not allow to sign",
                        path=SIGNATURE, hint="a chair named in the previous list signs it (`scr keys sign`)")
    return Readers(entries, signer, who)
