"""The attack tables of issue 9, as an insider would try them: each case through the pre-commit hook, and the
same committed with --no-verify and pushed to a bare remote with `scr hooks install`. 0 accepted either way,
0 canary strings in any object on the remote; the genuine workflows (lock, a sign-off by the real chair, a
chair handover, the merge of a clean branch, a paper the board made public) still go through.

The attacker is the overview author: a reader, with push access, who holds no signing role.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.crypto.packets import packets
from scr_cli.review.canonical import record_bytes
from scr_cli.review.model import Pos, SignOff
from tests.gpgkit import KeyKit, encrypt_to, keykit_fixture  # noqa: F401 - fixture
from tests.hooksupport import COMMIT_DATE, EARLIER, SCOPING, SUMMARY, TODAY, TOR, append, scr, set_front

READERS = ["board-chair", "panel-chair", "author"]  # the core readers: they read every sensitive file
AGENCY_READERS = {"imr-police": "police", "imr-school": "school"}  # each reads only 05-imr/AGENCY/**
REFERRAL = "01-referral/referral.md"
IMR = "05-imr/police/imr.md"
PLAIN = {
    "family.yaml": "members:\n  - pseudonym: Child Q\n    relationship: subject child\n    subject: true\n"
                   "    real_names: [Canaryn Thistlewood]\n",
    REFERRAL: "---\ntitle: Referral\n---\nCanary-Referral: the health visitor saw bruising on both arms of the "
              "child during the home visit in the spring, and the mother said a sibling had pushed him.\n",
    "02-decision/decision.md": "---\ntitle: Decision\n---\nCanary-Decision: the criteria are met.\n",
    IMR: f"---\ntitle: IMR\nversion: 1\ndate: {EARLIER}\nstatus: draft\n---\nCanary-IMR: officers attended "
         "the address twice in the winter and made no referral to children's services either time.\n",
    "05-imr/police/chronology.yaml": "entries:\n  - date: 2026-01-02\n    event: Canary-Chron officers visited "
                                     "the home late at night after a neighbour called\n",
    "05-imr/police/interviews/pc-ash.md": "---\ntitle: Interview\nversion: 1\ndate: 2026-01-05\nstatus: draft\n"
                                         "---\nCanary-Interview: the officer recalled the visit clearly.\n",
}


def people(kit: KeyKit) -> str:
    return ("people:\n"
            f"  - id: board-chair\n    name: Zelda Quillfeather\n    roles: [board-chair]\n"
            f"    organisation: The partnership\n    key_fingerprint: {kit.fingerprint('board-chair')}\n"
            f"  - id: panel-chair\n    name: Orrin Vantablack\n    roles: [panel-chair]\n"
            f"    organisation: Independent\n    key_fingerprint: {kit.fingerprint('panel-chair')}\n"
            "  - id: author\n    name: Pim Larkspur\n    roles: [overview-author]\n    organisation: Independent\n"
            "  - id: imr-police\n    name: Tamsin Oakhollow\n    roles: [imr-author]\n    agency: police\n"
            "  - id: imr-school\n    name: Wren Pebblecroft\n    roles: [imr-author]\n    agency: school\n")


def run(root: Path, *args: str, home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **COMMIT_DATE, **({"GNUPGHOME": str(home), "SCR_GNUPGHOME": str(home)} if home else {})}
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=env)


def with_home(home: Path, *args: str | Path) -> int:
    saved = os.environ.get("GNUPGHOME")
    os.environ["GNUPGHOME"] = str(home)
    try:
        return scr(*args)
    finally:
        if saved is None:
            os.environ.pop("GNUPGHOME", None)
        else:
            os.environ["GNUPGHOME"] = saved


@dataclass
class Site:
    """A shared bare remote with scr's hooks, and the attacker's clone of it (hooks installed, unlocked)."""

    bare: Path
    member: Path
    homes: dict[str, Path]
    kit: KeyKit

    def reset(self) -> None:
        run(self.member, "merge", "--abort")
        run(self.member, "checkout", "-q", "-f", "main")
        run(self.member, "reset", "-q", "--hard", "origin/main")
        run(self.member, "clean", "-fdq")
        for branch in run(self.member, "branch", "--format=%(refname:short)").stdout.split():
            if branch != "main":
                run(self.member, "branch", "-q", "-D", branch)
        assert scr("unlock", "--force", "-C", str(self.member), "--gnupghome", str(self.homes["author"])) == 0


def _build(base: Path, kit: KeyKit) -> None:
    origin = base / "origin"
    homes = {p: kit.home_for(p) for p in READERS}
    assert scr("new", origin, "--ref", "SCR-ATT-01", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", (TODAY - timedelta(days=30)).isoformat()) == 0
    (origin / "people.yaml").write_text(people(kit))
    for person in [*READERS, *AGENCY_READERS]:
        (base / f"{person}.asc").write_bytes(kit.public(person))
        assert scr("keys", "add", base / f"{person}.asc", "--person", person, "-C", origin, "--gnupghome",
                   homes["board-chair"]) == 0
    for rel, text in PLAIN.items():
        (origin / rel).parent.mkdir(parents=True, exist_ok=True)
        (origin / rel).write_text(text)
    for rel in (TOR, SUMMARY, SCOPING):
        set_front(origin, rel, date=EARLIER.isoformat())
    assert scr("lock", "-C", origin, "--gnupghome", homes["author"]) == 0
    run(origin, "add", "-A")
    assert run(origin, "commit", "-q", "--no-verify", "-m", "locked papers").returncode == 0
    # the terms of reference, approved by the real board chair: v2, signed, final
    append(origin, TOR, "\nThe review covers the two years before the incident.\n")
    assert scr("draft", "bump", origin / TOR) == 0
    run(origin, "add", "-A")
    assert run(origin, "commit", "-q", "-m", "terms v2").returncode == 0
    assert with_home(homes["board-chair"], "signoff", origin / TOR, "--as", "board-chair") == 0
    set_front(origin, TOR, status="final")
    run(origin, "add", "-A")
    done = run(origin, "commit", "-q", "-m", "terms approved")
    assert done.returncode == 0, done.stderr
    run(base, "clone", "-q", "--bare", str(origin), str(base / "shared.git"))
    assert scr("hooks", "install", base / "shared.git") == 0
    run(base, "clone", "-q", str(base / "shared.git"), str(base / "member"))
    assert scr("init", base / "member") == 0
    for home in homes.values():
        gpg.stop_agents(home)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, keykit: KeyKit) -> Path:
    base = tmp_path_factory.mktemp("attacks")
    _build(base, keykit)
    return base


@pytest.fixture
def site(template: Path, tmp_path: Path, keykit: KeyKit, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    base = tmp_path / "site"
    shutil.copytree(template, base, symlinks=True)
    run(base / "member", "remote", "set-url", "origin", str(base / "shared.git"))
    homes = {p: keykit.home_for(p) for p in READERS}
    monkeypatch.delenv("SCR_GNUPGHOME", raising=False)
    found = Site(base / "shared.git", base / "member", homes, keykit)
    found.reset()
    yield found
    for home in homes.values():
        gpg.stop_agents(home)


# --- the attacks: each prepares the member's clone and returns how to commit (a merge is committed by hand)


def _write(site: Site, rel: str, data: bytes | str, force: bool = True) -> None:
    file = site.member / rel
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_bytes(data if isinstance(data, bytes) else data.encode())
    run(site.member, "add", *(["-f"] if force else []), rel)


def _copy(rel_from: str, rel_to: str) -> Callable[[Site], None]:
    return lambda site: _write(site, rel_to, (site.member / rel_from).read_bytes())


def _fake_gpg(body_of: str, at: str) -> Callable[[Site], None]:
    """Real recipient key-ID packets, then an encrypted-data packet whose body is the plaintext."""
    def attack(site: Site) -> None:
        real = encrypt_to(site.kit, READERS, b"x")
        head = real[: max(p.end for p in packets(real) if p.tag == 1)]
        body = b"\x01" + (site.member / body_of).read_bytes() * 3
        _write(site, at, head + bytes([0xD2, 255]) + len(body).to_bytes(4, "big") + body)
    return attack


def _literal_after(site: Site) -> None:
    plain = (site.member / "family.yaml").read_bytes()
    literal = b"b\x00\x00\x00\x00\x00" + plain
    _write(site, "family.yaml.gpg", encrypt_to(site.kit, READERS, plain) + bytes([0xCB, 255])
           + len(literal).to_bytes(4, "big") + literal)


def _sign_as(site: Site, rel: str, person: str, role: str, signer: str) -> None:
    """Append a sign-off of `rel` in `person`'s name and `role`, made with `signer`'s key."""
    from scr_cli.gate.gittree import read_document
    from scr_cli.store.tree import WorkTree

    got = read_document(WorkTree(site.member), rel)
    assert got is not None and got[0].version is not None
    record = SignOff(rel, got[0].version, got[1].content, person, role, TODAY, Pos("signoffs.yaml"))
    sig = gpg.sign_detached(site.homes[signer], record_bytes(record), site.kit.fingerprint(signer)).decode()
    block = "\n".join("      " + ln for ln in sig.strip().splitlines())
    with (site.member / "signoffs.yaml").open("a") as handle:
        handle.write(f"  - document: {rel}\n    version: {record.version}\n    fingerprint: {record.fingerprint}\n"
                     f"    person: {person}\n    role: {role}\n    date: {TODAY}\n    signature: |\n{block}\n")


def _summary_written(site: Site) -> None:
    """The executive summary with every standard heading filled in, as a final one must be (13.2)."""
    file = site.member / SUMMARY
    front, _, _ = file.read_text().partition("\n---\n")
    headings = ["Purpose and scope of the review", "The review process and the agencies that took part",
                "Circumstances that led to the review", "Key issues", "Actions, including those already completed"]
    body = "".join(f"\n# {h}\n\nWritten for the board: {h.lower()}.\n" for h in headings)
    file.write_text(front + "\n---\n" + body)


def _summary_v2(site: Site) -> None:
    append(site.member, SUMMARY, "\nThe findings in brief.\n")
    assert scr("draft", "bump", site.member / SUMMARY) == 0


def _people(site: Site, old: str, new: str) -> None:
    file = site.member / "people.yaml"
    text = file.read_text()
    assert old in text
    file.write_text(text.replace(old, new))


def _forged_key(site: Site) -> None:
    """The author points the panel chair's key_fingerprint at their own key and signs the summary as them."""
    _summary_v2(site)
    _people(site, site.kit.fingerprint("panel-chair"), site.kit.fingerprint("author"))
    _sign_as(site, SUMMARY, "panel-chair", "panel-chair", "author")
    set_front(site.member, SUMMARY, status="final")
    run(site.member, "add", "-A")


