"""Scoped readers (issue 12, item 4) with real gpg and git: each agency reads only its own papers.

From an empty `scr new` review to a commissioned, locked IMR for two agencies with `scr` commands only (no
fingerprint typed); then what each reader can decrypt, the recipient key IDs of every ciphertext against the
scope a person works out by hand, `scr unlock` skipping what is not yours, and a police IMR encrypted to the
school's author refused by the pre-commit hook and by the shared remote.
"""

from __future__ import annotations

import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from scr_cli.crypto.packets import ciphertext_recipients, key_ids
from tests.gpgkit import KeyKit, decrypt_as, encrypt_to, git_env_fixture, keykit_fixture  # noqa: F401 - fixtures
from tests.hooksupport import TODAY, git, scr

pytestmark = pytest.mark.usefixtures("git_env")

CORE = {"board-chair": "board-chair", "panel": "panel-chair", "manager": "business-manager",
        "writer": "overview-author"}
AGENCY = {"school-author": ("imr-author", "school"), "school-officer": ("senior-officer", "school"),
          "police-author": ("imr-author", "police"), "police-officer": ("senior-officer", "police")}
NAMES = {"panel": "Orrin Vantablack", "manager": "Bea Thistlewood",
         "writer": "Pim Larkspur", "school-author": "Cy Mossgrove", "school-officer": "Di Fernhollow",
         "police-author": "Ed Rookwhistle", "police-officer": "Flo Brackenridge"}
DUE = (TODAY + timedelta(days=25)).isoformat()


def _persons(kit: KeyKit, data: bytes) -> list[str]:
    """Whose key each recipient key ID of a ciphertext is (from everyone's public key; '?' for a stranger)."""
    owner = {k: p for p in [*CORE, *AGENCY] for k in key_ids(kit.public(p))[1]}
    return sorted(owner.get(k, "?") for k in ciphertext_recipients(data))


def _expected(rel: str) -> set[str]:
    """The scope of a file, worked out by hand from the rule: core readers, plus an agency's own two; the
    overview report also its signers, every agency's IMR author."""
    parts = rel.split("/")
    agency = parts[1] if parts[0] == "05-imr" else None
    signers = {"police-author", "school-author"} if rel == "06-overview/overview-report.md.gpg" else set()
    return set(CORE) | signers | {p for p, (_, a) in AGENCY.items() if a == agency}


