"""`scr keys add|remove|list|sign`: who can read the review's sensitive files, and who signs in which role.

Adding or removing a reader rewrites .scr/keys/readers.yaml, which voids the chair's signature. The list is
written from people.yaml as it stands: each reader's fingerprint, a digest of their key file, the signing
roles people.yaml gives them (and the agency an agency role signs for), and the board's public additions
from .scr/config.yaml. A chair's signature makes that the trust root. When a chair's secret key is in your
keyring the list is re-signed at once and every sensitive file re-encrypted (`scr rekey`); otherwise the chair
runs `scr keys sign`, which signs and re-encrypts. A new list is signed by a chair of the committed one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli import fileio
from scr_cli.adapters import gpg
from scr_cli.crypto.packets import PacketError, key_ids
from scr_cli.crypto.readers import (
    Entry,
    Reader,
    described_roles,
    list_digest,
    load_readers,
    parse,
    people_ids,
    render,
    signing_entry,
    verified_readers,
)
from scr_cli.crypto.rekey import RekeyResult, history_versions, rekey
from scr_cli.crypto.state import exclusive, head_reader, private_umask, undo_on_error, write_atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.review.layout import CONFIG, LOG, PEOPLE, READERS, SENSITIVE, SIGNATURE, is_sensitive
from scr_cli.review.layout import key_file as key_path
from scr_cli.review.scopes import Holder, reads
from scr_cli.store.settings import CHAIR_ROLES, addition_problem, board_public, logged_circulations, regime_facts
from scr_cli.store.tree import WorkTree


@dataclass
class KeyRow:
    """One reader in `scr keys list`: person, fingerprint, expiry, whether it encrypts, its state and roles."""

    person: str
    fingerprint: str
    expires: int | None
    can_encrypt: bool
    state: str  # "ok", "expired", "revoked", "missing key file", "no encryption key"
    roles: tuple[str, ...] = ()
    agency: str | None = None
    reads: str = ""  # what their scope gives them (review/scopes.py: reads)


@dataclass
class KeysResult:
    """The result of a `scr keys` command: the reader added or removed, who signed, the re-encryption, or the list."""

    person: str = ""
    fingerprint: str = ""
    signed_by: str = ""  # person id of the chair who signed, when signing happened
    rekey: RekeyResult | None = None
    pending_signature: bool = False
    history_versions: int = 0
    rows: list[KeyRow] = field(default_factory=list)
    signature: str = ""  # for list: "valid (signed by X)" or the problem
    problem: DataError | None = None  # for list: a damaged key file or signature; `scr keys list` exits 1 on it


def _read_list(root: Path) -> list[Entry]:
    file = root / READERS
    return list(parse(fileio.read_bytes(file, READERS)).entries) if os.path.lexists(file) else []


def _check_key(blob: bytes) -> tuple[str, bytes, gpg.KeyInfo]:
    with gpg.temp_home() as home:
        found = gpg.import_keys(home, [blob])
        keys = gpg.list_keys(home)
        if len(keys) != 1 or not found:
            raise DataError("the key file must hold exactly one OpenPGP public key",
                            hint="export it with `gpg --armor --export FINGERPRINT > name.asc`")
        fpr, info = next(iter(keys.items()))
        if info.revoked or info.expired or not info.can_encrypt:
            why = "revoked" if info.revoked else "expired" if info.expired else "has no encryption subkey"
            raise DataError(f"the key is {why}", hint="ask the person for a current key that can encrypt")
        return fpr, gpg.export_public(home, fpr), info


def _write_list(root: Path, pairs: list[tuple[str, str]]) -> bytes:
    """Write the list for these readers as people.yaml and .scr/config.yaml describe them now."""
    tree = WorkTree(root)
    described = described_roles(tree.read(PEOPLE), regime_facts(tree).signing_roles)
    public = board_public(tree.read(CONFIG))
    for glob in public:
        problem = addition_problem(glob)
        if problem:
            raise DataError(problem, path=CONFIG, hint="name a folder or file that is not a sensitive one")
    entries = [signing_entry(person, fpr, tree.read(key_path(person)) or b"", described) for person, fpr in pairs]
    data = render(entries, public, previous=list_digest(head_reader(root)(READERS)))
    write_atomic(root / READERS, data, 0o644)
    return data


def _allowed_chairs(root: Path, data: bytes) -> tuple[dict[str, Reader], bool]:
    """The chairs who may sign this list: those of the committed list it changes, else those it names itself.

    The flag says whether they come from the committed list.
    """
    head = head_reader(root)
    if head(READERS) is not None:
        try:
            committed = load_readers(head)
        except DataError:
            committed = None
        if committed is not None and committed.raw != data:
            return committed.chairs, True
    return load_readers(WorkTree(root).read).chairs, False


def _sign(root: Path, result: KeysResult, gnupghome: Path | None, as_person: str | None, required: bool) -> bool:
    """Sign the readers list as a chair and check it end to end; False when no chair's key is here (pending)."""
    data = _write_list(root, [(e.person, e.fingerprint) for e in _read_list(root)])
    chairs, committed = _allowed_chairs(root, data)
    where = "the committed readers list" if committed else "the readers list (roles from people.yaml)"
    if as_person is not None:
        candidates = [f for f, r in chairs.items() if r.person == as_person]
        if not candidates:
            raise DataError(f"{as_person} is not a chair ({' or '.join(CHAIR_ROLES)}) on {where}", path=READERS,
                            hint="give the person id of a chair on the list with --as")
    else:
        secret = gpg.list_keys(gnupghome, secret=True)
        candidates = [f for f in chairs if f in secret]
        if not candidates:
            if required:
                raise EnvironmentProblem(f"no secret key of a chair on {where} is in your GnuPG keyring",
                                         hint="a chair on the list runs `scr keys sign` with their key")
            result.pending_signature = True
            return False
    fpr = candidates[0]
    write_atomic(root / SIGNATURE, gpg.sign_detached(gnupghome, data, fpr), 0o644)
    verified_readers(WorkTree(root).read, head_reader(root))
    result.signed_by = chairs[fpr].person
    return True


