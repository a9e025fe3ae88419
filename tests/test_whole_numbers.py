"""A version is a whole number: `version: true` or `version: 2.0` is a type error, never version 1 or 2.

Lax pydantic would turn true into 1 and 2.0 into 2; the git hooks' fast reader must agree with `scr check`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scr_cli.errors import DataError
from scr_cli.gate.gittree import read_review
from scr_cli.store.tree import Overlay, WorkTree
from tests.conftest import Ran

SIGNOFF = """signoffs:
  - document: 03-scoping/scoping.md
    version: true
    fingerprint: sha256:00
    person: board-chair
    role: board-chair
    date: 2026-11-20
"""


@pytest.mark.parametrize(("rel", "old", "new"), [
    ("03-scoping/scoping.md", "version: 1\n", "version: true\n"),
    ("03-scoping/scoping.md", "version: 1\n", "version: 2.0\n"),
    ("07-action-plan/action-plan.yaml", "version: 1\n", "version: True\n"),
])
def test_check_calls_a_bool_or_a_float_version_a_type_error(rel: str, old: str, new: str, new_review: Path,
                                                             scr) -> None:  # type: ignore[no-untyped-def]
    file = new_review / rel
    text = file.read_text()
    file.write_text(text.replace(old, new, 1))
    line = text[: text.index(old)].count("\n") + 1
    ran: Ran = scr("check", new_review, "--today", "2026-11-29")
    assert ran.code == 1
    value = new.split(": ")[1].strip()
    shown = {"true": "True", "True": "True", "2.0": "2.0"}[value]
    assert f"{rel}:{line}:10: error: 'version' must be a whole number, not {shown}" in ran.out, ran.out


def test_the_hooks_reader_refuses_a_bool_version_in_signoffs(new_review: Path) -> None:
    tree = Overlay(WorkTree(new_review), {"signoffs.yaml": SIGNOFF.encode()})
    with pytest.raises(DataError, match="version must be a whole number, not True"):
        read_review(tree)
    ints = Overlay(WorkTree(new_review), {"signoffs.yaml": SIGNOFF.replace("true", "1").encode()})
    review, _ = read_review(ints)
    assert [s.version for s in review.signoffs] == [1]
