"""Detached signatures for sign-offs, through python-gnupg (imported lazily).

Signing uses the signer's own keyring (GNUPGHOME or ~/.gnupg) and names the key by full fingerprint.
Verifying never trusts the user's keyring: a throwaway GNUPGHOME is filled with the public keys the
review holds (.scr/keys/), and a signature counts only with a VALIDSIG status line and no bad one.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from scr_cli.adapters import proc
from scr_cli.errors import DataError, EnvironmentProblem

_BAD = ("BADSIG", "ERRSIG", "EXPKEYSIG", "REVKEYSIG", "EXPSIG", "NO_PUBKEY")


@dataclass(frozen=True)
class Checked:
    ok: bool
    signer: str | None  # primary key fingerprint of the signing key
    problem: str = ""


def _gpg(home: str | None) -> Any:
    import gnupg  # ~40 ms: only commands that sign or verify pay for it

    proc.which("gpg")
    try:
        return gnupg.GPG(gnupghome=home) if home else gnupg.GPG()
    except (OSError, ValueError) as exc:
        raise EnvironmentProblem(
            f"gpg could not start ({type(exc).__name__})", hint="check your GnuPG set-up"
        ) from None


def secret_fingerprints(home: str | None = None) -> set[str]:
    """Full fingerprints of the secret keys in the signer's keyring."""
    return {k["fingerprint"].upper() for k in _gpg(home or os.environ.get("GNUPGHOME")).list_keys(secret=True)}


def sign_detached(data: bytes, fingerprint: str, home: str | None = None) -> str:
    gpg = _gpg(home or os.environ.get("GNUPGHOME"))
    signed = gpg.sign(
        data, keyid=fingerprint, detach=True, clearsign=False, binary=False, extra_args=["--no-auto-key-locate"]
    )
    text = str(signed)
    if not text.startswith("-----BEGIN PGP SIGNATURE-----") or signed.fingerprint is None:
        raise DataError(
            f"gpg could not sign with key {fingerprint}",
            hint="check that the secret key is in your keyring (`gpg -K`) and unlocked",
        )
    return text


class Verifier:
    """`with Verifier(public_keys) as verify: verify(data, armoured_signature) -> Checked`."""

    def __init__(self, public_keys: list[bytes]) -> None:
        self.public_keys = public_keys
        self.home: str | None = None
        self.gpg: Any = None

    def __enter__(self) -> Verifier:
        self.home = tempfile.mkdtemp(prefix="scrv-", dir="/tmp" if os.path.isdir("/tmp") else None)
        os.chmod(self.home, 0o700)
        self.gpg = _gpg(self.home)
        for key in self.public_keys:
            self.gpg.import_keys(key)
        return self

    def __call__(self, data: bytes, signature: str) -> Checked:
        assert self.gpg is not None and self.home is not None
        sig_file = Path(self.home) / "record.asc"
        sig_file.write_text(signature, encoding="utf-8")
        result = self.gpg.verify_data(str(sig_file), data)
        status = str(getattr(result, "stderr", ""))
        if any(f"[GNUPG:] {token}" in status for token in _BAD) or "[GNUPG:] VALIDSIG" not in status:
            problem = "no public key for the signer in .scr/keys/" if "NO_PUBKEY" in status else "does not verify"
            return Checked(False, None, problem)
        signer = getattr(result, "pubkey_fingerprint", None) or getattr(result, "fingerprint", None)
        return Checked(bool(result.valid), str(signer).upper() if signer else None)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        if self.home:
            if any(Path(self.home).glob("S.*")):
                proc.run(["gpgconf", "--homedir", self.home, "--kill", "all"], check=False)
            shutil.rmtree(self.home, ignore_errors=True)
