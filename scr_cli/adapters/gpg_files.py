"""Encrypting and decrypting with gpg: many files to one process (`--multifile`), and single messages.

A batch works in a private work folder, so 500 files cost a few gpg start-ups, not 500. Decryption is judged
per file by its status tokens (DECRYPTION_OKAY with an integrity check, no BADMDC or DECRYPTION_FAILED),
because gpg writes plaintext even when the integrity check fails; nothing is taken from gpg's exit code alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli.adapters.gpg import Result, call, import_keys, temp_home, tool_failed
from scr_cli.errors import DataError, EnvironmentProblem, ToolFailed


def _segments(res: Result) -> list[list[list[str]]]:
    """Status lines split per file at FILE_START (multifile mode)."""
    parts: list[list[list[str]]] = []
    for words in res.status:
        if words and words[0] == "FILE_START":
            parts.append([])
        if parts:
            parts[-1].append(words)
    return parts


def _chunks(count: int) -> list[range]:
    workers = max(1, min(os.cpu_count() or 1, 4))
    if count < 32 or workers == 1:
        return [range(0, count)]
    size = -(-count // workers)
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


def encrypt_files(home: Path, sources: Sequence[Path], fingerprints: Sequence[str], work: Path) -> list[Path]:
    """Encrypt each source to exactly `fingerprints`; returns work/<i>.gpg for each, in order.

    `home` is a temporary GNUPGHOME holding only the readers' public keys; `work` a private empty folder
    on the same file system as the targets (so the caller can os.replace the results).
    """
    links = []
    for i, src in enumerate(sources):
        link = work / str(i)
        os.symlink(os.path.abspath(src), link)
        links.append(link)
    recips: list[str] = []
    for fpr in fingerprints:
        recips += ["--recipient", fpr]  # full fingerprint; gpg picks its encryption subkey

    def one(part: range) -> None:
        res = call(home, "--trust-model", "always", "--compress-algo", "zlib", *recips, "--multifile",
                   "--encrypt", *[str(links[i]) for i in part])
        segs = _segments(res)
        bad = [seg for seg in segs if not any(w[0] == "END_ENCRYPTION" for w in seg)]
        if res.returncode != 0 or len(segs) != len(part) or bad:
            if res.has("INV_RECP"):
                raise DataError("a reader's key cannot be used for encryption (expired, revoked or not an "
                                "encryption key)", hint="run `scr keys list` and replace that key")
            raise tool_failed("encrypt", res)

    from concurrent.futures import ThreadPoolExecutor  # with logging: only for a batch

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, _chunks(len(links))))
    for link in links:
        link.unlink()
    return [work / f"{i}.gpg" for i in range(len(sources))]


def encrypt_to_key(key: bytes, data: bytes) -> bytes:
    """`data` encrypted to the one key in `key` (an exported public key), in a throwaway keyring; binary OpenPGP.

    The keyring holds that key alone, and --no-encrypt-to keeps a user's gpg.conf from adding anyone.
    """
    with temp_home() as home:
        found = import_keys(home, [key])
        if len(found) != 1:
            raise DataError("the key file does not hold exactly one key", hint="replace it with `scr keys add`")
        fpr = next(iter(found))
        res = call(home, "--trust-model", "always", "--compress-algo", "none", "--recipient", fpr,
                   "--encrypt", "--output", "-", input=data)
    if res.returncode != 0 or not res.has("END_ENCRYPTION"):
        if res.has("INV_RECP"):
            raise DataError("the recipient's key cannot be used for encryption (expired, revoked or not an "
                            "encryption key)", hint="ask them for a current key, or send with --password")
        raise tool_failed("encrypt", res)
    return res.stdout


@dataclass(frozen=True)
class Decrypted:
    """One file of a batch decryption: whether gpg vouched for it, where its plaintext is, or why not."""

    ok: bool
    path: Path  # the plaintext in the work folder (only meaningful when ok)
    reason: str = ""  # "no-secret-key" | "damaged" | "missing"


def _integrity_protected(seg: list[list[str]]) -> bool:
    """GOODMDC, or DECRYPTION_INFO naming an MDC or AEAD method.

    Without either the data had no integrity protection: gpg says DECRYPTION_OKAY for it when a user's
    gpg.conf holds `ignore-mdc-error`.
    """
    for w in seg:
        if w and w[0] == "GOODMDC":
            return True
        if w and w[0] == "DECRYPTION_INFO" and ((len(w) > 1 and w[1] != "0") or (len(w) > 3 and w[3] != "0")):
            return True
    return False


def _judge(seg: list[list[str]]) -> str:
    tokens = {w[0] for w in seg if w}
    bad = {"BADMDC", "DECRYPTION_FAILED", "ERROR", "NODATA"}
    if "DECRYPTION_OKAY" in tokens and not tokens & bad and _integrity_protected(seg):
        return ""
    enc_to = sum(1 for w in seg if w and w[0] == "ENC_TO")
    no_key = sum(1 for w in seg if w and w[0] == "NO_SECKEY")
    if no_key and no_key >= enc_to and not tokens & {"DECRYPTION_KEY", "PLAINTEXT"}:
        return "no-secret-key"
    return "damaged"


def _collect(res: Result, indices: Sequence[int], work: Path, results: list[Decrypted | None]) -> None:
    segs = _segments(res)
    if not segs and res.returncode != 0:  # gpg stopped before any file: its configuration or environment
        raise ToolFailed(f"gpg could not start decrypting: {res.message}",
                         hint="check your GnuPG home and its gpg.conf (`gpg --list-secret-keys` should work)")
    judged = []
    for n, i in enumerate(indices):
        out = work / str(i)
        reason = _judge(segs[n]) if n < len(segs) else "damaged"
        if not reason and not out.is_file():
            reason = "damaged"
        judged.append((i, out, reason))
    if _unwritten(res, segs, judged):
        for _, out, _ in judged:
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
        full = os.statvfs(work).f_bavail == 0
        raise ToolFailed(f"gpg could not write the decrypted files in {work}"
                         + (": no space left on the disk" if full else f" ({res.message})"),
                         hint="free some space and run the command again" if full else "check the disk and try again")
    for i, out, reason in judged:
        if reason:
            with contextlib.suppress(FileNotFoundError):
                out.unlink()
        results[i] = Decrypted(not reason, out, reason)


def _unwritten(res: Result, segs: list[list[list[str]]], judged: list[tuple[int, Path, str]]) -> bool:
    """Whether gpg failed to write plaintext it decrypted.

    On a full disk it still says DECRYPTION_OKAY and GOODMDC for a file it left empty: so the file must be as
    long as PLAINTEXT_LENGTH says, and a failing exit code must be explained by a file judged bad.
    """
    for n, (_, out, reason) in enumerate(judged):
        length = next((w for w in segs[n] if w and w[0] == "PLAINTEXT_LENGTH"), None) if n < len(segs) else None
        if not reason and length is not None and len(length) > 1 and length[1].isdigit() \
                and out.stat().st_size != int(length[1]):
            return True
    return res.returncode != 0 and all(not reason for _, _, reason in judged)


# A user's gpg.conf applies when decrypting with their own keyring: `use-embedded-filename` there would make gpg
# write the plaintext wherever the ciphertext's literal packet says (any path), outside the private folder.
_DECRYPT = ("--no-use-embedded-filename",)


def decrypt_files(home: Path | None, sources: Sequence[Path], work: Path) -> list[Decrypted]:
    """Decrypt each source into the private folder `work` (0700); judge every file by its own status tokens.

    Plaintext of a file that failed is deleted at once; the caller must use only results with ok=True.
    """
    links = []
    for i, src in enumerate(sources):
        link = work / f"{i}.gpg"
        os.symlink(os.path.abspath(src), link)
        links.append(link)
    results: list[Decrypted | None] = [None] * len(links)

    def one(part: Sequence[int]) -> None:
        _collect(call(home, *_DECRYPT, "--multifile", "--decrypt", *[str(links[i]) for i in part]), part, work,
                 results)

    from concurrent.futures import ThreadPoolExecutor  # with logging: only for a batch

    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(one, _chunks(len(links))))
    failed = [i for i, r in enumerate(results) if r is None or not r.ok]
    if failed:  # once more, alone: parallel gpg processes can race to start the agent under load
        one(failed)
    for link in links:
        link.unlink()
    return [r if r is not None else Decrypted(False, work / str(i), "damaged") for i, r in enumerate(results)]


def decrypt_bytes(home: Path | None, data: bytes) -> bytes:
    """Decrypt one message held in memory (textconv, small files). Raises unless fully successful."""
    res = call(home, *_DECRYPT, "--decrypt", input=data)
    reason = _judge(res.status)
    if reason == "no-secret-key":
        raise EnvironmentProblem("you have no secret key for this file",
                                 hint="ask the chair to add your key with `scr keys add`")
    if reason or res.returncode != 0:
        raise DataError("the encrypted file is damaged or was tampered with",
                        hint="restore it from git (`git checkout -- FILE`)")
    return res.stdout