def _list_files(root: Path, *persons: str) -> list[Path]:
    return [root / READERS, root / SIGNATURE, *(root / key_path(p) for p in persons)]


@exclusive
def add(root: Path, keyfile: Path, person: str, gnupghome: Path | None = None,
        as_person: str | None = None) -> KeysResult:
    private_umask()
    if person not in people_ids(WorkTree(root).read(PEOPLE)):
        raise DataError(f"{person} is not in people.yaml", path="people.yaml",
                        hint="add the person to people.yaml first, then their key")
    if not keyfile.is_file():
        raise DataError(f"{keyfile} does not exist", hint="give the path of an exported public key (.asc)")
    fpr, armored, _ = _check_key(keyfile.read_bytes())
    pairs = [(e.person, e.fingerprint) for e in _read_list(root) if e.person != person]
    if any(f == fpr for _, f in pairs):
        raise DataError("this key already belongs to another reader", path=READERS,
                        hint="each reader needs their own key")
    (root / ".scr/keys").mkdir(parents=True, exist_ok=True)
    result = KeysResult(person=person, fingerprint=fpr)
    with undo_on_error(_list_files(root, person)):  # a failed signature or check leaves the list as it was
        write_atomic(root / key_path(person), armored, 0o644)
        _write_list(root, [*pairs, (person, fpr)])
        signed = _sign(root, result, gnupghome, as_person, required=False)
    if signed:
        result.rekey = rekey(root, gnupghome)
    return result


@exclusive
def remove(root: Path, person: str, gnupghome: Path | None = None, as_person: str | None = None) -> KeysResult:
    private_umask()
    entries = _read_list(root)
    if person not in {e.person for e in entries}:
        raise DataError(f"{person} is not a reader", path=READERS, hint="see `scr keys list`")
    remaining = [(e.person, e.fingerprint) for e in entries if e.person != person]
    if not remaining:
        raise DataError("cannot remove the last reader", path=READERS, hint="add another reader first")
    result = KeysResult(person=person, fingerprint=next(e.fingerprint for e in entries if e.person == person))
    with undo_on_error(_list_files(root, person)):
        _write_list(root, remaining)
        if not load_readers(WorkTree(root).read).chairs:
            raise DataError(f"removing {person} would leave no chair on the readers list to sign it",
                            path=READERS, hint="add the new chair first (people.yaml, `scr keys add`)")
        (root / key_path(person)).unlink(missing_ok=True)  # the committed list's copy verifies their signature
        result.history_versions = history_versions(root)
        signed = _sign(root, result, gnupghome, as_person, required=False)
    if signed:
        result.rekey = rekey(root, gnupghome)
    return result


@exclusive
def sign(root: Path, gnupghome: Path | None = None, as_person: str | None = None) -> KeysResult:
    private_umask()
    if not (root / READERS).exists():
        raise DataError("there is no readers list to sign", path=READERS, hint="add readers with `scr keys add`")
    result = KeysResult()
    with undo_on_error(_list_files(root)):
        _sign(root, result, gnupghome, as_person, required=True)
    result.rekey = rekey(root, gnupghome)
    return result


def _parses(blob: bytes) -> bool:
    try:
        key_ids(blob)
    except PacketError:
        return False
    return True


def list_readers(root: Path) -> KeysResult:
    """Every reader's key, state and roles, and the signature's; a damage found is kept in `problem` (exit 1)."""
    tree = WorkTree(root)
    result = KeysResult()
    try:
        readers = verified_readers(tree.read, head_reader(root))
        result.signature = f"valid (signed by {readers.signer_person})"
    except DataError as exc:
        result.signature = exc.message
        if os.path.lexists(root / READERS):  # no list yet is a fresh review; a broken one is damage
            result.problem = exc
    entries = _read_list(root)
    found = {e.person: b for e in entries if (b := tree.read(key_path(e.person))) is not None}
    damaged = {p for p, b in found.items() if not _parses(b)}  # one bad file would make gpg import none
    with gpg.temp_home() as home:
        blobs = [b for p, b in found.items() if p not in damaged]
        if blobs:
            gpg.import_keys(home, blobs)
        keys = gpg.list_keys(home)
    holders = [Holder(e.person, e.roles, e.agency) for e in entries]
    rules = regime_facts(tree).scopes
    logged = logged_circulations(rules, tree.read(LOG))
    for e, holder in zip(entries, holders, strict=True):
        info = keys.get(e.fingerprint)
        what = reads(rules, holder, holders, lambda p: is_sensitive(p, SENSITIVE), logged)
        if info is None:
            state = "damaged key file" if e.person in damaged else "missing key file"
            result.rows.append(KeyRow(e.person, e.fingerprint, None, False, state, e.roles, e.agency, what))
            continue
        state = ("revoked" if info.revoked else "expired" if info.expired
                 else "ok" if info.can_encrypt else "no encryption key")
        result.rows.append(KeyRow(e.person, e.fingerprint, info.expires, info.can_encrypt, state, e.roles, e.agency,
                                  what))
    return result
