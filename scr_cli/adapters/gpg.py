"""GnuPG behind one small interface: temporary short GNUPGHOMEs, full fingerprints, status tokens only.

Every call parses `--status-fd` lines and `--with-colons` output, never gpg's human messages. Decryption is
judged per file by its status tokens (DECRYPTION_OKAY, no BADMDC / DECRYPTION_FAILED), because gpg writes
plaintext even when the integrity check fails. Encrypting and decrypting files, many to one gpg process, is
adapters/gpg_files.py's; this module keeps the homes, the one way gpg is run, keys and signatures.

gpg is driven through adapters/proc.py directly rather than python-gnupg: python-gnupg has no multi-file
operations and reports a misleading status for tampered data (see design/stack.md).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli.adapters import proc, verdicts
from scr_cli.errors import DataError, EnvironmentProblem, ToolFailed

STATUS = "[GNUPG:] "
_SOCKET_LIMIT = 80  # leave room under the ~108-byte socket path limit for "S.gpg-agent.browser"


def _short_base() -> str:
    import tempfile  # with concurrent.futures below, only when gpg runs: a remembered check needs neither

    base = tempfile.gettempdir()
    return base if len(base) < 40 else "/tmp"


@contextlib.contextmanager
def temp_home() -> Iterator[Path]:
    """A throwaway GNUPGHOME with a short path; agents are stopped and the folder removed afterwards."""
    import tempfile

    home = Path(tempfile.mkdtemp(prefix="scr-g", dir=_short_base()))
    os.chmod(home, 0o700)
    try:
        yield home
    finally:
        stop_agents(home)
        shutil.rmtree(home, ignore_errors=True)


def stop_agents(home: Path) -> None:
    if any(home.glob("S.*")):
        with contextlib.suppress(EnvironmentProblem):
            proc.run(["gpgconf", "--homedir", str(home), "--kill", "all"], check=False, timeout=10)


def short_home_path(home: Path) -> Path:
    """`home` itself when its sockets fit the path limit, else a short /tmp symlink to it (reused)."""
    if len(str(home)) < _SOCKET_LIMIT:
        return home
    import hashlib

    target = os.path.abspath(home)
    link = Path("/tmp") / f"scr-h-{os.getuid()}-{hashlib.sha256(target.encode()).hexdigest()[:12]}"
    if link.is_symlink() and os.readlink(link) == target:
        return link
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    link.symlink_to(target)
    return link


def _args(home: Path | None, *extra: str) -> list[str]:
    args = ["gpg", "--batch", "--no-tty", "--yes", "--status-fd", "2", "--no-auto-key-retrieve",
            "--auto-key-locate", "local", "--no-encrypt-to"]
    if home is not None:
        args[1:1] = ["--homedir", str(home)]
    return [*args, *extra]


@dataclass(frozen=True)
class Result:
    """One gpg run: its exit code, its status lines split into words, its output and first error line."""

    returncode: int
    status: list[list[str]]  # each status line split into words, without the "[GNUPG:]" prefix
    stdout: bytes
    message: str  # first human line of stderr, for an error message

    def has(self, token: str) -> bool:
        return any(words and words[0] == token for words in self.status)

    def first(self, token: str) -> list[str] | None:
        return next((w for w in self.status if w and w[0] == token), None)


def call(home: Path | None, *extra: str, input: bytes | None = None, timeout: float = 300) -> Result:
    done = proc.run(_args(home, *extra), input=input, check=False, timeout=timeout)
    status: list[list[str]] = []
    human = ""
    for line in done.err.splitlines():
        if line.startswith(STATUS):
            status.append(line[len(STATUS):].split())
        elif line.strip() and not human:
            human = line.strip()
    return Result(done.returncode, status, done.stdout, human)


# --- keys ---

@dataclass(frozen=True)
class KeyInfo:
    """One key as gpg lists it: fingerprint, validity, expiry and what it can do (encrypt, sign, secret held)."""

    fingerprint: str
    validity: str  # gpg's validity letter: 'e' expired, 'r' revoked, ...
    expires: int | None  # seconds since the epoch
    can_encrypt: bool
    can_sign: bool
    has_secret: bool = False

    @property
    def expired(self) -> bool:
        return self.validity == "e"

    @property
    def revoked(self) -> bool:
        return self.validity == "r"


def list_keys(home: Path | None, *, secret: bool = False) -> dict[str, KeyInfo]:
    what = "--list-secret-keys" if secret else "--list-keys"
    res = call(home, "--with-colons", "--fixed-list-mode", what)
    keys: dict[str, KeyInfo] = {}
    current: list[str] | None = None
    for line in res.stdout.decode("utf-8", "replace").splitlines():
        fields = line.split(":")
        if fields[0] in ("pub", "sec"):
            current = fields
        elif fields[0] == "fpr" and current is not None:
            caps = current[11] if len(current) > 11 else ""
            expires = int(current[6]) if current[6].isdigit() else None
            keys[fields[9]] = KeyInfo(fields[9], current[1], expires, "E" in caps, "S" in caps,
                                      current[0] == "sec")
            current = None
    return keys


def import_keys(home: Path, blobs: Sequence[bytes]) -> set[str]:
    """Import public keys; returns the fingerprints gpg reported (IMPORT_OK)."""
    res = call(home, "--import", "--import-options", "import-minimal", input=b"\n".join(blobs))
    found = {w[2] for w in res.status if w[0] == "IMPORT_OK" and len(w) > 2}
    if res.returncode not in (0, 2) or not res.has("IMPORT_RES"):
        raise ToolFailed(f"gpg could not import keys: {res.message}")
    return found


def export_public(home: Path | None, fingerprint: str) -> bytes:
    res = call(home, "--armor", "--export-options", "export-minimal", "--export", fingerprint)
    if not res.stdout.strip():
        raise DataError(f"no public key {fingerprint} in the keyring")
    return res.stdout


def generate_key(home: Path, uid: str) -> str:
    """A passphrase-less ed25519 key with a cv25519 encryption subkey (demo and tests). Returns its fingerprint."""
    opts = ("--pinentry-mode", "loopback", "--passphrase", "")
    res = call(home, *opts, "--quick-gen-key", uid, "ed25519", "sign,cert", "never")
    created = res.first("KEY_CREATED")
    if created is None:
        raise ToolFailed(f"gpg could not create a key: {res.message}")
    fpr = created[2]
    res = call(home, *opts, "--quick-add-key", fpr, "cv25519", "encr", "never")
    if res.returncode != 0:
        raise ToolFailed(f"gpg could not add an encryption subkey: {res.message}")
    return fpr


def tool_failed(what: str, res: Result) -> ToolFailed:
    """A failure of gpg for a reason of the machine (its message names the file: a full disk, a read-only folder)."""
    hint = ("free some space and run the command again" if "No space left" in res.message
            else "fix what gpg reports (`gpg --list-keys` should work with the same GnuPG home)")
    return ToolFailed(f"gpg could not {what}: {res.message}", hint=hint)


# --- signatures ---

def sign_detached(home: Path | None, data: bytes, fingerprint: str) -> bytes:
    res = call(home, "--armor", "--detach-sign", "--local-user", f"{fingerprint}!", "--output", "-", input=data)
    if res.returncode != 0 or not res.has("SIG_CREATED"):
        if res.has("NO_SECKEY") or "secret key" in res.message.lower() or "No secret" in res.message:
            raise EnvironmentProblem(f"no secret key for {fingerprint} in your GnuPG keyring",
                                     hint="sign on the machine that holds the chair's key, or pass --gnupghome")
        raise tool_failed("sign", res)
    return res.stdout


def verify_detached(data: bytes, signature: bytes, public_keys: Sequence[bytes]) -> str | None:
    """The primary fingerprint of a good, current signature over data, or None.

    A good answer is remembered (adapters/verdicts.py) until the first expiry among the keys and the
    signature, so the same question costs no gpg next time; a bad one is asked again every time.
    """
    question = verdicts.key(data, signature, public_keys)
    signer = verdicts.known(question)
    if signer is not None:
        return signer
    with temp_home() as home:
        import_keys(home, public_keys)
        sig = home / "data.sig"
        sig.write_bytes(signature)
        res = call(home, "--trust-model", "always", "--verify", str(sig), "-", input=data)
        valid = res.first("VALIDSIG")
        if res.returncode != 0 or not res.has("GOODSIG") or valid is None or len(valid) < 11:
            return None
        listed = call(home, "--with-colons", "--fixed-list-mode", "--list-keys").stdout
    verdicts.learnt(question, valid[10], _first_expiry(listed, valid[4]))
    return valid[10]


def _first_expiry(colons: bytes, signature_expiry: str) -> int | None:
    """The earliest expiry (epoch seconds) among every key and subkey listed and the signature; None: none."""
    found = [signature_expiry] + [f[6] for f in (ln.split(":") for ln in colons.decode("utf-8", "replace").splitlines())
                                  if f[0] in ("pub", "sub") and len(f) > 6]
    return min((int(v) for v in found if v.isdigit() and int(v) > 0), default=None)
