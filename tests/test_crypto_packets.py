"""The pure OpenPGP reader: recipients of real gpg ciphertext, fingerprints of real keys, malformed input."""

from __future__ import annotations

import pytest

from scr_cli.crypto.packets import PacketError, ciphertext_recipients, dearmor, key_ids
from tests.gpgkit import KeyKit, encrypt_to, keykit_fixture  # noqa: F401 - fixture


def test_recipients_and_key_ids_agree_with_gpg(keykit: KeyKit) -> None:
    people = ["board-chair", "panel-chair", "author"]
    data = encrypt_to(keykit, people, b"Canary text")
    found = ciphertext_recipients(data)
    assert len(found) == 3
    owners = set()
    for person in people:
        primary, ids = key_ids(keykit.public(person))
        assert primary == keykit.fingerprint(person)
        assert primary[-16:] in ids and len(ids) == 2  # primary + encryption subkey
        owners |= ids & found
    assert owners == found


@pytest.mark.parametrize("data", [b"", b"plain text", b"\x85", b"\xc1\x05abc", bytes(range(256))])
def test_malformed_is_refused(data: bytes) -> None:
    with pytest.raises(PacketError):
        ciphertext_recipients(data)


def test_truncated_and_trailing(keykit: KeyKit) -> None:
    data = encrypt_to(keykit, ["author"], b"x" * 3000)
    for cut in (10, len(data) // 2, len(data) - 1):
        with pytest.raises(PacketError):
            ciphertext_recipients(data[:cut])
    with pytest.raises(PacketError):
        ciphertext_recipients(data + b"\x00")


def test_armor_round_trip(keykit: KeyKit) -> None:
    armored = encrypt_to(keykit, ["author"], b"x", "--armor")
    assert armored.startswith(b"-----BEGIN PGP MESSAGE")
    assert ciphertext_recipients(dearmor(armored))
