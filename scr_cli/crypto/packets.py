"""OpenPGP packets read in pure Python (RFC 4880): fast enough for a hook to check every blob, no gpg needed.

- `ciphertext_recipients(data)` says whether bytes are a binary OpenPGP encrypted message (public-key
  session keys, each parsed to its last byte, then one integrity-protected data packet reaching exactly to
  the end, whose body looks like ciphertext) and returns the 8-byte key IDs it is encrypted to.
- `key_ids(armored_public_key)` gives a public key's primary fingerprint and the key IDs of the primary
  key and all its subkeys (v4 fingerprints: SHA-1 over 0x99, a 2-byte length and the key packet body).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

from scr_cli.crypto.entropy import randomness_problem

TAG_PKESK = 1
TAG_SKESK = 3
TAG_PUBLIC_KEY = 6
TAG_SED = 9  # encrypted without integrity protection: refused
TAG_SEIPD = 18
TAG_AEAD = 20
TAG_PUBLIC_SUBKEY = 14
WILDCARD = "0000000000000000"
MAX_SESSION_KEY = 1100  # an RSA-8192 session key packet is ~1,040 bytes


class PacketError(ValueError):
    """The bytes are not well-formed OpenPGP."""


@dataclass(frozen=True)
class Packet:
    """One OpenPGP packet: its tag, its body (or the first chunk of it), and where the next one starts."""

    tag: int
    body: bytes  # the whole body (the chunks of a partial-length packet joined)
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


def _new_format(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """(tag, body, end) of a new-format packet starting at pos."""
    tag = data[pos] & 0x3F
    pos += 1
    chunks: list[bytes] = []
    partial = True
    while partial:
        length, used, partial = _new_length(data, pos)
        pos += used
        if pos + length > len(data):
            raise PacketError("truncated packet")
        chunks.append(data[pos:pos + length])
        pos += length
    return tag, b"".join(chunks), pos


def _old_format(data: bytes, pos: int) -> tuple[int, bytes, int]:
    """(tag, body, end) of an old-format packet starting at pos."""
    head = data[pos]
    tag = (head >> 2) & 0x0F
    kind = head & 0x03
    if kind == 3:  # indeterminate length: to the end
        return tag, data[pos + 1:], len(data)
    size = (1, 2, 4)[kind]
    if pos + 1 + size > len(data):
        raise PacketError("truncated header")
    length = int.from_bytes(data[pos + 1:pos + 1 + size], "big")
    start = pos + 1 + size
    if start + length > len(data):
        raise PacketError("truncated packet")
    return tag, data[start:start + length], start + length


def packets(data: bytes) -> Iterator[Packet]:
    pos = 0
    while pos < len(data):
        head = data[pos]
        if not head & 0x80:
            raise PacketError("not an OpenPGP packet")
        tag, body, pos = _new_format(data, pos) if head & 0x40 else _old_format(data, pos)
        yield Packet(tag, body, pos)


def _mpi_end(body: bytes, pos: int) -> int:
    """The offset just after a multiprecision integer starting at pos (2-byte bit count, then the bytes)."""
    if pos + 2 > len(body):
        raise PacketError("truncated session key packet")
    end = pos + 2 + (int.from_bytes(body[pos:pos + 2], "big") + 7) // 8
    if end > len(body):
        raise PacketError("truncated session key packet")
    return end


def session_key_id(body: bytes) -> str:
    """The key ID of a version 3 public-key session key packet whose fields fill it exactly (or PacketError).

    Exact parsing leaves no room to carry other bytes beside the encrypted session key.
    """
    if len(body) < 12 or body[0] != 3 or len(body) > MAX_SESSION_KEY:
        raise PacketError("unsupported session key packet")
    algo, pos = body[9], 10
    if algo in (1, 2, 3):  # RSA: one MPI
        pos = _mpi_end(body, pos)
    elif algo in (16, 20):  # Elgamal: two MPIs
        pos = _mpi_end(body, _mpi_end(body, pos))
    elif algo == 18:  # ECDH: the ephemeral point, then the wrapped key with a one-byte length
        pos = _mpi_end(body, pos)
        if pos >= len(body):
            raise PacketError("truncated session key packet")
        pos += 1 + body[pos]
    else:
        raise PacketError(f"unsupported public-key algorithm {algo} in a session key packet")
    if pos != len(body):
        raise PacketError("a session key packet carries bytes beyond its fields")
    return body[1:9].hex().upper()


def _encrypted_body(packet: Packet) -> bytes:
    """The encrypted bytes of an integrity-protected data packet, after its fixed header fields."""
    body = packet.body
    if packet.tag == TAG_SEIPD and body[:1] == b"\x01":
        header, least = 1, 1 + 18 + 22  # version; then the random prefix (block size + 2) and the MDC
    elif packet.tag == TAG_SEIPD and body[:1] == b"\x02":
        header, least = 4 + 32, 4 + 32 + 16  # version, cipher, AEAD mode, chunk size, salt; a final tag
    elif packet.tag == TAG_AEAD and body[:1] == b"\x01":
        header, least = 4 + 15, 4 + 15 + 32  # version, cipher, mode, chunk size, IV (15 or 16); two tags
    else:
        raise PacketError("unsupported version of the encrypted data packet")
    if len(body) < least:
        raise PacketError("too short to hold encrypted data")
    return body[header:]


def ciphertext_recipients(data: bytes, check_body: bool = True) -> frozenset[str]:
    """Key IDs (16 upper-case hex digits) of a binary OpenPGP encrypted message, or PacketError.

    The message must be exactly: public-key session key packets (each key once), then one integrity-protected
    data packet reaching to the end, whose bytes look like ciphertext (see crypto/entropy.py). `check_body`
    False skips that last test, for what gpg has just encrypted here (~1 ms per file; the hooks test it).
    """
    if not data:
        raise PacketError("empty file")
    recipients: set[str] = set()
    saw_data = False
    for packet in packets(data):
        if saw_data:
            raise PacketError("bytes after the encrypted data")
        if packet.tag == TAG_PKESK:
            key = session_key_id(packet.body)
            if key in recipients:
                raise PacketError("two session key packets for one key")
            recipients.add(key)
        elif packet.tag in (TAG_SEIPD, TAG_AEAD):
            if not recipients:
                raise PacketError("no public-key recipients")
            problem = randomness_problem(_encrypted_body(packet)) if check_body else None
            if problem:
                raise PacketError(f"not encrypted: {problem}")
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