def _forged_role(site: Site) -> None:
    """The author gives themselves the panel-chair role in people.yaml and signs the summary in it."""
    _summary_v2(site)
    _people(site, "roles: [overview-author]", "roles: [overview-author, panel-chair]")
    _sign_as(site, SUMMARY, "author", "panel-chair", "author")
    set_front(site.member, SUMMARY, status="final")
    run(site.member, "add", "-A")


def _self_signed_list(site: Site) -> None:
    """The author writes a list that makes them panel chair, signs it with their own key, and signs the summary."""
    from scr_cli.crypto.readers import READERS as LIST
    from scr_cli.crypto.readers import SIGNATURE, Entry, list_digest, parse, render

    _forged_role(site)
    committed = run(site.member, "show", f"HEAD:{LIST}").stdout.encode()
    entries = [e if e.person != "author" else Entry(e.person, e.fingerprint, ("panel-chair",), None, e.key)
               for e in parse(committed).entries]
    data = render(entries, previous=list_digest(committed))
    (site.member / LIST).write_bytes(data)
    (site.member / SIGNATURE).write_bytes(gpg.sign_detached(site.homes["author"], data,
                                                            site.kit.fingerprint("author")))
    run(site.member, "add", "-A")


def _drop_signoff(site: Site) -> None:
    """Delete the final terms of reference's sign-off from signoffs.yaml."""
    file = site.member / "signoffs.yaml"
    file.write_text(re.sub(r"(?ms)^  - document: .*", "", file.read_text()).replace("signoffs:\n", "signoffs: []\n"))
    run(site.member, "add", "-A")


