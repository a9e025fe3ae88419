"""A review in monitoring, built for real: `scr new` (hooks installed), people with generated keys, a readers
list signed by the board chair, an action plan made final with each owning agency's senior manager's GPG
sign-off through the hooks, and the board's adoption logged. Dates are relative to the day the test runs, as
the hooks judge commits by the real clock. Every name is invented.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scr_cli.app import main
from tests.gpgkit import KeyKit

TODAY = date.today()
PLAN = "07-action-plan/action-plan.yaml"
PROGRESS = "07-action-plan/progress.yaml"
SIGNERS = ("board-chair", "sm-police", "sm-health", "sm-stranger")


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


def git(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env={**os.environ, **(env or {})})


def scr(*args: str | Path) -> int:
    return main([str(a) for a in args])


def people(kit: KeyKit) -> str:
    def key(pid: str) -> str:
        return f"    key_fingerprint: {kit.fingerprint(pid)}\n"

    return ("people:\n"
            "  - id: board-chair\n    name: Zelda Quillfeather\n    roles: [board-chair]\n" + key("board-chair") +
            "  - id: business-manager\n    name: Ravi Oakhollow\n    roles: [business-manager]\n"
            "  - id: sm-police\n    name: Wren Castellane\n    roles: [senior-manager, panel-member]\n"
            "    agency: police\n" + key("sm-police") +
            "  - id: sm-health\n    name: Ivo Marchbank\n    roles: [senior-manager, panel-member]\n"
            "    agency: health\n" + key("sm-health") +
            "  - id: sm-stranger\n    name: Orla Pennyworth\n    roles: [senior-manager]\n"
            "    agency: health\n" + key("sm-stranger"))


AGENCIES = """\
agencies:
  - {id: police, name: Testshire Police, sector: police, imr: false}
  - {id: health, name: Testshire Health Trust, sector: health, imr: false}
"""


def plan(status: str) -> str:
    return f"""\
title: Multi-agency action plan
version: 1
date: {day(-210)}
status: {status}
actions:
  - id: A1
    recommendation: R1
    action: Send domestic-abuse notifications to children's services within one working day
    owner_agency: police
    owner_officer: Head of Public Protection
    due: {day(-20)}
    outcome: Children's services hear of every incident in time to act
    measure: 95% sent within a working day for three months
    evidence: Monthly performance report
    audit: Dip sample of 20 notifications
  - id: A2
    recommendation: R2
    action: No health visiting case closed for non-attendance without a multi-agency check
    owner_agency: health
    owner_officer: Named Nurse for Safeguarding
    due: {day(90)}
    outcome: No child drops out of sight after missed appointments
    measure: Closure checklist in use in every team
    evidence: Revised policy and training records
    audit: Audit of closures over six months
"""


def log_yaml(adopted: int) -> str:
    """A log from referral to adoption, `adopted` days from today (negative: in the past)."""
    return f"""\
events:
  - {{event: referral-received, date: {day(-400)}}}
  - event: decision
    date: {day(-390)}
    outcome: review
    reasons: Serious injury; agencies did not share what they knew
  - {{event: adopted, date: {day(adopted)}}}
"""


LOG = log_yaml(-200)


@dataclass
class Monitored:
    root: Path
    home: Path  # a GNUPGHOME holding every signer's secret key


def build(root: Path, kit: KeyKit) -> Monitored:
    assert scr("new", root, "--ref", "SCR-T-13", "--board", "Testshire Partnership", "--child", "Child Q",
               "--referral-received", day(-400)) == 0
    home = kit.home_for(*SIGNERS)
    (root / "people.yaml").write_text(people(kit))
    (root / "agencies.yaml").write_text(AGENCIES)
    (root / "log.yaml").write_text(LOG)
    (root / PLAN).write_text(plan("draft"))
    for pid in ("board-chair", "sm-police", "sm-health"):  # sm-stranger's key is not on the readers list
        keyfile = root.parent / f"{pid}.asc"
        keyfile.write_bytes(kit.public(pid))
        assert scr("keys", "add", keyfile, "--person", pid, "-C", root, "--gnupghome", home) == 0
    assert git(root, "add", "-A").returncode == 0
    done = git(root, "commit", "-q", "--no-verify", "-m", "people, keys, the plan as adopted")
    assert done.returncode == 0, done.stderr
    os.environ["GNUPGHOME"] = str(home)  # the senior managers sign on this machine
    try:
        for pid in ("sm-police", "sm-health"):
            assert scr("signoff", root / PLAN, "--as", "senior-manager", "--person", pid) == 0
        (root / PLAN).write_text(plan("final"))
        assert git(root, "add", "-A").returncode == 0
        done = git(root, "commit", "-q", "-m", "Action plan signed by the owning agencies")  # through the hooks
        assert done.returncode == 0, done.stderr
    finally:
        os.environ.pop("GNUPGHOME", None)
    return Monitored(root, home)


def commit(root: Path, message: str, *, verify: bool = True) -> subprocess.CompletedProcess[str]:
    git(root, "add", "-A")
    return git(root, "commit", "-q", *([] if verify else ["--no-verify"]), "-m", message)


def bare_remote(work: Path, remote: Path) -> Path:
    assert git(work.parent, "init", "-q", "--bare", "--initial-branch=main", str(remote)).returncode == 0
    git(work, "remote", "add", "origin", str(remote))
    pushed = git(work, "push", "-q", "origin", "main")
    assert pushed.returncode == 0, pushed.stderr
    assert scr("hooks", "install", remote) == 0
    return remote
