"""T4, crypto and environment cases: one line on stderr, exit 1 (data) or 2 (environment), nothing changed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.crypto.readers import READERS, SIGNATURE, parse_list, render_list
from tests.gpgkit import (  # noqa: F401 - fixtures
    KeyKit,
    committed_list_digest,
    git_env_fixture,
    keykit_fixture,
    locked_review,
    recipients,
    scr,
    snapshot,
)

pytestmark = pytest.mark.usefixtures("git_env")


def refused(capsys: pytest.CaptureFixture[str], root: Path, code: int, args: list[str], needle: str) -> None:
    before = snapshot(root)
    capsys.readouterr()
    assert scr(*args, "-C", str(root)) == code
    err = capsys.readouterr().err.strip()
    assert err.startswith("scr: error:") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err and needle in err, err
    assert snapshot(root) == before


def _special_key(kit: KeyKit, uid: str, *, expired: bool = False, revoked: bool = False) -> tuple[str, bytes]:
    home = kit.home_for()
    base = ["gpg", "--homedir", str(home), "--batch", "--pinentry-mode", "loopback", "--passphrase", ""]
    when = ["--faked-system-time", "20200101T000000!"] if expired else []
    expiry = "1d" if expired else "never"
    subprocess.run([*base, *when, "--quick-gen-key", uid, "ed25519", "sign,cert", expiry], check=True,
                   capture_output=True)
    fpr = next(iter(gpg.list_keys(home)))
    subprocess.run([*base, *when, "--quick-add-key", fpr, "cv25519", "encr", expiry], check=True, capture_output=True)
    if revoked:
        cert = (home / "openpgp-revocs.d" / f"{fpr}.rev").read_text().replace(":-----BEGIN", "-----BEGIN")
        subprocess.run([*base, "--import"], input=cert.encode(), check=True, capture_output=True)
    return fpr, gpg.export_public(home, fpr)


def _force_reader(root: Path, chair_home: Path, kit: KeyKit, person: str, fpr: str, key: bytes) -> None:
    """Put a key on the signed list directly (as if it was fine when added and went bad later)."""
    (root / f".scr/keys/{person}.asc").write_bytes(key)
    pairs = [p for p in parse_list((root / READERS).read_bytes()) if p[0] != person] + [(person, fpr)]
    (root / READERS).write_bytes(render_list(pairs, previous=committed_list_digest(root)))
    sig = gpg.sign_detached(chair_home, (root / READERS).read_bytes(), kit.fingerprint("board-chair"))
    (root / SIGNATURE).write_bytes(sig)


@pytest.fixture()
def review(tmp_path: Path, keykit: KeyKit) -> tuple[Path, Path]:
    root = tmp_path / "rev"
    home = locked_review(root, keykit)
    (root / "family.yaml").write_text("members: [changed]\n")  # something for lock to do
    return root, home


def test_gpg_missing(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str],
                     monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    root, home = review
    only_git = tmp_path / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    monkeypatch.setenv("PATH", str(only_git))
    refused(capsys, root, 2, ["lock", "--gnupghome", str(home)], "`gpg` was not found")


def test_no_secret_key(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str], keykit: KeyKit) -> None:
    root, _ = review
    (root / "01-referral/referral.md").unlink()
    refused(capsys, root, 2, ["unlock", "--gnupghome", str(keykit.home_for("outsider"))], "no secret key")


@pytest.mark.parametrize("damage", ["flip", "truncate", "garbage", "empty"])
def test_damaged_ciphertext(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str], damage: str) -> None:
    root, home = review
    for rel in ("01-referral/referral.md", "05-imr/police/imr.md"):
        (root / rel).unlink()
    target = root / "05-imr/police/imr.md.gpg"
    data = bytearray(target.read_bytes())
    if damage == "flip":
        data[-5] ^= 0x01
    elif damage == "truncate":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytearray(b"\x85\x01" + b"x" * 40)
    else:
        data = bytearray()
    target.write_bytes(bytes(data))
    needle = "damaged" if damage != "empty" else ""
    refused(capsys, root, 1 if damage != "empty" else 1, ["unlock", "--gnupghome", str(home)], needle)
    assert not (root / "01-referral/referral.md").exists()  # all or nothing


@pytest.mark.parametrize("kind", ["expired", "revoked"])
def test_bad_reader_key(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str], keykit: KeyKit,
                        tmp_path: Path, kind: str) -> None:
    root, home = review
    fpr, key = _special_key(keykit, f"{kind} <{kind}@example.invalid>", **{kind: True})
    keyfile = tmp_path / "bad.asc"
    keyfile.write_bytes(key)
    refused(capsys, root, 1, ["keys", "add", str(keyfile), "--person", "author", "--gnupghome", str(home)],
            f"the key is {kind}")
    _force_reader(root, home, keykit, "author", fpr, key)
    refused(capsys, root, 1, ["lock", "--gnupghome", str(home)], f"the key of reader author is {kind}")


def _edit(root: Path, rel: str, change: Callable[[bytes], bytes]) -> None:
    (root / rel).write_bytes(change((root / rel).read_bytes()))


@pytest.mark.parametrize("tamper,needle", [
    ("add-fingerprint", "changed after it was signed"),
    ("drop-signature", "not signed"),
    ("swap-key", "does not match the signed fingerprint"),
    ("unknown-reader", "has no key file"),
    ("not-yaml", "not valid YAML"),
    ("non-chair-signs", "not signed by a chair"),
])
def test_readers_list_tampering(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str], keykit: KeyKit,
                                tamper: str, needle: str) -> None:
    root, home = review
    out_fpr = keykit.fingerprint("outsider")
    if tamper == "add-fingerprint":
        _edit(root, READERS, lambda b: b.replace(b"readers:\n", f"readers:\n  - person: outsider\n"
                                                              f"    fingerprint: {out_fpr}\n".encode()))
        (root / ".scr/keys/outsider.asc").write_bytes(keykit.public("outsider"))
    elif tamper == "drop-signature":
        (root / SIGNATURE).unlink()
    elif tamper == "swap-key":
        (root / ".scr/keys/author.asc").write_bytes(keykit.public("outsider"))
    elif tamper == "unknown-reader":
        _edit(root, READERS, lambda b: b.replace(b"readers:\n", f"readers:\n  - person: ghost\n"
                                                              f"    fingerprint: {out_fpr}\n".encode()))
    elif tamper == "not-yaml":
        _edit(root, READERS, lambda b: b + b"\n  : [unclosed\n")
    else:
        author = keykit.home_for("author")
        (root / SIGNATURE).write_bytes(gpg.sign_detached(author, (root / READERS).read_bytes(),
                                                         keykit.fingerprint("author")))
    refused(capsys, root, 1, ["lock", "--gnupghome", str(home)], needle)


def test_broken_gpg_conf(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    root, home = review
    (root / "family.yaml").unlink()
    (home / "gpg.conf").write_text("compliance no-such-mode\n")
    refused(capsys, root, 2, ["unlock", "--gnupghome", str(home)], "gpg could not start decrypting")


def test_hostile_gpg_conf_is_ignored(review: tuple[Path, Path], keykit: KeyKit,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root, home = review
    outsider = keykit.fingerprint("outsider")
    (home / "gpg.conf").write_text(f"encrypt-to {outsider}\nhidden-encrypt-to {outsider}\ndefault-recipient-self\n")
    monkeypatch.setenv("GNUPGHOME", str(home))
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    got = recipients(root / "family.yaml.gpg")
    assert len(got) == 3 and outsider[-16:] not in got


def test_bad_key_files(review: tuple[Path, Path], capsys: pytest.CaptureFixture[str], keykit: KeyKit,
                       tmp_path: Path) -> None:
    root, home = review
    junk = tmp_path / "junk.asc"
    junk.write_text("not a key\n")
    refused(capsys, root, 1, ["keys", "add", str(junk), "--person", "author", "--gnupghome", str(home)],
            "exactly one OpenPGP public key")
    refused(capsys, root, 1, ["keys", "add", str(tmp_path / "none.asc"), "--person", "author"], "does not exist")
    refused(capsys, root, 1, ["keys", "remove", "nobody"], "not a reader")
    refused(capsys, root, 1, ["lock", "no/such/file.md"], "not a sensitive file")


def test_not_a_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "x").mkdir()
    capsys.readouterr()
    assert scr("lock", "-C", str(tmp_path / "x")) == 1
    assert "not inside a review" in capsys.readouterr().err
