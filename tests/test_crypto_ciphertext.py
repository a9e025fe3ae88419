"""Ciphertext that is ciphertext: a `.gpg` passes only as one OpenPGP message whose encrypted body is random.

No false positive on 1,000+ real gpg ciphertexts (a few bytes to megabytes, text, random and zero content,
compressed and not, to one and to three readers); every forgery refused: real recipient packets followed by
plaintext, text in other scripts, zeros, raw binary, a too-short body, bytes after the message, extra packets.
"""

from __future__ import annotations

import os
import random
import subprocess
from pathlib import Path

import pytest

from scr_cli.adapters import gpg, gpg_files
from scr_cli.crypto.entropy import binomial_limit, randomness_problem, repeat_limit, windows
from scr_cli.crypto.packets import PacketError, ciphertext_recipients, packets
from tests.gpgkit import KeyKit, encrypt_to, keykit_fixture  # noqa: F401 - fixture

READERS = ["board-chair", "panel-chair", "author"]
TEXT = (b"members:\n  - pseudonym: Child Q\n    real_names: [Canary Quillfeather]\n"
        b"The family moved to the area in the spring; the school noticed bruising twice.\n")


def packet(tag: int, body: bytes) -> bytes:
    """A new-format OpenPGP packet with a five-byte length."""
    return bytes([0xC0 | tag, 255]) + len(body).to_bytes(4, "big") + body


def session_packets(kit: KeyKit, persons: list[str]) -> bytes:
    """The real public-key session key packets of a gpg encryption to these people."""
    real = encrypt_to(kit, persons, b"x")
    return real[: max(p.end for p in packets(real) if p.tag == 1)]


