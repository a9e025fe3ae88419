"""The review's trust root: public keys in .scr/keys/<person>.asc and the list a chair signed.

.scr/keys/readers.yaml names every reader of the sensitive files with their full key fingerprint, a digest of
their key file, the signing roles they hold (board chair, panel chair, senior officer, IMR author, ...) and
the agency an agency role signs for; under `public:` it repeats the paths the board made public in
.scr/config.yaml. .scr/keys/readers.yaml.sig is a detached signature over it by a chair on the list. Whatever
decides who reads, who signs and what may be public is therefore inside one signature: people.yaml describes
people but grants nothing.

A new version of the list must be signed by a chair of the version it replaces (`verify_list(read,
trusted)`); the first list of a review is signed by a chair it names itself and is trusted on first use.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import yaml

from scr_cli.adapters import gpg
from scr_cli.crypto.packets import PacketError, key_ids
from scr_cli.errors import DataError
from scr_cli.review.layout import LOG, READERS, REVIEW, SIGNATURE
from scr_cli.review.layout import key_file as key_path
from scr_cli.review.scopes import Holder, ScopeRules, describe, scope
from scr_cli.store.settings import logged_circulations, scope_rules

CHAIR_ROLES = ("board-chair", "panel-chair")
_HEADER = ("# The review's trust root: who reads the sensitive files (full key fingerprints), the roles each\n"
           "# signs in, and the paths the board made public. Written by `scr keys`; signed by a chair\n"
           "# (`scr keys sign`). Do not edit by hand: any change voids the signature.\n")
_FIX = "restore it from git and let `scr keys` change it"

Read = Callable[[str], "bytes | None"]


@dataclass(frozen=True)
class Entry:
    """One person as the list names them."""

    person: str
    fingerprint: str
    roles: tuple[str, ...] = ()
    agency: str | None = None
    key: str = ""  # "sha256:<hex>" of their key file; empty in lists signed before scr recorded it


@dataclass(frozen=True)
class ListFile:
    """The list's content, parsed (nothing verified)."""

    entries: tuple[Entry, ...]
    public: tuple[str, ...] = ()
    signers: tuple[str, ...] = ()  # lists signed before roles were recorded named their chairs here
    previous: str | None = None  # digest of the list this one replaces ("none" for a first list); None: older scr


@dataclass(frozen=True)
class Reader:
    """One entry of the readers list: the person, their key's fingerprint and the key IDs it encrypts to."""

    person: str
    fingerprint: str
    key_ids: frozenset[str]
    roles: tuple[str, ...] = ()
    agency: str | None = None
    key: bytes = b""  # the public key file, as the list's digest binds it


@dataclass(frozen=True)
class Readers:
    """A checked list: the readers with their keys, the chair who signed it, the public additions."""

    entries: tuple[Reader, ...]
    signer: str  # fingerprint of the chair who signed the list
    signer_person: str
    public: tuple[str, ...] = ()
    raw: bytes = b""  # the list's bytes
    legacy_signers: frozenset[str] = field(default_factory=frozenset)
    previous: str | None = None
    signature: bytes = b""
    rules: ScopeRules | None = None  # who reads what (None: every reader reads every file)
    logged: frozenset[str] = frozenset()  # the circulation events in the judged tree's log

    @property
    def fingerprints(self) -> list[str]:
        return [r.fingerprint for r in self.entries]

    def scope(self, path: str) -> tuple[Reader, ...]:
        """The readers of one sensitive file (its plaintext path): review/scopes.py."""
        if self.rules is None:
            return self.entries
        persons = scope(self.rules, (Holder(r.person, r.roles, r.agency) for r in self.entries), path, self.logged)
        return tuple(r for r in self.entries if r.person in persons)

    def judging(self, read: Read) -> Readers:
        """This list judging another tree, with the circulations logged there.

        A list vouched for by an earlier commit judges a pushed one by the pushed commit's log.
        """
        logged = logged_circulations(self.rules, read(LOG)) if self.rules is not None else frozenset()
        return self if logged == self.logged else dataclasses.replace(self, logged=logged)

    @property
    def digest(self) -> str:
        return hashlib.sha256(",".join(sorted(self.fingerprints)).encode()).hexdigest()[:16]

    @property
    def chairs(self) -> dict[str, Reader]:
        """Fingerprint -> reader of everyone the list lets sign its next version."""
        if any(r.roles for r in self.entries):
            return {r.fingerprint: r for r in self.entries if set(r.roles) & set(CHAIR_ROLES)}
        return {r.fingerprint: r for r in self.entries if r.fingerprint in self.legacy_signers}

    def person(self, person_id: str) -> Reader | None:
        return next((r for r in self.entries if r.person == person_id), None)

    def problem(self, recipients: Iterable[str], path: str) -> str | None:
        """Why a ciphertext's recipient key IDs are not exactly the readers of `path` (None when they are)."""
        owner = {kid: r.person for r in self.entries for kid in r.key_ids}
        recips = set(recipients)
        strangers = [k for k in recips if k not in owner]
        if strangers:
            return f"encrypted to {len(strangers)} key(s) not on the signed readers list"
        readers = {r.person for r in self.scope(path)}
        covered = {owner[k] for k in recips}
        outside = sorted(covered - readers)
        if outside:
            circulated = self.rules.circulated_to(path, self.logged) if self.rules is not None else frozenset()
            shown = describe(path) + (f", and the {', '.join(sorted(circulated))} role(s) it was circulated to"
                                      if circulated else "")
            return f"encrypted to reader(s) {', '.join(outside)}, outside its scope ({shown})"
        missing = sorted(readers - covered)
        if missing:
            return "not encrypted to reader(s) " + ", ".join(missing)
        return None