def _reopen_then_final(site: Site) -> None:
    """Reopen the terms of reference (as scr does), then make them final again, unchanged, on the old sign-off."""
    assert scr("draft", "reopen", site.member / TOR, "--reason", "A wider scope") == 0
    run(site.member, "add", "-A")
    assert run(site.member, "commit", "-q", "-m", "reopened").returncode == 0
    set_front(site.member, TOR, status="final")
    run(site.member, "add", "-A")


def _reopen_replay(site: Site) -> None:
    """Reopen, then copy the old sign-off below the void marker and make the document final again."""
    old = (site.member / "signoffs.yaml").read_text().split("signoffs:\n", 1)[1]
    assert scr("draft", "reopen", site.member / TOR, "--reason", "A wider scope") == 0
    run(site.member, "add", "-A")
    assert run(site.member, "commit", "-q", "-m", "reopened").returncode == 0
    with (site.member / "signoffs.yaml").open("a") as handle:
        handle.write(old)
    set_front(site.member, TOR, status="final")
    run(site.member, "add", "-A")


def _reopen_by_hand(site: Site) -> None:
    """Log a reopen by hand (no void marker), turn the final document into a draft."""
    with (site.member / "log.yaml").open("a") as handle:
        handle.write(f"  - event: document-reopened\n    date: {TODAY}\n    document: {TOR}\n    reason: x\n")
    set_front(site.member, TOR, status="draft", version="3", date=TODAY.isoformat())
    run(site.member, "add", "-A")