def _real_ciphertexts(kit: KeyKit, tmp: Path) -> list[tuple[str, bytes]]:
    """(what, ciphertext) for ~1,050 real encryptions by gpg: sizes from 0 bytes to 4 MiB."""
    rng = random.Random(20261129)
    work = tmp / "work"
    work.mkdir()
    sources = []
    sizes = [0, 1, 2, 5, 13, 40, 100] + [int(2 ** rng.uniform(0, 17)) for _ in range(900)]
    sizes += [int(2 ** rng.uniform(17, 22)) for _ in range(40)]
    for i, size in enumerate(sizes):
        kind = ("random", "text", "zeros")[i % 3]
        data = rng.randbytes(size) if kind == "random" else (TEXT * (size // len(TEXT) + 1))[:size] \
            if kind == "text" else bytes(size)
        src = tmp / f"plain-{i}"
        src.write_bytes(data)
        sources.append((f"{kind} {size} B", src))
    found: list[tuple[str, bytes]] = []
    with gpg.temp_home() as home:
        gpg.import_keys(home, [kit.public(p) for p in READERS])
        for persons in (READERS, READERS[:1]):
            out = tmp / ("three" if len(persons) == 3 else "one")
            out.mkdir()
            made = gpg_files.encrypt_files(home, [s for _, s in sources], [kit.fingerprint(p) for p in persons], out)
            found += [(f"{what} to {len(persons)}", p.read_bytes()) for (what, _), p in zip(sources, made,
                                                                                            strict=True)]
        # and without compression, so text and zeros reach the encrypted packet at full length
        for what, src in sources[::20]:
            done = subprocess.run(["gpg", "--homedir", str(home), "--batch", "--trust-model", "always",
                                   "--compress-algo", "none", "-r", kit.fingerprint("author"), "--encrypt",
                                   "--output", "-", str(src)], capture_output=True, check=True)
            found.append((f"{what} uncompressed", done.stdout))
    return found


@pytest.mark.slow
def test_no_false_positive_on_real_ciphertexts(keykit: KeyKit, tmp_path: Path) -> None:
    real = _real_ciphertexts(keykit, tmp_path)
    assert len(real) >= 1000
    sizes = sorted(len(data) for _, data in real)
    assert sizes[0] < 200 and sizes[-1] > 2_000_000
    refused = []
    for what, data in real:
        try:
            ciphertext_recipients(data)
        except PacketError as exc:
            refused.append(f"{what}: {exc}")
    assert refused == []


def test_random_bodies_pass_at_every_size() -> None:
    rng = random.Random(7)
    for size in [*range(30, 300, 7), 1023, 1024, 4095, 4096, 5000, 9000, 70_000]:
        for _ in range(20):
            assert randomness_problem(rng.randbytes(size)) is None, size


def _forgeries(kit: KeyKit) -> dict[str, bytes]:
    head = session_packets(kit, READERS)
    rng = random.Random(11)
    big_text = TEXT * 200
    noise = rng.randbytes(40_000)
    return {
        "plaintext as the encrypted body": head + packet(18, b"\x01" + TEXT),
        "long plaintext as the body": head + packet(18, b"\x01" + big_text),
        "text in Cyrillic": head + packet(18, b"\x01" + ("Семья переехала весной. " * 40).encode()),
        "text in Chinese": head + packet(18, b"\x01" + ("家庭在春天搬到了这个地区。" * 40).encode()),
        "zeros": head + packet(18, b"\x01" + bytes(5000)),
        "one repeated byte (short)": head + packet(18, b"\x01" + b"\xa7" * 60),
        "raw binary (counting bytes)": head + packet(18, b"\x01" + bytes(range(256)) * 40),
        "random, then plaintext": head + packet(18, b"\x01" + noise + big_text),
        "plaintext, then random": head + packet(18, b"\x01" + big_text + noise),
        "random with a page of text inside": head + packet(18, b"\x01" + noise[:20_000] + TEXT * 40 + noise[20_000:]),
        "too short to hold encrypted data": head + packet(18, b"\x01" + rng.randbytes(30)),
        "AEAD packet holding plaintext": head + packet(20, b"\x01\x09\x02\x10" + rng.randbytes(15) + big_text),
        "SEIPD v2 holding plaintext": head + packet(18, b"\x02\x09\x02\x10" + rng.randbytes(32) + big_text),
        "unknown SEIPD version": head + packet(18, b"\x05" + rng.randbytes(200)),
        "literal data after the message": encrypt_to(kit, READERS, TEXT) + packet(11, b"b\x00\x00\x00\x00\x00" + TEXT),
        "compressed data instead": head + packet(8, b"\x01" + TEXT),
        "marker packet first": packet(10, b"PGP") + encrypt_to(kit, READERS, TEXT),
        "literal data alone": packet(11, b"b\x00\x00\x00\x00\x00" + TEXT),
        "session key packet with text after its fields": _padded_session_key(kit) + packet(18, b"\x01" + noise),
        "the same session key packet twice": head + head[: next(packets(head)).end] + packet(18, b"\x01" + noise),
    }


def _padded_session_key(kit: KeyKit) -> bytes:
    first = next(packets(session_packets(kit, ["author"])))
    return packet(1, first.body + TEXT[:40])


def test_forgeries_are_refused(keykit: KeyKit) -> None:
    accepted = []
    for name, data in _forgeries(keykit).items():
        try:
            ciphertext_recipients(data)
            accepted.append(name)
        except PacketError:
            pass
    assert accepted == []
    assert len(_forgeries(keykit)) >= 20


def test_the_reason_names_what_was_found(keykit: KeyKit) -> None:
    head = session_packets(keykit, READERS)
    with pytest.raises(PacketError, match="printable text where ciphertext is expected"):
        ciphertext_recipients(head + packet(18, b"\x01" + TEXT * 3))
    with pytest.raises(PacketError, match="too short"):
        ciphertext_recipients(head + packet(18, b"\x01" + os.urandom(20)))


def test_thresholds_are_the_exact_tails() -> None:
    # the binomial limit: P(X >= t) <= 1e-12 with X ~ Bin(4096, 98/256); mean 1568, sd 31
    limit = binomial_limit(4096, 98 / 256)
    assert 1568 + 6 * 31 < limit < 1568 + 8 * 31
    assert 20 < repeat_limit(60) < 40  # 60 random bytes hold ~7 repeats (sd 2.3)
    assert windows(4096 + 100) == [(0, 4196)] and windows(10_000) == [(0, 4096), (4096, 8192), (8192, 10_000)]