def _ciphertexts(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.gpg") if ".git" not in p.parts)


@pytest.fixture
def locked(tmp_path: Path, keykit: KeyKit) -> Path:
    """Must show (a): `scr new` to two commissioned, edited, locked and committed IMRs, with scr commands only."""
    root = tmp_path / "rev"
    assert scr("new", root, "--ref", "SCR-T-12", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", (TODAY - timedelta(days=30)).isoformat()) == 0
    chair_home = keykit.home_for("board-chair")
    for agency, name, sector in (("school", "Testshire School", "education"), ("police", "Testshire Police", "police")):
        assert scr("agency", "add", agency, "--name", name, "--sector", sector, "-C", root) == 0
    key = tmp_path / "board-chair.asc"  # the template names the board chair: their key is added to them
    key.write_bytes(keykit.public("board-chair"))
    assert scr("keys", "add", key, "--person", "board-chair", "-C", root, "--gnupghome", chair_home) == 0
    for person, role in CORE.items():
        if person == "board-chair":
            continue
        key = tmp_path / f"{person}.asc"
        key.write_bytes(keykit.public(person))
        assert scr("person", "add", person, "--name", NAMES[person], "--role", role, "--key", key, "-C", root,
                   "--gnupghome", chair_home) == 0
    for person, (role, agency) in AGENCY.items():
        key = tmp_path / f"{person}.asc"
        key.write_bytes(keykit.public(person))
        assert scr("person", "add", person, "--name", NAMES[person], "--role", role, "--agency", agency,
                   "--key", key, "-C", root, "--gnupghome", chair_home) == 0
    assert scr("keys", "sign", "-C", root, "--gnupghome", chair_home) == 0
    for agency in ("school", "police"):
        assert scr("imr", "commission", agency, "--author", f"{agency}-author", "--due", DUE,
                   "--today", TODAY.isoformat(), "-C", root) == 0
        imr = root / f"05-imr/{agency}/imr.md"
        imr.write_text(imr.read_text() + f"\nCanary-{agency} first notes of the author.\n")  # the edit
    assert scr("lock", "-C", root, "--gnupghome", chair_home) == 0
    assert git(root, "add", "-A").returncode == 0
    done = git(root, "commit", "-q", "-m", "two IMRs commissioned and locked")  # through the hooks
    assert done.returncode == 0, done.stderr
    assert git(root, "status", "--porcelain").stdout == ""
    return root


def test_every_ciphertext_is_encrypted_to_exactly_its_scope(locked: Path, keykit: KeyKit) -> None:
    """Must show (b): the recipient key IDs of every ciphertext equal its scope, worked out by hand."""
    files = _ciphertexts(locked)
    assert {"family.yaml.gpg", "01-referral/referral.md.gpg", "02-decision/decision.md.gpg",
            "05-imr/school/imr.md.gpg", "05-imr/police/imr.md.gpg", "05-imr/police/chronology.yaml.gpg"} <= set(files)
    for rel in files:
        assert _persons(keykit, (locked / rel).read_bytes()) == sorted(_expected(rel)), rel
    tracked = git(locked, "ls-files").stdout.split()
    assert "05-imr/school/imr.md" not in tracked and "05-imr/school/imr.md.gpg" in tracked


def test_the_school_author_reads_their_own_papers_and_nothing_else(locked: Path, keykit: KeyKit) -> None:
    """Must show (b): the school's IMR author decrypts 0 police files, 0 of family.yaml and all of their own."""
    home = keykit.home_for("school-author")
    files = _ciphertexts(locked)
    police = [f for f in files if f.startswith("05-imr/police/")]
    school = [f for f in files if f.startswith("05-imr/school/")]
    assert police and school
    assert sum(decrypt_as(home, locked / f) is not None for f in police) == 0
    assert decrypt_as(home, locked / "family.yaml.gpg") is None
    assert all(decrypt_as(home, locked / f) is not None for f in school)
    assert b"Canary-school" in (decrypt_as(home, locked / "05-imr/school/imr.md.gpg") or b"")
    for person in CORE:  # every core reader reads every file
        core = keykit.home_for(person)
        assert all(decrypt_as(core, locked / f) is not None for f in files), person


def test_unlock_decrypts_what_is_yours_and_says_what_it_skipped(locked: Path, keykit: KeyKit, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    clone = tmp_path / "clone"
    assert subprocess.run(["git", "clone", "-q", str(locked), str(clone)], capture_output=True).returncode == 0
    capsys.readouterr()
    assert scr("unlock", "-C", clone, "--gnupghome", keykit.home_for("police-author")) == 0
    out = capsys.readouterr().out
    assert "unlocked 05-imr/police/imr.md" in out
    assert (clone / "05-imr/police/imr.md").read_text().count("Canary-police") == 1
    assert not (clone / "05-imr/school/imr.md").exists() and not (clone / "family.yaml").exists()
    assert "skipped 2 files of 05-imr/school/: not in your scope, so not encrypted to you\n" in out
    assert "skipped 3 of the core readers' files: not in your scope" in out  # family, referral, decision
    assert "unlocked 06-overview/overview-report.md" in out  # the author signs it, so reads it
    capsys.readouterr()
    assert scr("keys", "list", "-C", clone) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0].split()[-2:] == ["reads", "state"]
    rows = {ln.split()[0]: ln for ln in listing.splitlines()[1:-1]}
    assert "05-imr/police/**" in rows["police-author"] and "05-imr/school" not in rows["police-author"]
    assert "every sensitive file" in rows["manager"]


def test_unlock_still_fails_for_a_file_in_your_scope_you_cannot_decrypt(
        locked: Path, keykit: KeyKit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A police file left encrypted to the old readers only (not to its author): an error, not a skip."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(locked), str(clone)], capture_output=True, check=True)
    target = clone / "05-imr/police/imr.md.gpg"
    target.write_bytes(encrypt_to(keykit, list(CORE), b"---\ntitle: x\n---\n"))
    capsys.readouterr()
    assert scr("unlock", "-C", clone, "--gnupghome", keykit.home_for("police-author")) == 2
    err = capsys.readouterr().err
    assert "05-imr/police/imr.md.gpg" in err and "no secret key" in err
    assert not (clone / "05-imr/police/chronology.yaml").exists()  # nothing written


def _wrong_scope(root: Path, kit: KeyKit) -> None:
    """The police IMR encrypted to the school's author (and the core readers) instead of the police's own."""
    data = encrypt_to(kit, [*CORE, "school-author", "school-officer"], b"---\ntitle: IMR\n---\nCanary-wrong\n")
    (root / "05-imr/police/imr.md.gpg").write_bytes(data)


def test_a_file_encrypted_to_the_wrong_agency_is_refused_locally_and_by_the_remote(
        locked: Path, keykit: KeyKit, tmp_path: Path) -> None:
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(locked), str(bare)], capture_output=True, check=True)
    assert scr("hooks", "install", bare) == 0
    member = tmp_path / "member"
    subprocess.run(["git", "clone", "-q", str(bare), str(member)], capture_output=True, check=True)
    assert scr("hooks", "install", member) == 0
    _wrong_scope(member, keykit)
    git(member, "add", "-A")
    local = git(member, "commit", "-q", "-m", "police IMR to the school")
    assert local.returncode != 0
    assert "05-imr/police/imr.md.gpg: encrypted to reader(s) school-author, school-officer" in local.stderr
    assert "not encrypted to reader(s) police-author, police-officer" not in local.stderr  # one line, the cause
    head = git(bare, "rev-parse", "main").stdout
    assert git(member, "commit", "-q", "--no-verify", "-m", "police IMR to the school").returncode == 0
    pushed = git(member, "push", "-q", "origin", "main")
    assert pushed.returncode != 0
    assert "05-imr/police/imr.md.gpg" in pushed.stderr and "school-author" in pushed.stderr
    assert git(bare, "rev-parse", "main").stdout == head


def test_a_file_missing_its_agency_readers_is_refused(locked: Path, keykit: KeyKit) -> None:
    """Encrypted to the core readers only: the police's own author and senior officer are missing."""
    (locked / "05-imr/police/chronology.yaml.gpg").write_bytes(encrypt_to(keykit, list(CORE), b"entries: []\n"))
    git(locked, "add", "-A")
    done = git(locked, "commit", "-q", "-m", "chronology to the core only")
    assert done.returncode != 0
    assert "not encrypted to reader(s) police-author, police-officer" in done.stderr


def test_rekey_after_a_reader_leaves_touches_only_their_scope(locked: Path, keykit: KeyKit,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = {f: (locked / f).read_bytes() for f in _ciphertexts(locked)}
    capsys.readouterr()
    assert scr("keys", "remove", "school-officer", "-C", locked, "--gnupghome", keykit.home_for("board-chair")) == 0
    after = {f: (locked / f).read_bytes() for f in _ciphertexts(locked)}
    changed = {f for f in before if before[f] != after[f]}
    assert changed and all(f.startswith("05-imr/school/") for f in changed)
    for rel in after:
        expected = _expected(rel) - {"school-officer"}
        assert _persons(keykit, after[rel]) == sorted(expected), rel


def _panel_member_joins(root: Path, keykit: KeyKit, tmp_path: Path, agency: str) -> Path:
    """A panel member (of `agency`) added with their key, the list signed by the chair, and committed."""
    chair_home = keykit.home_for("board-chair")
    key = tmp_path / "panel-member.asc"
    key.write_bytes(keykit.public("panel-member"))
    assert scr("person", "add", "panel-member", "--name", "Gus Hollowmere", "--role", "panel-member", "--agency",
               agency, "--key", key, "-C", root, "--gnupghome", chair_home) == 0
    assert scr("keys", "sign", "-C", root, "--gnupghome", chair_home) == 0
    assert scr("rekey", "-C", root, "--gnupghome", chair_home) == 0  # they read nothing yet: nothing changes
    git(root, "add", "-A")
    done = git(root, "commit", "-q", "-m", "a panel member joins")
    assert done.returncode == 0, done.stderr
    return chair_home


def test_circulating_the_imrs_opens_them_to_the_panel_once_rekeyed(locked: Path, keykit: KeyKit, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The log says when papers go round the panel, the signed list says who: the hooks hold both."""
    chair_home = _panel_member_joins(locked, keykit, tmp_path, "police")
    panel = keykit.home_for("panel-member")
    files = _ciphertexts(locked)
    circulated = [f for f in files if f.endswith(("/imr.md.gpg", "/chronology.yaml.gpg"))]
    others = [f for f in files if f not in circulated]
    assert len(circulated) == 4 and others
    assert sum(decrypt_as(panel, locked / f) is not None for f in files) == 0  # drafts stay in the agencies

    capsys.readouterr()
    assert scr("log", "imr-circulated", "--date", TODAY.isoformat(), "-C", locked) == 0
    assert "run `scr rekey` so their keys can read them" in capsys.readouterr().out
    git(locked, "add", "-A")
    refused = git(locked, "commit", "-q", "-m", "IMRs circulated")  # the log alone: the IMRs miss the panel
    assert refused.returncode != 0
    assert "05-imr/police/imr.md.gpg: not encrypted to reader(s) panel-member" in refused.stderr
    assert "scr rekey" in refused.stderr
    assert scr("rekey", "-C", locked, "--gnupghome", chair_home) == 0
    git(locked, "add", "-A")
    done = git(locked, "commit", "-q", "-m", "IMRs circulated")
    assert done.returncode == 0, done.stderr
    assert all(decrypt_as(panel, locked / f) is not None for f in circulated)
    assert b"Canary-school" in (decrypt_as(panel, locked / "05-imr/school/imr.md.gpg") or b"")
    assert sum(decrypt_as(panel, locked / f) is not None for f in others) == 0  # not family.yaml, nor the rest
    capsys.readouterr()
    assert scr("keys", "list", "-C", locked) == 0
    row = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith("panel-member"))
    assert "05-imr/*/imr.md, 05-imr/*/chronology.yaml (imr-circulated logged)" in row


def test_the_remote_refuses_a_circulation_logged_without_rekeying(locked: Path, keykit: KeyKit,
                                                                  tmp_path: Path) -> None:
    chair_home = _panel_member_joins(locked, keykit, tmp_path, "school")
    bare = tmp_path / "shared.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(locked), str(bare)], capture_output=True, check=True)
    assert scr("hooks", "install", bare) == 0
    assert scr("log", "imr-circulated", "--date", TODAY.isoformat(), "-C", locked) == 0
    git(locked, "add", "-A")
    assert git(locked, "commit", "-q", "--no-verify", "-m", "IMRs circulated").returncode == 0
    git(locked, "remote", "add", "shared", str(bare))
    pushed = git(locked, "push", "-q", "shared", "main")
    assert pushed.returncode != 0
    assert "05-imr/police/imr.md.gpg: not encrypted to reader(s) panel-member" in pushed.stderr
    assert scr("rekey", "-C", locked, "--gnupghome", chair_home) == 0
    git(locked, "add", "-A")
    assert git(locked, "commit", "-q", "-m", "IMRs re-encrypted for the panel").returncode == 0
    pushed = git(locked, "push", "-q", "shared", "main")  # the refused commit is in the history still
    assert pushed.returncode != 0
    git(locked, "reset", "-q", "--soft", "HEAD~2")  # squash: the log and the rekey in one commit
    assert git(locked, "commit", "-q", "-m", "IMRs circulated").returncode == 0
    pushed = git(locked, "push", "-q", "shared", "main")
    assert pushed.returncode == 0, pushed.stderr


def test_an_interview_record_is_read_and_approved_by_its_own_interviewee_only(
        locked: Path, keykit: KeyKit, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Staff interviews are personal: a colleague interviewed by the same agency reads and signs none of yours."""
    chair_home = keykit.home_for("board-chair")
    for person, name in (("pc-ash", "Ash Example"), ("pc-bo", "Bo Example")):
        key = tmp_path / f"{person}.asc"
        key.write_bytes(keykit.public(person))
        assert scr("person", "add", person, "--name", name, "--role", "interviewee", "--agency", "police", "--key",
                   key, "-C", locked, "--gnupghome", chair_home) == 0
    assert scr("keys", "sign", "-C", locked, "--gnupghome", chair_home) == 0
    assert scr("interview", "plan", "police", "--interviewee", "pc-ash", "--date",
               (TODAY + timedelta(days=14)).isoformat(), "--today", TODAY.isoformat(), "-C", locked) == 0
    record = "05-imr/police/interviews/pc-ash.md"
    assert scr("lock", "-C", locked, "--gnupghome", chair_home) == 0
    git(locked, "add", "-A")
    done = git(locked, "commit", "-q", "-m", "interview planned")
    assert done.returncode == 0, done.stderr
    cipher = locked / f"{record}.gpg"
    assert decrypt_as(keykit.home_for("pc-ash"), cipher) is not None
    assert decrypt_as(keykit.home_for("pc-bo"), cipher) is None  # the same agency, another interviewee
    assert decrypt_as(keykit.home_for("police-author"), cipher) is not None  # the agency's own readers still do
    capsys.readouterr()
    assert scr("keys", "list", "-C", locked) == 0
    rows = {ln.split()[0]: ln for ln in capsys.readouterr().out.splitlines()[1:-1]}
    assert record in rows["pc-ash"] and "05-imr/police/interviews/pc-bo.md" in rows["pc-bo"]
    capsys.readouterr()
    assert scr("signoff", record, "--as", "interviewee", "--person", "pc-bo", "-C", locked, "--gnupghome",
               keykit.home_for("pc-bo"), "--today", TODAY.isoformat()) == 1
    assert f"{record} is named after 'pc-ash': only they sign it as interviewee" in capsys.readouterr().err
    assert scr("signoff", record, "--as", "interviewee", "--person", "pc-ash", "-C", locked, "--gnupghome",
               keykit.home_for("pc-ash"), "--today", TODAY.isoformat()) == 0
    capsys.readouterr()
    assert scr("signoffs", "-C", locked) == 0
    row = next(ln for ln in capsys.readouterr().out.splitlines() if ln.startswith(record))
    assert "pc-ash" in row and "valid" in row
