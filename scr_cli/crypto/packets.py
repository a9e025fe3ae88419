"""OpenPGP packets read in pure Python (RFC 4880): fast enough for a hook to check every blob, no gpg needed.

- `ciphertext_recipients(data)` says whether bytes are a binary OpenPGP encrypted message (public-key
  session keys, then one integrity-protected data packet reaching exactly to the end) and returns the
  8-byte key IDs it is encrypted to.
- `key_ids(armored_public_key)` gives a public key's primary fingerprint and the key IDs of the primary
  key and all its subkeys (v4 fingerprints: SHA-1 over 0x99, a 2-byte length and the key packet body).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

TAG_PKESK = 1
TAG_SKESK = 3
TAG_PUBLIC_KEY = 6
TAG_SED = 9  # encrypted without integrity protection: refused
TAG_SEIPD = 18
TAG_AEAD = 20
TAG_PUBLIC_SUBKEY = 14
WILDCARD = "0000000000000000"


class PacketError(ValueError):
    """The bytes are not well-formed OpenPGP."""


@dataclass(frozen=True)
class Packet:
    """One OpenPGP packet: its tag, its body (or the first chunk of it), and where the next one starts."""

    tag: int
    body: bytes  # for partial-length packets only the first chunk (enough for headers)
    end: int  # offset just after the packet


def _new_length(data: bytes, pos: int) -> tuple[int, int, bool]:
    """(length, header bytes used, partial?) of a new-format length at pos."""
    if pos >= len(data):
        raise PacketError("truncated length")
    first = data[pos]
    if first < 192:
        return first, 1, False
    if first < 224:
        if pos + 1 >= len(data):
            raise PacketError("truncated length")
        return ((first - 192) << 8) + data[pos + 1] + 192, 2, False
    if first == 255:
        if pos + 5 > len(data):
            raise PacketError("truncated length")
        return int.from_bytes(data[pos + 1:pos + 5], "big"), 5, False
    return 1 << (first & 0x1F), 1, True


def packets(data: bytes) -> Iterator[Packet]:
    pos = 0
    while pos < len(data):
        head = data[pos]
        if not head & 0x80:
            raise PacketError("not an OpenPGP packet")
        if head & 0x40:  # new format
            tag = head & 0x3F
            pos += 1
            length, used, partial = _new_length(data, pos)
            pos += used
            start = pos
            first_chunk = data[start:start + length]
            pos += length
            while partial:
                if pos > len(data):
                    raise PacketError("truncated packet")
                length, used, partial = _new_length(data, pos)
                pos += used + length
            body = first_chunk
        else:  # old format
            tag = (head >> 2) & 0x0F
            kind = head & 0x03
            if kind == 3:  # indeterminate length: to the end
                body, pos = data[pos + 1:], len(data)
                yield Packet(tag, body, pos)
                continue
            size = (1, 2, 4)[kind]
            if pos + 1 + size > len(data):
                raise PacketError("truncated header")
            length = int.from_bytes(data[pos + 1:pos + 1 + size], "big")
            start = pos + 1 + size
            body = data[start:start + length]
            pos = start + length
        if pos > len(data):
            raise PacketError("truncated packet")
        yield Packet(tag, body, pos)


def ciphertext_recipients(data: bytes) -> frozenset[str]:
    """Key IDs (16 upper-case hex digits) of a binary OpenPGP encrypted message, or PacketError."""
    if not data:
        raise PacketError("empty file")
    recipients: set[str] = set()
    saw_data = False
    for packet in packets(data):
        if saw_data:
            raise PacketError("bytes after the encrypted data")
        if packet.tag == TAG_PKESK:
            if len(packet.body) < 10 or packet.body[0] != 3:
                raise PacketError("unsupported session key packet")
            recipients.add(packet.body[1:9].hex().upper())
        elif packet.tag in (TAG_SEIPD, TAG_AEAD):
            if not recipients:
                raise PacketError("no public-key recipients")
            saw_data = True
        elif packet.tag == TAG_SKESK:
            raise PacketError("encrypted with a passphrase, not to the readers' keys")
        elif packet.tag == TAG_SED:
            raise PacketError("encrypted without integrity protection")
        else:
            raise PacketError(f"unexpected packet type {packet.tag}")
    if not saw_data:
        raise PacketError("no encrypted data")
    return frozenset(recipients)


def dearmor(text: bytes) -> bytes:
    """The binary content of an ASCII-armored block (or the bytes themselves when already binary)."""
    if not text.lstrip().startswith(b"-----BEGIN PGP"):
        return text
    lines = text.decode("ascii", "replace").splitlines()
    body: list[str] = []
    state = "header"
    for line in lines:
        stripped = line.strip()
        if state == "header":
            if stripped.startswith("-----BEGIN PGP"):
                state = "fields"
        elif state == "fields":
            if not stripped:
                state = "body"
            elif ":" not in stripped:
                state = "body"
                body.append(stripped)
        elif state == "body":
            if stripped.startswith("-----END PGP") or stripped.startswith("="):
                break
            body.append(stripped)
    try:
        return base64.b64decode("".join(body), validate=True)
    except ValueError as exc:
        raise PacketError("bad armor") from exc


def _v4_fingerprint(body: bytes) -> str:
    if not body or body[0] != 4:
        raise PacketError("only version 4 keys are supported")
    digest = hashlib.sha1(b"\x99" + len(body).to_bytes(2, "big") + body, usedforsecurity=False)
    return digest.hexdigest().upper()


def key_ids(public_key: bytes) -> tuple[str, frozenset[str]]:
    """(primary fingerprint, key IDs of primary and subkeys) of one transferable public key."""
    primary = ""
    ids: set[str] = set()
    for packet in packets(dearmor(public_key)):
        if packet.tag == TAG_PUBLIC_KEY:
            if primary:
                raise PacketError("more than one key in the file")
            primary = _v4_fingerprint(packet.body)
            ids.add(primary[-16:])
        elif packet.tag == TAG_PUBLIC_SUBKEY:
            ids.add(_v4_fingerprint(packet.body)[-16:])
        elif packet.tag in (5, 7):
            raise PacketError("the file holds a secret key: export only the public key")
    if not primary:
        raise PacketError("no public key in the file")
    return primary, frozenset(ids)
