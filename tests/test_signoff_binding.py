"""A sign-off counts only when it is made with a key on the chair-signed readers list.

Whoever can push can edit people.yaml and drop a key into .scr/keys/; before this rule, registering your own
key as the board chair's in people.yaml was enough to forge the chair's approval.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.commands.demo import make_demo
from scr_cli.gate.signing import states
from scr_cli.review.canonical import record_bytes
from scr_cli.review.model import Pos, SignOff
from tests.conftest import TODAY

TOR = "04-terms-of-reference/terms-of-reference.md"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bind") / "demo"
    make_demo(root, TODAY)
    return root


def test_the_demo_chairs_signoff_is_valid(demo: Path) -> None:
    assert [s.state for s in states(demo)] == ["valid"]


def test_a_key_registered_only_in_people_yaml_does_not_count(demo: Path, tmp_path: Path) -> None:
    review = tmp_path / "review"
    shutil.copytree(demo, review, symlinks=True, ignore=shutil.ignore_patterns(".demo-gnupg"))
    home = Path(tempfile.mkdtemp(prefix="g-", dir="/tmp"))
    home.chmod(0o700)
    try:
        outsider = gpg.generate_key(home, "Outsider <outsider@example.invalid>")
        (review / ".scr/keys/outsider.asc").write_bytes(gpg.export_public(home, outsider))
        people = review / "people.yaml"
        text = people.read_text(encoding="utf-8")
        text, swapped = re.subn(r"(- id: board-chair\n(?:    .*\n)*?    key_fingerprint: )[0-9A-F]{40}",
                                rf"\g<1>{outsider}", text)
        assert swapped == 1
        people.write_text(text, encoding="utf-8")
        # A forged approval of the current terms of reference, signed with the outsider's key.
        current = states(review)[0].signoff
        forged = SignOff(TOR, current.version, current.fingerprint, "board-chair", "board-chair", TODAY,
                         Pos("signoffs.yaml"))
        signature = gpg.sign_detached(home, record_bytes(forged), outsider).decode()
        block = "\n".join("      " + ln for ln in signature.strip().splitlines())
        with (review / "signoffs.yaml").open("a", encoding="utf-8") as handle:
            handle.write(f"  - document: {TOR}\n    version: {forged.version}\n    fingerprint: {forged.fingerprint}\n"
                         f"    person: board-chair\n    role: board-chair\n    date: {TODAY}\n"
                         f"    signature: |\n{block}\n")
        got = states(review)
        assert got[-1].state == "invalid"
        assert "not on the chair-signed readers list" in got[-1].reason
    finally:
        gpg.stop_agents(home)
        shutil.rmtree(home, ignore_errors=True)