def _orphan_final(site: Site) -> None:
    """An orphan history where the summary is final without any sign-off, merged into main."""
    m = site.member
    run(m, "checkout", "-q", "--orphan", "evil")
    set_front(m, SUMMARY, status="final")
    run(m, "add", "-A")
    run(m, "commit", "-q", "--no-verify", "-m", "fresh start")
    run(m, "checkout", "-q", "main")
    run(m, "merge", "--no-commit", "--allow-unrelated-histories", "-X", "theirs", "evil")


def _orphan_own_trust(site: Site) -> None:
    """An orphan history carrying its own trust root, merged into main.

    Its readers list makes the author panel chair (a first list, so it names its own chairs) and is signed with
    the author's key; people.yaml agrees; the summary is final on the author's sign-off as panel chair.
    """
    from scr_cli.crypto.readers import READERS as LIST
    from scr_cli.crypto.readers import SIGNATURE, Entry, parse, render

    m = site.member
    committed = (m / LIST).read_bytes()
    entries = [e if e.person != "author" else Entry(e.person, e.fingerprint, ("panel-chair",), None, e.key)
               for e in parse(committed).entries]
    run(m, "checkout", "-q", "--orphan", "evil")
    data = render(entries)
    (m / LIST).write_bytes(data)
    (m / SIGNATURE).write_bytes(gpg.sign_detached(site.homes["author"], data, site.kit.fingerprint("author")))
    _people(site, "roles: [overview-author]", "roles: [overview-author, panel-chair]")
    _summary_v2(site)
    _sign_as(site, SUMMARY, "author", "panel-chair", "author")
    set_front(m, SUMMARY, status="final")
    run(m, "add", "-A")
    run(m, "commit", "-q", "--no-verify", "-m", "fresh start")
    run(m, "checkout", "-q", "-f", "main")
    run(m, "merge", "--no-commit", "--allow-unrelated-histories", "-X", "theirs", "evil")


def _side_edits_final(site: Site) -> None:
    """A side branch edits the frozen final terms of reference; merged in."""
    m = site.member
    run(m, "checkout", "-q", "-b", "side")
    append(m, TOR, "\nA sentence added after approval.\n")
    run(m, "commit", "-q", "--no-verify", "-am", "edit the final terms")
    run(m, "checkout", "-q", "main")
    run(m, "merge", "--no-commit", "--no-ff", "side")


