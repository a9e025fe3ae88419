"""`scr keys add|remove|sign|list`: the readers of the sensitive files and the chair-signed list."""

from __future__ import annotations

from pathlib import Path

from scr_cli.crypto import keys
from scr_cli.crypto.homes import gnupg_home
from scr_cli.crypto.keys import KeysResult
from scr_cli.store.root import find_root


def add(path: Path, keyfile: Path, person: str, gnupghome: Path | None, as_person: str | None) -> KeysResult:
    root = find_root(path)
    return keys.add(root, keyfile, person, gnupg_home(gnupghome, root), as_person)


def remove(path: Path, person: str, gnupghome: Path | None, as_person: str | None) -> KeysResult:
    root = find_root(path)
    return keys.remove(root, person, gnupg_home(gnupghome, root), as_person)


def sign(path: Path, gnupghome: Path | None, as_person: str | None) -> KeysResult:
    root = find_root(path)
    return keys.sign(root, gnupg_home(gnupghome, root), as_person)


def list_readers(path: Path) -> KeysResult:
    return keys.list_readers(find_root(path))
