"""A good signature check is remembered (.git/scr/signatures.json); anything else asks gpg again.

Real gpg throughout. A remembered answer needs no gpg: with `gpg` gone from PATH the same question is still
answered, while any other question (other bytes, another signature, another keyring, a bad signature, an
answer past its key's expiry) reaches for gpg and so fails with gpg's "install GnuPG" error.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scr_cli.adapters import gpg, verdicts
from scr_cli.errors import EnvironmentProblem
from tests.gpgkit import KeyKit, keykit_fixture  # noqa: F401 - fixture

RECORD = b"document: 06-overview/overview-report.md\nversion: 3\nperson: board-chair\n"


@pytest.fixture(name="folder")
def folder_fixture(tmp_path: Path) -> Iterator[Path]:
    """A fresh .git/scr for the answers, and nothing remembered in this process from other tests."""
    folder = tmp_path / "scr"
    folder.mkdir()
    verdicts._memory.clear()
    verdicts._loaded.clear()
    verdicts.remember_in(folder)
    yield folder
    verdicts.remember_in(None)
    verdicts._memory.clear()
    verdicts._loaded.clear()


def _signed(kit: KeyKit, person: str, data: bytes = RECORD) -> bytes:
    return gpg.sign_detached(kit.home_for(person), data, kit.fingerprint(person))


def _kept(folder: Path) -> dict[str, list[object]]:
    file = folder / verdicts.FILE
    return json.loads(file.read_text(encoding="utf-8")) if file.exists() else {}


def _without_gpg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    empty = tmp_path / "no-programs"
    empty.mkdir(exist_ok=True)
    monkeypatch.setenv("PATH", str(empty))


def _forget_in_memory() -> None:
    """A new process: only what the file holds is known."""
    verdicts._memory.clear()
    verdicts._loaded.clear()


def test_a_good_answer_is_kept_and_given_again_without_gpg(keykit: KeyKit, folder: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    keys = [keykit.public("board-chair")]
    signature = _signed(keykit, "board-chair")
    assert gpg.verify_detached(RECORD, signature, keys) == keykit.fingerprint("board-chair")
    kept = _kept(folder)
    assert list(kept.values()) == [[keykit.fingerprint("board-chair"), None]]  # the demo keys never expire
    _forget_in_memory()
    _without_gpg(monkeypatch, tmp_path)
    assert gpg.verify_detached(RECORD, signature, keys) == keykit.fingerprint("board-chair")


@pytest.mark.parametrize("change", ["record", "signature", "keyring"])
def test_another_record_signature_or_keyring_is_asked_of_gpg(change: str, keykit: KeyKit, folder: Path,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = [keykit.public("board-chair")]
    signature = _signed(keykit, "board-chair")
    assert gpg.verify_detached(RECORD, signature, keys) is not None
    data = RECORD.replace(b"version: 3", b"version: 4") if change == "record" else RECORD
    if change == "signature":
        time.sleep(1.1)  # ed25519 signs deterministically: a new signature needs a new time stamp
        signature = _signed(keykit, "board-chair")  # the same signer, a new signature
    if change == "keyring":
        keys = [*keys, keykit.public("panel-chair")]
    _without_gpg(monkeypatch, tmp_path)
    with pytest.raises(EnvironmentProblem, match="GnuPG"):
        gpg.verify_detached(data, signature, keys)
    monkeypatch.undo()
    expected = None if change == "record" else keykit.fingerprint("board-chair")
    assert gpg.verify_detached(data, signature, keys) == expected
    assert len(_kept(folder)) == (1 if change == "record" else 2)


def test_a_bad_signature_is_never_kept(keykit: KeyKit, folder: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    keys = [keykit.public("board-chair")]
    forged = _signed(keykit, "outsider")  # signed, but by a key not in the keyring
    tampered = RECORD + b"role: chair\n"
    good = _signed(keykit, "board-chair")
    assert gpg.verify_detached(RECORD, forged, keys) is None
    assert gpg.verify_detached(tampered, good, keys) is None
    assert _kept(folder) == {}
    _without_gpg(monkeypatch, tmp_path)
    for data, signature in ((RECORD, forged), (tampered, good)):
        with pytest.raises(EnvironmentProblem, match="GnuPG"):  # judged again, not answered from memory
            gpg.verify_detached(data, signature, keys)


def _expiring_key(kit: KeyKit) -> tuple[Path, str]:
    """A signing key that expires in two days, in its own short GNUPGHOME."""
    home = kit.home_for()
    done = subprocess.run(["gpg", "--homedir", str(home), "--batch", "--pinentry-mode", "loopback", "--passphrase",
                           "", "--status-fd", "1", "--quick-gen-key", "Expiring Tester <expiring@example.invalid>",
                           "ed25519", "sign", "2d"], capture_output=True, text=True, check=True)
    fpr = next(line.split()[3] for line in done.stdout.splitlines() if "KEY_CREATED" in line)
    return home, fpr


def test_an_answer_is_kept_only_until_a_key_expires(keykit: KeyKit, folder: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    home, fpr = _expiring_key(keykit)
    keys = [gpg.export_public(home, fpr)]
    signature = gpg.sign_detached(home, RECORD, fpr)
    assert gpg.verify_detached(RECORD, signature, keys) == fpr
    [(question, (signer, until))] = _kept(folder).items()
    expires = gpg.list_keys(home)[fpr].expires
    assert signer == fpr and until == expires and isinstance(until, int) and until > time.time()
    # the same answer, as a process would find it after the key's expiry: gpg is asked again
    (folder / verdicts.FILE).write_text(json.dumps({question: [signer, int(time.time()) - 1]}), encoding="utf-8")
    _forget_in_memory()
    _without_gpg(monkeypatch, tmp_path)
    with pytest.raises(EnvironmentProblem, match="GnuPG"):
        gpg.verify_detached(RECORD, signature, keys)


@pytest.mark.parametrize("damage", ["", "not json", "[1, 2]", '{"k": "v"}', '{"k": [true, null]}', '{"k": ["x", "y"]}'])
def test_a_damaged_file_is_ignored_and_replaced(damage: str, keykit: KeyKit, folder: Path) -> None:
    (folder / verdicts.FILE).write_text(damage, encoding="utf-8")
    keys = [keykit.public("board-chair")]
    assert gpg.verify_detached(RECORD, _signed(keykit, "board-chair"), keys) == keykit.fingerprint("board-chair")
    assert [v[0] for v in _kept(folder).values()] == [keykit.fingerprint("board-chair")]


def test_a_folder_that_cannot_be_written_keeps_answers_in_memory(keykit: KeyKit, folder: Path,
                                                                  tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    verdicts.remember_in(blocked / "scr")  # not a folder: nothing can be written there (as root too)
    keys = [keykit.public("board-chair")]
    signature = _signed(keykit, "board-chair")
    assert gpg.verify_detached(RECORD, signature, keys) == keykit.fingerprint("board-chair")
    assert blocked.read_text(encoding="utf-8") == ""
    assert verdicts.known(verdicts.key(RECORD, signature, keys)) == keykit.fingerprint("board-chair")