def key_digest(blob: bytes) -> str:
    return "sha256:" + hashlib.sha256(blob).hexdigest()


def list_digest(data: bytes | None) -> str:
    """What a new list names as the one it replaces: so an older signed list cannot be pushed again."""
    return "none" if data is None else "sha256:" + hashlib.sha256(data).hexdigest()


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    return None


def _entry(item: object) -> Entry:
    if not (isinstance(item, dict) and isinstance(item.get("person"), str)
            and isinstance(item.get("fingerprint"), str) and len(item["fingerprint"]) == 40):
        raise DataError("a readers entry needs `person` and a 40-digit `fingerprint`", path=READERS, hint=_FIX)
    roles = _strings(item.get("roles"))
    agency, key = item.get("agency"), item.get("key", "")
    if roles is None or not isinstance(agency, str | None) or not isinstance(key, str):
        raise DataError(f"the readers entry of {item['person']} has a malformed roles, agency or key",
                        path=READERS, hint=_FIX)
    return Entry(item["person"], item["fingerprint"].upper(), roles, agency, key)


def parse(data: bytes) -> ListFile:
    try:
        doc = yaml.safe_load(data.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataError("the readers list is not valid YAML", path=READERS, hint=_FIX) from exc
    items = doc.get("readers") if isinstance(doc, dict) else None
    if not isinstance(doc, dict) or not isinstance(items, list):
        raise DataError("the readers list has no `readers:` list", path=READERS, hint=_FIX)
    public, previous = _strings(doc.get("public")), doc.get("previous")
    if public is None or not isinstance(previous, str | None):
        raise DataError("the readers list's `public:` or `previous:` is malformed", path=READERS, hint=_FIX)
    legacy = doc.get("signers")  # older lists named their chairs here; anything else in it names nobody
    signers = tuple(s.upper() for s in legacy if isinstance(s, str)) if isinstance(legacy, list) else ()
    return ListFile(tuple(_entry(i) for i in items), public, signers, previous)


def parse_list(data: bytes) -> list[tuple[str, str]]:
    """(person, fingerprint) of every reader."""
    return [(e.person, e.fingerprint) for e in parse(data).entries]


def render(entries: Iterable[Entry | tuple[str, str]], public: Iterable[str] = (),
           signers: Iterable[str] = (), previous: str | None = None) -> bytes:
    """The list's text.

    `previous`: list_digest() of the list it replaces; `signers` is only for lists without roles (as older
    versions of scr wrote them).
    """
    rows = sorted((e if isinstance(e, Entry) else Entry(e[0], e[1]) for e in entries), key=lambda e: e.person)
    lines = [_HEADER]
    if previous is not None:
        lines.append(f"previous: {previous}\n")
    lines.append("readers:\n" if rows else "readers: []\n")
    for e in rows:
        lines.append(f"  - person: {e.person}\n    fingerprint: {e.fingerprint}\n")
        if e.key:
            lines.append(f"    key: {e.key}\n")
        if e.roles:
            lines.append(f"    roles: [{', '.join(sorted(set(e.roles)))}]\n")
        if e.agency:
            lines.append(f"    agency: {e.agency}\n")
    chosen = sorted(set(public))
    if chosen:
        lines.append("# Paths the board made public (.scr/config.yaml), as the chair approved them:\npublic:\n")
        lines += [f"  - {yaml.safe_dump(g, default_style=None).splitlines()[0]}\n" for g in chosen]
    legacy = sorted(set(signers))
    if legacy:
        lines.append("signers:\n")
        lines += [f"  - {fpr}\n" for fpr in legacy]
    return "".join(lines).encode()


def render_list(pairs: Iterable[Entry | tuple[str, str]], signers: Iterable[str] = (),
                previous: str | None = None) -> bytes:
    """The list from (person, fingerprint) pairs or entries (kept for callers that build a list by hand)."""
    return render(pairs, signers=signers, previous=previous)


def people(people_yaml: bytes | None) -> list[dict[str, object]]:
    """The mappings under `people:` (none when the file is not shaped that way: `scr check` reports it)."""
    try:
        doc = yaml.safe_load((people_yaml or b"").decode("utf-8")) or {}
    except (UnicodeDecodeError, yaml.YAMLError):
        return []
    found = doc.get("people") if isinstance(doc, dict) else None
    return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


def people_ids(people_yaml: bytes | None) -> set[str]:
    return {str(p.get("id")) for p in people(people_yaml)}


@dataclass(frozen=True)
class Described:
    """A person as people.yaml describes them: their signing roles, agency and key fingerprint."""

    roles: tuple[str, ...]
    agency: str | None
    fingerprint: str | None


def described_roles(people_yaml: bytes | None, signing: Iterable[str]) -> dict[str, Described]:
    """Person id -> their signing roles, agency and key fingerprint as people.yaml gives them."""
    wanted = set(signing)
    out: dict[str, Described] = {}
    for p in people(people_yaml):
        roles = p.get("roles")
        roles = roles if isinstance(roles, list) else []
        held = tuple(sorted({r for r in roles if isinstance(r, str) and r in wanted}))
        agency, fpr = p.get("agency"), p.get("key_fingerprint")
        out[str(p.get("id"))] = Described(held, agency if isinstance(agency, str) else None,
                                          fpr.upper() if isinstance(fpr, str) else None)
    return out


class KeyBindingBroken(DataError):
    """A key file no longer matches the digest the list binds it with (the file, or the list, was edited)."""


def load_keys(read: Read, entries: Iterable[Entry]) -> tuple[Reader, ...]:
    """Each entry with its key file, checked against the list's fingerprint and digest."""
    readers = []
    for e in entries:
        blob = read(key_path(e.person))
        if blob is None:
            raise DataError(f"reader {e.person} has no key file", path=key_path(e.person),
                            hint=f"run `scr keys add KEYFILE --person {e.person}`")
        try:
            primary, ids = key_ids(blob)
        except PacketError as exc:
            raise DataError(f"the key file is not a usable public key ({exc})", path=key_path(e.person),
                            hint=f"run `scr keys add KEYFILE --person {e.person}` again") from exc
        if primary != e.fingerprint:
            raise DataError(f"the key file does not match the signed fingerprint of {e.person}",
                            path=key_path(e.person), hint="restore it from git, or re-add the key and re-sign")
        if e.key and e.key != key_digest(blob):
            raise KeyBindingBroken(f"the key file of {e.person} changed after the readers list was signed",
                            path=key_path(e.person), hint="restore it from git, or a chair runs `scr keys sign`")
        readers.append(Reader(e.person, e.fingerprint, ids, e.roles, e.agency, blob))
    return tuple(readers)


def load_readers(read: Read, signer: str = "", signer_person: str = "") -> Readers:
    """The list in a tree, with its keys, without checking the signature: for history already protected."""
    data = read(READERS)
    if data is None:
        raise DataError("this review has no readers list yet", path=READERS,
                        hint="add readers with `scr keys add KEYFILE --person ID`")
    listed = parse(data)
    if not listed.entries:
        raise DataError("the readers list is empty", path=READERS, hint="add readers with `scr keys add`")
    rules = scope_rules(read(REVIEW))
    return Readers(load_keys(read, listed.entries), signer, signer_person, listed.public, data,
                   frozenset(listed.signers), listed.previous, read(SIGNATURE) or b"", rules,
                   logged_circulations(rules, read(LOG)))


_verified: dict[str, tuple[str, str]] = {}


def verify_list(read: Read, trusted: Readers | None) -> Readers:
    """The list in a tree, checked end to end against the trusted list it follows (None: it is the first).

    A list that differs from `trusted` must be signed by one of trusted's chairs, with trusted's copy of
    their key; an unchanged or first list by a chair it names. DataError (exit 1) otherwise.
    """
    found = _load_or_unsigned(read, trusted)
    signature = read(SIGNATURE)
    if signature is None:
        raise DataError("the readers list is not signed", path=SIGNATURE, hint="a chair runs `scr keys sign`")
    changed = trusted is not None and trusted.raw != found.raw
    judge = trusted if changed and trusted is not None else found
    chairs = judge.chairs
    if not chairs:
        raise DataError("the readers list names no chair who may sign it", path=READERS,
                        hint="a chair named in people.yaml runs `scr keys sign` (the list then records roles)")
    blobs = [r.key for r in chairs.values()]
    cache_key = hashlib.sha256(b"\0".join([found.raw, signature, *blobs])).hexdigest()
    if cache_key not in _verified:
        signer = gpg.verify_detached(found.raw, signature, blobs)
        if signer is None and judge is trusted:  # who did sign? (any key either list holds; only to say so)
            others = [r.key for r in (*found.entries, *judge.entries) if r.key not in blobs]
            signer = gpg.verify_detached(found.raw, signature, others) if others else None
        if signer is None or signer not in chairs:
            if signer is not None and judge is trusted:
                raise DataError("the readers list is signed by someone whom the previous list does not allow to "
                                "sign", path=SIGNATURE, hint="a chair named in the previous list signs it "
                                "(`scr keys sign`)")
            raise DataError("the readers list was changed after it was signed, or not signed by a chair",
                            path=SIGNATURE, hint="a chair checks it and runs `scr keys sign`")
        _verified[cache_key] = (signer, chairs[signer].person)
    signer, who = _verified[cache_key]
    if changed and trusted is not None and trusted.previous is not None and found.previous != list_digest(trusted.raw):
        raise DataError("the readers list does not follow the current one (it was signed on top of another "
                        "version)", path=READERS, hint="a chair signs it again on top of the current list "
                        "(`scr keys sign`)")
    return Readers(found.entries, signer, who, found.public, found.raw, found.legacy_signers, found.previous,
                   signature, found.rules, found.logged)


def _load_or_unsigned(read: Read, trusted: Readers | None) -> Readers:
    """The list with its keys; a list edited since the trusted one that no chair signed says so first.

    An edit can break an entry's key binding (a line dropped from the middle); the signature is the cause.
    """
    try:
        return load_readers(read)
    except KeyBindingBroken:
        raw, signature = read(READERS), read(SIGNATURE)
        if (raw is not None and signature is not None and trusted is not None and trusted.raw != raw
                and trusted.chairs
                and gpg.verify_detached(raw, signature, [r.key for r in trusted.chairs.values()]) is None):
            raise DataError("the readers list was changed after it was signed, or not signed by a chair",
                            path=SIGNATURE, hint="a chair checks it and runs `scr keys sign`") from None
        raise


def verified_readers(read: Read, previous: Read | None = None) -> Readers:
    """The signed list in a tree, checked against the list of the tree it follows (see verify_list).

    That is HEAD for the work tree, the parent for a commit. A previous tree without a readable list counts as
    none.
    """
    trusted = None
    if previous is not None and previous(READERS) is not None:
        try:
            trusted = load_readers(previous)
        except DataError:
            trusted = None
    return verify_list(read, trusted)


def signing_entry(person: str, fingerprint: str, blob: bytes, described: Mapping[str, Described]) -> Entry:
    """The list entry of a reader: their signing roles and agency from people.yaml, their key's digest."""
    found = described.get(person, Described((), None, None))
    return Entry(person, fingerprint, found.roles, found.agency if found.roles else None, key_digest(blob))
