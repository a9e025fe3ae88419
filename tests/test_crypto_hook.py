"""T2: ways to sneak sensitive plaintext past the pre-commit hook, all refused; clean locked commits pass.

Runs real `git commit` with scr's hooks installed, and check_sensitive() directly on trees.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest

from scr_cli.gate.sensitive import check_sensitive
from scr_cli.review.layout import is_sensitive
from scr_cli.store.tree import WorkTree
from tests.gpgkit import (  # noqa: F401 - fixtures
    SENSITIVE_FILES,
    KeyKit,
    encrypt_to,
    git,
    git_env_fixture,
    install_hooks,
    keykit_fixture,
    locked_review,
    scr,
)

pytestmark = pytest.mark.usefixtures("git_env")
READERS = ["board-chair", "panel-chair", "author"]
FAMILY = SENSITIVE_FILES["family.yaml"].encode()


class DictTree:
    """A tree built in memory (what a pushed commit could hold)."""

    def __init__(self, files: dict[str, bytes], modes: dict[str, str] | None = None) -> None:
        self.files, self.modes = files, modes or {}

    def paths(self) -> Iterable[str]:
        return sorted(self.files)

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)

    def mode(self, path: str) -> str | None:
        return self.modes.get(path, "100644") if path in self.files else None


def test_glob_matching() -> None:
    globs = ["family.yaml", "05-imr/*/imr.md", "notes/**/*.md"]
    assert is_sensitive("family.yaml", globs) and not is_sensitive("x/family.yaml", globs)
    assert is_sensitive("05-imr/police/imr.md", globs) and not is_sensitive("05-imr/a/b/imr.md", globs)
    assert is_sensitive("notes/a/b/c.md", globs) and is_sensitive("notes/c.md", globs)


def _sneak(root: Path, kit: KeyKit) -> dict[str, Callable[[], list[str]]]:
    """name -> a function that prepares the attempt and returns extra `git commit` arguments."""

    def write(rel: str, data: bytes) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)

    def force_add(rel: str) -> list[str]:
        git(root, "add", "-f", rel)
        return []

    def staged(rel: str, data: bytes) -> list[str]:
        write(rel, data)
        return force_add(rel)

    def symlink() -> list[str]:
        (root / "family.yaml.gpg").unlink()
        os.symlink("family.yaml", root / "family.yaml.gpg")
        return force_add("family.yaml.gpg")

    def commit_a() -> list[str]:
        write("family.yaml.gpg", FAMILY)
        return ["-a"]

    def rename() -> list[str]:
        (root / "family.yaml").unlink()
        git(root, "mv", "family.yaml.gpg", "family.yaml")
        return []

    def rename_plain() -> list[str]:
        os.rename(root / "01-referral/referral.md", root / "01-referral/copy.md")
        return force_add("01-referral/copy.md")

    def twin() -> list[str]:
        write("notes/summary.md.gpg", encrypt_to(kit, READERS, b"summary"))
        write("notes/summary.md", b"Canary summary in plaintext")
        git(root, "add", "notes")
        return []

    def readers_tamper() -> list[str]:
        readers = root / ".scr/keys/readers.yaml"
        readers.write_bytes(readers.read_bytes().replace(b"readers:\n", f"readers:\n  - person: outsider\n"
                                                         f"    fingerprint: {kit.fingerprint('outsider')}\n".encode()))
        write(".scr/keys/outsider.asc", kit.public("outsider"))
        write("family.yaml.gpg", encrypt_to(kit, [*READERS, "outsider"], FAMILY))
        git(root, "add", ".scr/keys", "family.yaml.gpg")
        return []

    return {
        "add -f plaintext": lambda: force_add("family.yaml"),
        "add -f plaintext in an IMR folder": lambda: staged("05-imr/newagency/imr.md", b"Canary new IMR"),
        "plaintext stored as .gpg": lambda: staged("family.yaml.gpg", FAMILY),
        "commit -a of plaintext in the .gpg": commit_a,
        "armor header + plaintext": lambda: staged(
            "family.yaml.gpg", b"-----BEGIN PGP MESSAGE-----\n\n" + FAMILY + b"-----END PGP MESSAGE-----\n"),
        "armored real ciphertext": lambda: staged("family.yaml.gpg", encrypt_to(kit, READERS, FAMILY, "--armor")),
        "encrypted to an outsider": lambda: staged("family.yaml.gpg", encrypt_to(kit, ["outsider"], FAMILY)),
        "encrypted to readers + outsider": lambda: staged(
            "family.yaml.gpg", encrypt_to(kit, [*READERS, "outsider"], FAMILY)),
        "encrypted to too few readers": lambda: staged("family.yaml.gpg", encrypt_to(kit, READERS[:2], FAMILY)),
        "passphrase-encrypted": lambda: staged("family.yaml.gpg", subprocess.run(
            ["gpg", "--batch", "--pinentry-mode", "loopback", "--passphrase", "pw", "--symmetric"], input=FAMILY,
            capture_output=True, check=True, env={**os.environ, "GNUPGHOME": str(kit.home_for())}).stdout),
        "truncated ciphertext": lambda: staged(
            "family.yaml.gpg", (root / "family.yaml.gpg").read_bytes()[:60]),
        "symlink as .gpg": symlink,
        "git mv .gpg to the plaintext name": rename,
        "renamed plaintext copy": rename_plain,
        "plaintext twin of a .gpg": twin,
        "readers list changed in the commit": readers_tamper,
    }


@pytest.fixture()
def hooked(tmp_path: Path, keykit: KeyKit) -> tuple[Path, Path]:
    files = dict(SENSITIVE_FILES)
    files.update({f"01-referral/note-{i:02}.md": f"Note {i} Canary-Note-{i}\n" for i in range(46)})  # 50 files
    root = tmp_path / "rev"
    home = locked_review(root, keykit, files=files)
    install_hooks(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "--no-verify", "-m", "diff driver")
    return root, home


def test_sneak_attempts_are_refused(hooked: tuple[Path, Path], keykit: KeyKit) -> None:
    root, home = hooked
    head = git(root, "rev-parse", "HEAD").stdout
    attempts = _sneak(root, keykit)
    refused = []
    for name, prepare in attempts.items():
        extra = prepare()
        done = git(root, "commit", "-q", *extra, "-m", name, check=False)
        if done.returncode != 0 and ("scr lock" in done.stderr or "scr keys sign" in done.stderr):
            refused.append(name)
        assert git(root, "rev-parse", "HEAD").stdout == head, name
        git(root, "reset", "-q", "--hard", "HEAD")
        git(root, "clean", "-fdq")
        assert scr("unlock", "--force", "-C", str(root), "--gnupghome", str(home)) == 0
    assert sorted(refused) == sorted(attempts), set(attempts) - set(refused)
    assert len(attempts) >= 15


def test_clean_locked_commits_pass(hooked: tuple[Path, Path]) -> None:
    root, home = hooked
    for i in range(46):
        (root / f"01-referral/note-{i:02}.md").write_text(f"Note {i} revised\n")
    (root / "family.yaml").write_text("members: []\n")
    assert scr("lock", "-C", str(root), "--gnupghome", str(home)) == 0
    git(root, "add", "-A")
    done = git(root, "commit", "-q", "-m", "revise 47 files", check=False)
    assert done.returncode == 0, done.stderr
    assert len(git(root, "show", "--name-only", "--format=", "HEAD").stdout.split()) == 47
    issues = check_sensitive(WorkTree(root), [p for p in WorkTree(root).paths() if p.endswith(".gpg")])
    assert issues == []  # 0 false positives on 50 clean locked files


def test_check_sensitive_on_built_trees(hooked: tuple[Path, Path], keykit: KeyKit) -> None:
    root, _ = hooked
    base = {p: WorkTree(root).read(p) or b"" for p in WorkTree(root).paths()
            if p.startswith(".scr/") or p == "people.yaml" or p.endswith(".gpg")}
    assert check_sensitive(DictTree(base), list(base)) == []
    bad = dict(base, **{"family.yaml": FAMILY})
    [issue] = check_sensitive(DictTree(bad), ["family.yaml"])
    assert issue.code == "sensitive-plaintext" and "scr lock" in issue.hint
    link = DictTree(base, {"family.yaml.gpg": "120000"})
    assert [i.code for i in check_sensitive(link, ["family.yaml.gpg"])] == ["sensitive-symlink"]
    no_list = {p: b for p, b in base.items() if not p.startswith(".scr/keys/")}
    codes = {i.code for i in check_sensitive(DictTree(no_list), ["family.yaml.gpg"])}
    assert codes == {"readers-list"}
    # deleted paths (absent from the tree) are not refused
    assert check_sensitive(DictTree(base), ["01-referral/gone.md"]) == []
