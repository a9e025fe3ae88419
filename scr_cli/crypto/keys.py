"""`scr keys add|remove|list|sign`: who can read the review's sensitive files.

Adding or removing a reader rewrites .scr/keys/readers.yaml, which voids the chair's signature. When the
chair's secret key is in your keyring the list is re-signed at once and every sensitive file re-encrypted
(`scr rekey`); otherwise the chair runs `scr keys sign`, which signs and re-encrypts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from scr_cli.adapters import gpg
from scr_cli.crypto.readers import (
    chairs,
    parse_list,
    people_ids,
    render_list,
    verified_readers,
)
from scr_cli.crypto.rekey import RekeyResult, history_versions, rekey
from scr_cli.crypto.state import exclusive, head_reader, private_umask, undo_on_error, write_atomic
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.review.layout import READERS, SIGNATURE
from scr_cli.review.layout import key_file as key_path
from scr_cli.store.tree import WorkTree


@dataclass
class KeyRow:
    """One reader in `scr keys list`: person, fingerprint, expiry, whether it encrypts, and its state."""

    person: str
    fingerprint: str
    expires: int | None
    can_encrypt: bool
    state: str  # "ok", "expired", "revoked", "missing key file", "no encryption key"


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


def _read_list(root: Path) -> list[tuple[str, str]]:
    file = root / READERS
    return parse_list(file.read_bytes()) if file.exists() else []


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


def _sign(root: Path, result: KeysResult, gnupghome: Path | None, as_person: str | None, required: bool) -> bool:
    """Sign the readers list as a chair and check it end to end; False when no chair's key is here (pending)."""
    tree = WorkTree(root)
    chair_fprs = chairs(tree.read("people.yaml"))
    if as_person is not None:
        candidates = [f for f, p in chair_fprs.items() if p == as_person]
        if not candidates:
            raise DataError(f"{as_person} is not a board or panel chair with a key_fingerprint in people.yaml",
                            path="people.yaml", hint="give the chair's person id with --as")
    else:
        secret = gpg.list_keys(gnupghome, secret=True)
        candidates = [f for f in chair_fprs if f in secret]
        if not candidates:
            if required:
                raise EnvironmentProblem("no chair's secret key is in your GnuPG keyring",
                                         hint="the board or panel chair runs `scr keys sign` with their key")
            result.pending_signature = True
            return False
    fpr = candidates[0]
    data = render_list(parse_list((root / READERS).read_bytes()), chair_fprs)  # signers: today's chairs
    write_atomic(root / READERS, data, 0o644)
    write_atomic(root / SIGNATURE, gpg.sign_detached(gnupghome, data, fpr), 0o644)
    verified_readers(tree.read, head_reader(root))
    result.signed_by = chair_fprs[fpr]
    return True


def _list_files(root: Path, *persons: str) -> list[Path]:
    return [root / READERS, root / SIGNATURE, *(root / key_path(p) for p in persons)]


@exclusive
def add(root: Path, keyfile: Path, person: str, gnupghome: Path | None = None,
        as_person: str | None = None) -> KeysResult:
    private_umask()
    if person not in people_ids(WorkTree(root).read("people.yaml")):
        raise DataError(f"{person} is not in people.yaml", path="people.yaml",
                        hint="add the person to people.yaml first, then their key")
    if not keyfile.is_file():
        raise DataError(f"{keyfile} does not exist", hint="give the path of an exported public key (.asc)")
    fpr, armored, _ = _check_key(keyfile.read_bytes())
    pairs = [(p, f) for p, f in _read_list(root) if p != person]
    if any(f == fpr for _, f in pairs):
        raise DataError("this key already belongs to another reader", path=READERS,
                        hint="each reader needs their own key")
    (root / ".scr/keys").mkdir(parents=True, exist_ok=True)
    result = KeysResult(person=person, fingerprint=fpr)
    with undo_on_error(_list_files(root, person)):  # a failed signature or check leaves the list as it was
        write_atomic(root / key_path(person), armored, 0o644)
        signers = chairs(WorkTree(root).read("people.yaml"))
        write_atomic(root / READERS, render_list([*pairs, (person, fpr)], signers), 0o644)
        signed = _sign(root, result, gnupghome, as_person, required=False)
    if signed:
        result.rekey = rekey(root, gnupghome)
    return result


@exclusive
def remove(root: Path, person: str, gnupghome: Path | None = None, as_person: str | None = None) -> KeysResult:
    private_umask()
    pairs = _read_list(root)
    if person not in {p for p, _ in pairs}:
        raise DataError(f"{person} is not a reader", path=READERS, hint="see `scr keys list`")
    remaining = [(p, f) for p, f in pairs if p != person]
    if not remaining:
        raise DataError("cannot remove the last reader", path=READERS, hint="add another reader first")
    result = KeysResult(person=person, fingerprint=dict(pairs)[person])
    with undo_on_error(_list_files(root, person)):
        write_atomic(root / READERS, render_list(remaining, chairs(WorkTree(root).read("people.yaml"))), 0o644)
        if person not in chairs(WorkTree(root).read("people.yaml")).values():
            (root / key_path(person)).unlink(missing_ok=True)  # chairs' keys stay: they verify the signature
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


def list_readers(root: Path) -> KeysResult:
    tree = WorkTree(root)
    result = KeysResult()
    try:
        readers = verified_readers(tree.read, head_reader(root))
        result.signature = f"valid (signed by {readers.signer_person})"
    except DataError as exc:
        result.signature = exc.message
    pairs = _read_list(root)
    with gpg.temp_home() as home:
        blobs = [b for p, _ in pairs if (b := tree.read(key_path(p))) is not None]
        if blobs:
            gpg.import_keys(home, blobs)
        keys = gpg.list_keys(home)
    for person, fpr in pairs:
        info = keys.get(fpr)
        if info is None:
            result.rows.append(KeyRow(person, fpr, None, False, "missing key file"))
            continue
        state = ("revoked" if info.revoked else "expired" if info.expired
                 else "ok" if info.can_encrypt else "no encryption key")
        result.rows.append(KeyRow(person, fpr, info.expires, info.can_encrypt, state))
    return result
