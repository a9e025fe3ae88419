"""Real-gpg test kit: generated passphrase-less keys, short GNUPGHOMEs, small review repositories.

Keys are generated once per session (ed25519 + cv25519, ~20 ms each) in a short /tmp home; each member
gets a private GNUPGHOME holding their own secret key. Git runs with an isolated configuration.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scr_cli.adapters import gpg

PEOPLE = {  # fictional people: id -> roles
    "board-chair": ["board-chair"],
    "panel-chair": ["panel-chair"],
    "author": ["overview-author"],
    "imr-police": ["imr-author"],
    "outsider": ["panel-member"],
}
NAMES = {"board-chair": "Zelda Quillfeather", "panel-chair": "Orrin Vantablack", "author": "Pim Larkspur",
         "imr-police": "Tamsin Oakhollow", "outsider": "Ned Brambleworth"}


def _gpg(home: Path, *args: str, input: bytes | None = None) -> bytes:
    done = subprocess.run(["gpg", "--homedir", str(home), "--batch", "--yes", "--pinentry-mode", "loopback",
                           "--passphrase", "", *args], input=input, capture_output=True, check=True)
    return done.stdout


@dataclass
class KeyKit:
    base: Path
    fprs: dict[str, str] = field(default_factory=dict)
    homes: list[Path] = field(default_factory=list)

    def fingerprint(self, person: str) -> str:
        if person not in self.fprs:
            self.fprs[person] = gpg.generate_key(self.base, f"{person} <{person}@example.invalid>")
        return self.fprs[person]

    def public(self, person: str) -> bytes:
        return gpg.export_public(self.base, self.fingerprint(person))

    def home_for(self, *persons: str) -> Path:
        """A fresh short GNUPGHOME holding these people's secret keys."""
        home = Path(tempfile.mkdtemp(prefix="g-", dir="/tmp"))
        os.chmod(home, 0o700)
        for person in persons:
            secret = _gpg(self.base, "--armor", "--export-secret-keys", self.fingerprint(person))
            _gpg(home, "--import", input=secret)
        self.homes.append(home)
        return home

    def close(self) -> None:
        for home in [*self.homes, self.base]:
            gpg.stop_agents(home)
            shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session", name="keykit")
def keykit_fixture() -> Iterator[KeyKit]:
    base = Path(tempfile.mkdtemp(prefix="gk-", dir="/tmp"))
    os.chmod(base, 0o700)
    kit = KeyKit(base)
    yield kit
    kit.close()


@pytest.fixture(name="git_env")
def git_env_fixture(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "gitconfig"
    cfg.write_text("[user]\n\tname = Test Member\n\temail = member@example.invalid\n"
                   "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(cfg))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("SCR_CRASH_AT", raising=False)
    monkeypatch.delenv("SCR_GNUPGHOME", raising=False)


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=check)


def people_yaml(kit: KeyKit, persons: list[str]) -> str:
    lines = ["people:"]
    for pid in persons:
        lines += [f"  - id: {pid}", f"    name: {NAMES[pid]}", f"    roles: [{', '.join(PEOPLE[pid])}]"]
        if PEOPLE[pid][0].endswith("chair"):
            lines.append(f"    key_fingerprint: {kit.fingerprint(pid)}")
    return "\n".join(lines) + "\n"


SENSITIVE_FILES = {
    "family.yaml": "members:\n  - pseudonym: Child Q\n    relationship: subject\n",
    "01-referral/referral.md": "---\ntitle: Referral\n---\nCanary-Referral Child Q was seen by Zelda.\n",
    "05-imr/police/imr.md": ("---\ntitle: IMR\nversion: 1\ndate: 2026-01-05\nstatus: draft\n---\n"
                             "Canary-IMR-Police text.\n"),
    "05-imr/police/chronology.yaml": "entries:\n  - date: 2026-01-02\n    what: Canary-Chron visit\n",
}


def make_review(root: Path, kit: KeyKit, persons: list[str] | None = None,
                files: dict[str, str] | None = None) -> Path:
    """A minimal review in a git repository with sensitive plaintext files (not yet locked)."""
    persons = persons or ["board-chair", "panel-chair", "author"]
    root.mkdir(parents=True, exist_ok=True)
    (root / ".scr").mkdir()
    (root / "review.yaml").write_text("reference: SCR-TEST-01\nboard: Test Board\nchild: Child Q\n")
    (root / ".scr/config.yaml").write_text("sensitive: []\n")
    (root / "people.yaml").write_text(people_yaml(kit, persons))
    for rel, text in (files if files is not None else SENSITIVE_FILES).items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    git(root, "init", "-q")
    return root


def scr(*args: str) -> int:
    from scr_cli.app import main

    return main(list(args))


def add_readers(root: Path, kit: KeyKit, persons: list[str], signer: str = "board-chair") -> Path:
    """Register readers (keys signed by `signer`), returning the signer's GNUPGHOME."""
    home = kit.home_for(signer)
    for person in persons:
        keyfile = root.parent / f"{person}.asc"
        keyfile.write_bytes(kit.public(person))
        assert scr("keys", "add", str(keyfile), "--person", person, "-C", str(root), "--gnupghome", str(home)) == 0
    return home


def recipients(path: Path) -> frozenset[str]:
    from scr_cli.crypto.packets import ciphertext_recipients

    return ciphertext_recipients(path.read_bytes())


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file outside .git with its bytes and mode (to prove a failed command changed nothing)."""
    found = {}
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root).as_posix()
        if rel.startswith(".git/") or rel == ".git" or not file.is_file():
            continue
        found[rel] = (file.read_bytes(), file.stat().st_mode)
    return found


def locked_review(root: Path, kit: KeyKit, readers: list[str] | None = None,
                  files: dict[str, str] | None = None) -> Path:
    """A review with readers signed by the board chair, locked and committed. Returns the chair's home."""
    readers = readers or ["board-chair", "panel-chair", "author"]
    make_review(root, kit, files=files)
    home = add_readers(root, kit, readers)
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "locked")
    return home


def decrypt_as(home: Path, path: Path) -> bytes | None:
    """What a member with this GNUPGHOME can decrypt (None when they cannot), by gpg's status."""
    done = subprocess.run(["gpg", "--homedir", str(home), "--batch", "--status-fd", "2", "--decrypt", str(path)],
                          capture_output=True)
    ok = b"[GNUPG:] DECRYPTION_OKAY" in done.stderr and b"BADMDC" not in done.stderr and done.returncode == 0
    return done.stdout if ok else None


def encrypt_to(kit: KeyKit, persons: list[str], data: bytes, *extra: str) -> bytes:
    """Ciphertext made with plain gpg (to craft wrong-recipient or armored files for the hooks)."""
    home = kit.home_for()
    keys = b"".join(kit.public(p) for p in persons)
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--import"], input=keys, capture_output=True, check=True)
    args = [a for p in persons for a in ("-r", kit.fingerprint(p))]
    done = subprocess.run(["gpg", "--homedir", str(home), "--batch", "--trust-model", "always", *extra, *args,
                           "--encrypt"], input=data, capture_output=True, check=True)
    return done.stdout


def install_hooks(repo: Path) -> None:
    assert scr("hooks", "install", str(repo)) == 0


def committed_list_digest(root: Path) -> str:
    """What a list signed by hand names as `previous:`: the list committed in HEAD (as `scr keys sign` does)."""
    from scr_cli.crypto.readers import list_digest

    done = subprocess.run(["git", "show", "HEAD:.scr/keys/readers.yaml"], cwd=root, capture_output=True)
    return list_digest(done.stdout if done.returncode == 0 else None)