def _swapped_parents(site: Site) -> None:
    """An orphan where the terms of reference are a draft, merged with main as its *second* parent."""
    m = site.member
    run(m, "checkout", "-q", "--orphan", "evil")
    set_front(m, TOR, status="draft")
    run(m, "add", "-A")
    run(m, "commit", "-q", "--no-verify", "-m", "fresh start")
    run(m, "merge", "--no-commit", "--allow-unrelated-histories", "-s", "ours", "main")


def _pasted(site: Site) -> None:
    """A paragraph of the referral pasted into the public scoping document."""
    text = (site.member / REFERRAL).read_text().split("---\n")[-1]
    append(site.member, SCOPING, "\n" + text.replace("Canary-Referral: ", ""))
    assert scr("draft", "bump", site.member / SCOPING) == 0
    run(site.member, "add", "-A")


def _named(site: Site) -> None:
    """The child's real name written into the public scoping document."""
    append(site.member, SCOPING, "\nCanaryn Thistlewood was seen at school.\n")
    assert scr("draft", "bump", site.member / SCOPING) == 0
    run(site.member, "add", "-A")


ATTACKS: dict[str, Callable[[Site], None]] = {
    # 1. plaintext outside the old sensitive globs
    "copy as referral.md.orig": _copy(REFERRAL, "referral.md.orig"),
    "copy as .bak": _copy(REFERRAL, "01-referral/referral.md.bak"),
    "copy as ~": _copy(REFERRAL, "01-referral/referral.md~"),
    "copy as .swp": _copy(REFERRAL, "01-referral/.referral.md.swp"),
    "copy as referral.txt": _copy(REFERRAL, "01-referral/referral.txt"),
    "copy as referral.markdown": _copy(REFERRAL, "01-referral/referral.markdown"),
    "copy into 08-publication": _copy(REFERRAL, "08-publication/referral.md"),
    "copy into docs/": _copy(REFERRAL, "docs/referral.md"),
    "family.yml": _copy("family.yaml", "family.yml"),
    "Family.yaml (case)": _copy("family.yaml", "Family.yaml"),
    "chronology.yml": _copy("05-imr/police/chronology.yaml", "05-imr/police/chronology.yml"),
    "imr.txt": _copy(IMR, "05-imr/police/imr.txt"),
    "interview in a subfolder": _copy("05-imr/police/interviews/pc-ash.md", "05-imr/police/interviews/2026/x.md"),
    "overview-report-v2.md": _copy("06-overview/overview-report.md", "06-overview/overview-report-v2.md"),
    "symlink at a public path": lambda s: (os.symlink("../01-referral/referral.md", s.member / ".scr/notes.md"),
                                           run(s.member, "add", ".scr/notes.md")),
    "plaintext beside its .gpg": lambda s: run(s.member, "add", "-f", REFERRAL),
    # 2. fake .gpg
    "fake .gpg (plaintext body)": _fake_gpg("family.yaml", "family.yaml.gpg"),
    "fake .gpg at a new path": _fake_gpg(REFERRAL, "notes/referral.md.gpg"),
    "literal packet after the message": _literal_after,
    # 3. forged sign-offs
    "people.yaml: panel chair's key -> attacker, signed": _forged_key,
    "people.yaml: attacker given panel-chair, signed": _forged_role,
    "attacker's own list making them chair": _self_signed_list,
    "sign-off deleted from signoffs.yaml": _drop_signoff,
    "final again on the pre-reopen sign-off": _reopen_then_final,
    "old sign-off replayed after the reopen": _reopen_replay,
    "reopened by hand, without voiding": _reopen_by_hand,
    # 4. merges that launder
    "orphan with a final unsigned summary, merged": _orphan_final,
    "side branch edits a frozen final, merged": _side_edits_final,
    "orphan merged with main as second parent": _swapped_parents,
    "orphan with its own readers list and people.yaml, merged": _orphan_own_trust,
    # pasted into a public file (the pre-commit hook only has plaintext: on the remote it is an ordinary edit)
    "referral paragraph pasted into scoping": _pasted,
    "real name in scoping": _named,
}
LOCAL_ONLY = {"referral paragraph pasted into scoping", "real name in scoping"}


