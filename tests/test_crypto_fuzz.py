"""T1: a stateful fuzz of several members working in clones of one shared bare repository.

Members unlock, edit (writing canary strings into sensitive plaintext), lock, `git add -A`, `git add -f`,
commit (with and without --no-verify, with -a), stash, reset, merge and push; the chair adds and removes a
reader. The author, a reader without a signing role, also attacks (issue 9): copies a sensitive file with a
canary to a random path and name, forges a `.gpg` whose encrypted-data body is that plaintext, and edits
people.yaml (giving themselves the panel-chair role, or pointing the panel chair's fingerprint at their own
key) before signing the public executive summary as panel chair and making it final. With scoped readers
(issue 12) the list also holds the police's and the school's IMR authors, and the author pushes sensitive
files encrypted to the wrong scope: a police file to the school's author, or without the police's own, and
family.yaml to an agency's author.
Invariants after every step: no canary string in any object of the shared repository, every sensitive file
on the shared main branch is ciphertext to exactly the readers of its scope, and no sign-off on main counts as valid
(nobody with a signing role signs in this fuzz, so any valid one is forged).
Examples: SCR_T1_EXAMPLES (default 50, the size the issue asks for in every run; ~80 s here).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from scr_cli.adapters import gpg
from scr_cli.crypto.packets import packets
from scr_cli.crypto.readers import verified_readers
from scr_cli.gate.gittree import CommitTree, read_document, read_review
from scr_cli.gate.sensitive import check_sensitive
from scr_cli.gate.signatures import verifier
from scr_cli.gate.transition import load_regime_fast
from scr_cli.gate.trust import signers
from scr_cli.review.canonical import record_bytes
from scr_cli.review.model import Pos, SignOff
from scr_cli.review.signoff import signoff_states
from scr_cli.store.tree import WorkTree
from tests.conftest import TODAY
from tests.gpgkit import SENSITIVE_FILES, KeyKit, encrypt_to, git, install_hooks, locked_review, scr

EXAMPLES = int(os.environ.get("SCR_T1_EXAMPLES", "50"))
FILES = sorted(SENSITIVE_FILES)
MEMBERS = ("board-chair", "author")  # both readers; the chair can sign
SUMMARY = "06-overview/executive-summary.md"  # public: its sign-off is what the forger wants
COPIES = ("referral.md.orig", "01-referral/referral.md.bak", "notes/meeting.md", "08-publication/referral.md",
          "family.yml", "05-imr/police/interviews/2026/x.md", "docs/copy.txt", "03-scoping/notes.txt")
AGENCY_AUTHORS = {"police": "Tamsin Oakhollow", "school": "Wren Pebblecroft"}
CORE = ["board-chair", "panel-chair", "author"]
WRONG_SCOPES = {  # a file, and readers that are not exactly its scope
    "05-imr/police/imr.md": [[*CORE, "imr-school"], CORE, [*CORE, "imr-police", "imr-school"]],
    "05-imr/police/chronology.yaml": [[*CORE, "imr-school"], ["imr-police"]],
    "family.yaml": [[*CORE, "imr-police"], [*CORE, "imr-school"]],
    "01-referral/referral.md": [[*CORE, "imr-police"]],
}
_kit: KeyKit | None = None
_template: Path | None = None
_counter = itertools.count()
STATS = {"steps": 0, "commits made": 0, "commits refused": 0, "pushes accepted": 0, "pushes rejected": 0,
         "readers changed": 0, "locks made": 0, "locks refused": 0, "copies": 0, "fake .gpg": 0, "forgeries": 0,
         "attack pushes accepted": 0, "attack pushes refused": 0, "sign-offs judged on main": 0, "wrong scopes": 0}


def _setup_template(kit: KeyKit) -> Path:
    base = Path(tempfile.mkdtemp(prefix="t1-"))
    origin = base / "origin"
    locked_review(origin, kit)
    people = origin / "people.yaml"
    people.write_text(people.read_text() + "  - id: outsider\n    name: Ned Brambleworth\n    roles: [panel-member]\n"
                      + "".join(f"  - id: imr-{a}\n    name: {n}\n    roles: [imr-author]\n    agency: {a}\n"
                                for a, n in AGENCY_AUTHORS.items()))
    chair = kit.home_for("board-chair")
    for agency in AGENCY_AUTHORS:  # agency readers: each reads only its own folder
        key = base / f"imr-{agency}.asc"
        key.write_bytes(kit.public(f"imr-{agency}"))
        assert scr("keys", "add", str(key), "--person", f"imr-{agency}", "-C", str(origin),
                   "--gnupghome", str(chair)) == 0
    summary = origin / SUMMARY
    summary.parent.mkdir(parents=True, exist_ok=True)
    summary.write_text("---\ntitle: Executive summary\nversion: 1\ndate: 2026-01-05\nstatus: draft\n---\n"
                       "The review in brief.\n")
    (origin / "signoffs.yaml").write_text("signoffs: []\n")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "--no-verify", "-m", "outsider joins people; the summary")
    git(base, "clone", "-q", "--bare", str(origin), str(base / "shared.git"))
    install_hooks(base / "shared.git")
    for member in MEMBERS:
        git(base, "clone", "-q", str(base / "shared.git"), str(base / member))
        install_hooks(base / member)
    shutil.rmtree(origin)
    return base


class Members(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        assert _kit is not None and _template is not None
        self.kit = _kit
        self.base = Path(tempfile.mkdtemp(prefix="t1r-"))
        shutil.copytree(_template, self.base, dirs_exist_ok=True, symlinks=True)
        self.bare = self.base / "shared.git"
        self.homes = {m: self.kit.home_for(m) for m in MEMBERS}
        self.canaries: set[str] = set()
        self.outsider_in = False

    @initialize()
    def start(self) -> None:
        for member in MEMBERS:
            assert self.scr(member, "unlock") == 0

    def root(self, member: str) -> Path:
        return self.base / member

    def scr(self, member: str, *args: str) -> int:
        return scr(*args, "-C", str(self.root(member)), "--gnupghome", str(self.homes[member]))

    def git(self, member: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "SCR_GNUPGHOME": str(self.homes[member])}
        return subprocess.run(["git", *args], cwd=self.root(member), capture_output=True, text=True, env=env)

    @rule(member=st.sampled_from(MEMBERS), file=st.sampled_from(FILES))
    def edit(self, member: str, file: str) -> None:
        canary = f"Canary{next(_counter):05d}x"
        self.canaries.add(canary)
        path = self.root(member) / file
        path.write_text(SENSITIVE_FILES[file] + f"# {canary}\n")
        if file.endswith("imr.md"):  # a changed IMR is locked only as its next draft, as a member would make it
            saved = os.environ.get("SCR_GNUPGHOME")
            os.environ["SCR_GNUPGHOME"] = str(self.homes[member])
            try:
                scr("draft", "bump", str(path))
            finally:
                if saved is None:
                    os.environ.pop("SCR_GNUPGHOME", None)
                else:
                    os.environ["SCR_GNUPGHOME"] = saved

    @rule(member=st.sampled_from(MEMBERS))
    def unlock(self, member: str) -> None:
        self.scr(member, "unlock", "--force")

    @rule(member=st.sampled_from(MEMBERS))
    def lock(self, member: str) -> None:
        STATS["locks made" if self.scr(member, "lock") == 0 else "locks refused"] += 1

    @rule(member=st.sampled_from(MEMBERS), stage=st.sampled_from(["-A", "-f", "none"]),
          file=st.sampled_from(FILES), no_verify=st.booleans(), all_=st.booleans())
    def commit(self, member: str, stage: str, file: str, no_verify: bool, all_: bool) -> None:
        if stage != "none":
            self.git(member, "add", stage, *([file] if stage == "-f" else []))
        args = ["commit", "-q", "-m", "work"] + (["--no-verify"] if no_verify else []) + (["-a"] if all_ else [])
        done = self.git(member, *args)
        if "nothing" not in done.stdout:
            STATS["commits made" if done.returncode == 0 else "commits refused"] += 1

    @rule(member=st.sampled_from(MEMBERS))
    def stash(self, member: str) -> None:
        self.git(member, "stash", "-q")

    @rule(member=st.sampled_from(MEMBERS))
    def reset(self, member: str) -> None:
        self.git(member, "fetch", "-q")
        self.git(member, "reset", "-q", "--hard", "origin/main")

    @rule(member=st.sampled_from(MEMBERS))
    def merge(self, member: str) -> None:
        self.git(member, "fetch", "-q")
        if self.git(member, "merge", "-q", "--no-edit", "origin/main").returncode != 0:
            self.git(member, "merge", "--abort")

    @rule(member=st.sampled_from(MEMBERS), force=st.booleans())
    def push(self, member: str, force: bool) -> None:
        done = self.git(member, "push", "-q", *(["-f"] if force else []), "origin", "HEAD:main")
        if "up-to-date" not in done.stderr:
            STATS["pushes accepted" if done.returncode == 0 else "pushes rejected"] += 1

    def attack_push(self, what: str) -> list[str]:
        """Commit the staged attack past the local hook (--no-verify) and push it, to main or a new branch.

        Returns what the remote said to each push.
        """
        self.git("author", "commit", "-q", "--no-verify", "-m", what)
        said = []
        for ref in ("main", f"attack-{next(_counter)}"):
            done = self.git("author", "push", "-q", "origin", f"HEAD:{ref}")
            STATS["attack pushes accepted" if done.returncode == 0 else "attack pushes refused"] += 1
            said.append(done.stderr)
        self.git("author", "reset", "-q", "--hard", "origin/main")
        return said

    @rule(file=st.sampled_from(FILES), to=st.sampled_from(COPIES), now=st.booleans())
    def copy_sensitive(self, file: str, to: str, now: bool) -> None:
        """The author saves a sensitive file (with a canary) under another path and name and stages it."""
        canary = f"Canary{next(_counter):05d}c"
        self.canaries.add(canary)
        path = self.root("author") / to
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SENSITIVE_FILES[file] + f"# {canary}\n")
        self.git("author", "add", "-f", to)
        STATS["copies"] += 1
        if now:
            self.attack_push("a copy")

    @rule(file=st.sampled_from(FILES), at_new=st.booleans(), now=st.booleans())
    def fake_gpg(self, file: str, at_new: bool, now: bool) -> None:
        """Real recipient key-ID packets, then an encrypted-data packet whose body is the plaintext."""
        canary = f"Canary{next(_counter):05d}g"
        self.canaries.add(canary)
        real = encrypt_to(self.kit, ["board-chair", "panel-chair", "author"], b"x")
        head = real[: max(p.end for p in packets(real) if p.tag == 1)]
        body = b"\x01" + (SENSITIVE_FILES[file] + f"# {canary}\n").encode() * 3
        rel = f"notes/{file.replace('/', '-')}.gpg" if at_new else f"{file}.gpg"
        path = self.root("author") / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(head + bytes([0xD2, 255]) + len(body).to_bytes(4, "big") + body)
        self.git("author", "add", "-f", rel)
        STATS["fake .gpg"] += 1
        if now:
            self.attack_push("a fake .gpg")

    @rule(file=st.sampled_from(sorted(WRONG_SCOPES)), which=st.integers(0, 2), now=st.booleans())
    def wrong_scope(self, file: str, which: int, now: bool) -> None:
        """The author encrypts a sensitive file to readers other than its scope's (real ciphertext, real keys)."""
        choices = WRONG_SCOPES[file]
        path = self.root("author") / f"{file}.gpg"
        path.write_bytes(encrypt_to(self.kit, choices[which % len(choices)], SENSITIVE_FILES[file].encode()))
        self.git("author", "add", "-f", f"{file}.gpg")
        STATS["wrong scopes"] += 1
        if now:  # refused for this file's recipients (not only for something else staged with it); a push to
            # main from a clone behind it is refused by git before the hook runs, a new branch always reaches it
            to_main, to_branch = self.attack_push("a wrong scope")
            assert f"{file}.gpg: " in to_branch and "encrypted to" in to_branch, to_branch
            assert f"{file}.gpg: " in to_main or "scr:" not in to_main, to_main

    @rule(how=st.sampled_from(["role", "fingerprint"]), now=st.booleans())
    def forge_signoff(self, how: str, now: bool) -> None:
        """The author edits people.yaml to make themselves (or their key) the panel chair, then signs as such."""
        root = self.root("author")
        people = root / "people.yaml"
        text = people.read_text()
        if how == "role":
            text, person = text.replace("roles: [overview-author]", "roles: [overview-author, panel-chair]"), "author"
        else:
            text, person = text.replace(self.kit.fingerprint("panel-chair"), self.kit.fingerprint("author")), \
                "panel-chair"
        people.write_text(text)
        got = read_document(WorkTree(root), SUMMARY)
        if got is None or got[0].version is None:
            return
        record = SignOff(SUMMARY, got[0].version, got[1].content, person, "panel-chair", TODAY, Pos("signoffs.yaml"))
        sig = gpg.sign_detached(self.homes["author"], record_bytes(record), self.kit.fingerprint("author")).decode()
        block = "\n".join("      " + ln for ln in sig.strip().splitlines())
        signoffs = root / "signoffs.yaml"
        signoffs.write_text(signoffs.read_text().replace("signoffs: []\n", "signoffs:\n") +
                            f"  - document: {SUMMARY}\n    version: {record.version}\n"
                            f"    fingerprint: {record.fingerprint}\n    person: {person}\n    role: panel-chair\n"
                            f"    date: {TODAY}\n    signature: |\n{block}\n")
        summary = root / SUMMARY
        summary.write_text(summary.read_text().replace("status: draft", "status: final", 1))
        self.git("author", "add", "-A", "people.yaml", "signoffs.yaml", SUMMARY)
        STATS["forgeries"] += 1
        if now:
            self.attack_push("a forged sign-off")

    @rule(go=st.integers(0, 3))
    def toggle_outsider(self, go: int) -> None:
        if go:
            return
        chair = "board-chair"
        if self.outsider_in:
            code = self.scr(chair, "keys", "remove", "outsider")
        else:
            key = self.base / "outsider.asc"
            key.write_bytes(self.kit.public("outsider"))
            code = self.scr(chair, "keys", "add", str(key), "--person", "outsider")
        if code == 0:
            STATS["readers changed"] += 1
            self.outsider_in = not self.outsider_in
            self.git(chair, "add", "-A", ".scr/keys", *[f"{f}.gpg" for f in FILES])
            self.git(chair, "commit", "-q", "-m", "readers changed")

    @invariant()
    def no_canary_on_the_server(self) -> None:
        STATS["steps"] += 1
        done = subprocess.run(["git", "cat-file", "--batch-all-objects", "--batch", "--unordered"], cwd=self.bare,
                              capture_output=True, check=True)
        assert b"Canary" not in done.stdout

    @invariant()
    def server_main_is_encrypted_to_the_readers(self) -> None:
        tree = CommitTree("main", self.bare)
        paths = [p for p in tree.paths() if p.endswith(".gpg")]
        # default deny: a copy at a new path that a member locked is a sensitive file of its own, as it should be
        assert {f"{f}.gpg" for f in FILES} <= set(paths)
        assert check_sensitive(tree, paths) == []

    @invariant()
    def no_forged_signoff_counts_on_main(self) -> None:
        tree = CommitTree("main", self.bare)
        got = read_document(tree, SUMMARY)
        assert got is not None and got[1].status != "final"
        review, _ = read_review(tree, [got[0]])
        if not review.signoffs:
            return
        readers = verified_readers(tree.read)
        states = signoff_states(review, load_regime_fast(tree), verifier(readers), signers(readers))
        STATS["sign-offs judged on main"] += len(states)
        assert [s for s in states if s.state == "valid"] == []

    def teardown(self) -> None:
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.mark.slow
def test_members_never_leak(keykit: KeyKit, git_env: None) -> None:
    global _kit, _template
    _kit = keykit
    _template = _setup_template(keykit)
    try:
        run_state_machine_as_test(Members, settings=settings(
            max_examples=EXAMPLES, stateful_step_count=25, deadline=None, suppress_health_check=list(HealthCheck)))
    finally:
        shutil.rmtree(_template, ignore_errors=True)
    print(f"T1: {EXAMPLES} examples, " + ", ".join(f"{v} {k}" for k, v in STATS.items()))
    assert STATS["pushes accepted"] and STATS["commits made"]
    assert STATS["attack pushes accepted"] == 0
    assert STATS["wrong scopes"] or EXAMPLES < 20
    if EXAMPLES >= 20:  # a default run pushes dozens of attacks; a tiny SCR_T1_EXAMPLES run may draw none
        assert STATS["attack pushes refused"]


from tests.gpgkit import git_env_fixture, keykit_fixture  # noqa: E402,F401 - fixtures