def _scoped(rel: str, persons: list[str], data: str | None = None) -> Callable[[Site], None]:
    """Real ciphertext of a sensitive file, encrypted to readers other than its scope's."""
    return lambda site: _write(site, f"{rel}.gpg", encrypt_to(site.kit, persons, (data or PLAIN[rel]).encode()))


ATTACKS.update({  # 5. scoped readers (issue 12): each agency reads only its own papers
    "police IMR encrypted to the school's author": _scoped(IMR, [*READERS, "imr-police", "imr-school"]),
    "police IMR to the school's author instead of the police's": _scoped(IMR, [*READERS, "imr-school"]),
    "police chronology without the police's author": _scoped("05-imr/police/chronology.yaml", READERS),
    "police interview to the police's author only": _scoped("05-imr/police/interviews/pc-ash.md", ["imr-police"]),
    "family.yaml also to an agency's author": _scoped("family.yaml", [*READERS, "imr-police"]),
    "referral also to an agency's author": _scoped(REFERRAL, [*READERS, "imr-school"]),
    "new file in the school folder to the police's readers": _scoped(
        "05-imr/school/notes.md", [*READERS, "imr-police"], "Canary-School notes\n"),
})


def _head(site: Site) -> str:
    return run(site.member, "rev-parse", "HEAD").stdout


def remote_objects(bare: Path) -> bytes:
    done = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch"], cwd=bare, capture_output=True,
                          check=True)
    return done.stdout


@pytest.mark.slow
def test_every_attack_is_refused_by_pre_commit(site: Site) -> None:
    accepted = []
    for name, attack in ATTACKS.items():
        attack(site)
        before = _head(site)
        done = run(site.member, "commit", "-q", "-m", name, home=site.homes["author"])
        print(f"{name}: {done.stderr.splitlines()[0] if done.stderr else 'accepted'}")  # shown with pytest -s
        if done.returncode == 0 or _head(site) != before:
            accepted.append(name)
        elif "scr: error:" not in done.stderr:
            accepted.append(f"{name} (refused, but not by scr: {done.stderr.strip()[:200]})")
        site.reset()
    print(f"attack table, pre-commit: {len(ATTACKS)} cases, {len(ATTACKS) - len(accepted)} refused at commit")
    assert accepted == []
    assert len(ATTACKS) >= 30


@pytest.mark.slow
def test_every_attack_is_rejected_by_the_remote(site: Site) -> None:
    main = run(site.bare, "rev-parse", "main").stdout
    accepted, tried = [], 0
    for name, attack in ATTACKS.items():
        if name in LOCAL_ONLY:
            continue
        attack(site)
        run(site.member, "commit", "-q", "--no-verify", "-m", name)
        assert _head(site) != main, f"{name}: nothing was committed to push"
        for ref in ("main", "attack"):  # onto the protected branch, and as a new branch
            tried += 1
            done = run(site.member, "push", "-q", "-f", "origin", f"HEAD:{ref}")
            print(f"{name} -> {ref}: {done.stderr.splitlines()[0] if done.stderr else 'accepted'}")  # pytest -s
            if done.returncode == 0:
                accepted.append(f"{name} -> {ref}")
            elif "scr: error:" not in done.stderr:
                accepted.append(f"{name} -> {ref} (refused, but not by scr: {done.stderr.strip()[:200]})")
        assert run(site.bare, "rev-parse", "main").stdout == main, name
        site.reset()
    print(f"attack table, remote: {len(ATTACKS) - len(LOCAL_ONLY)} cases, {tried} pushes, "
          f"{tried - len(accepted)} refused by pre-receive")
    assert accepted == []
    assert b"Canary" not in remote_objects(site.bare)
    assert run(site.bare, "for-each-ref", "--format=%(refname)").stdout.split() == ["refs/heads/main"]


def _push(site: Site) -> subprocess.CompletedProcess[str]:
    return run(site.member, "push", "-q", "origin", "main")


@pytest.mark.slow
def test_genuine_workflows_still_go_through(site: Site) -> None:
    m, homes = site.member, site.homes
    # lock: a changed sensitive file, and a new one nobody listed, encrypted and committed through the hook
    (m / "family.yaml").write_text(PLAIN["family.yaml"] + "  - pseudonym: Mother\n    relationship: mother\n")
    (m / "notes").mkdir()
    (m / "notes/meeting.md").write_text("Notes of the planning meeting.\n")
    assert scr("lock", "-C", str(m), "--gnupghome", str(homes["author"])) == 0
    assert not (m / "notes/meeting.md").exists() or "notes/meeting.md" in (m / ".gitignore").read_text()
    run(m, "add", "-A")
    done = run(m, "commit", "-q", "-m", "lock", home=homes["author"])
    assert done.returncode == 0, done.stderr
    assert _push(site).returncode == 0
    # a sign-off by the real panel chair, and the summary (every section written) made final
    _summary_written(site)
    _summary_v2(site)
    run(m, "add", "-A")
    assert run(m, "commit", "-q", "-m", "summary v2").returncode == 0
    assert with_home(homes["panel-chair"], "signoff", m / SUMMARY, "--as", "panel-chair") == 0
    set_front(m, SUMMARY, status="final")
    run(m, "add", "-A")
    done = run(m, "commit", "-q", "-m", "summary approved", home=homes["panel-chair"])
    assert done.returncode == 0, done.stderr
    done = _push(site)
    assert done.returncode == 0, done.stderr
    # the merge of a clean branch
    run(m, "checkout", "-q", "-b", "topic")
    append(m, SCOPING, "\nThe panel will meet monthly.\n")
    assert scr("draft", "bump", m / SCOPING) == 0
    assert run(m, "commit", "-q", "-am", "scoping v2").returncode == 0
    run(m, "checkout", "-q", "main")
    (m / ".gitattributes").write_text("*.md text\n")
    run(m, "add", "-A")
    assert run(m, "commit", "-q", "-m", "attributes").returncode == 0
    assert run(m, "merge", "-q", "--no-edit", "topic").returncode == 0
    done = _push(site)
    assert done.returncode == 0, done.stderr
    # a paper the board makes public: its path in .scr/config.yaml, approved by the chair's signature
    config = m / ".scr/config.yaml"
    config.write_text(config.read_text().replace("public: []", "public: [08-publication/press/*.md]"))
    assert scr("keys", "sign", "-C", str(m), "--gnupghome", str(homes["board-chair"])) == 0
    (m / "08-publication/press").mkdir(parents=True)
    (m / "08-publication/press/statement.md").write_text(  # a document of a stage folder: front matter
        "---\ntitle: Press statement\n---\nThe board publishes its review today.\n")
    run(m, "add", "-A")
    done = run(m, "commit", "-q", "-m", "press statement", home=homes["author"])
    assert done.returncode == 0, done.stderr
    done = _push(site)
    assert done.returncode == 0, done.stderr
    # a chair handover: the author becomes panel chair; the board chair signs; then the new chair signs
    _people(site, "roles: [panel-chair]", "roles: [panel-member]")
    _people(site, "roles: [overview-author]", "roles: [panel-chair]")
    assert scr("keys", "sign", "-C", str(m), "--gnupghome", str(homes["board-chair"])) == 0
    run(m, "add", "-A")
    done = run(m, "commit", "-q", "-m", "new panel chair", home=homes["board-chair"])
    assert done.returncode == 0, done.stderr
    done = _push(site)
    assert done.returncode == 0, done.stderr
    assert scr("keys", "sign", "--as", "author", "-C", str(m), "--gnupghome", str(homes["author"])) == 0
    run(m, "add", "-A")
    done = run(m, "commit", "-q", "-m", "signed by the new chair", home=homes["author"])
    assert done.returncode == 0, done.stderr
    done = _push(site)
    assert done.returncode == 0, done.stderr
    assert b"Canary" not in remote_objects(site.bare)
