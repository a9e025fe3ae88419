"""`scr keys list` shows the table and exits 1 when a key file or the list's signature is damaged, naming the
file that is; with nothing damaged it exits 0."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.envkit import make_base, review_copy, run

KEYS = ".scr/keys"


def _garbage_signature(root: Path) -> None:
    (root / KEYS / "readers.yaml.sig").write_text("not a signature\n")


def _junk_key(root: Path) -> None:
    (root / KEYS / "business-manager.asc").write_text("junk\n")


def _truncated_key(root: Path) -> None:
    key = root / KEYS / "business-manager.asc"
    key.write_bytes(key.read_bytes()[:300])


def _someone_elses_key(root: Path) -> None:
    (root / KEYS / "business-manager.asc").write_bytes((root / KEYS / "board-chair.asc").read_bytes())


def _list_edited(root: Path) -> None:
    readers = root / KEYS / "readers.yaml"
    lines = readers.read_text().splitlines(keepends=True)
    cut = next(i for i, ln in enumerate(lines) if "person: business-manager" in ln)
    readers.write_text("".join(lines[:cut] + lines[cut + 2:]))  # a reader dropped without re-signing


CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "signature-garbage": (_garbage_signature, f"{KEYS}/readers.yaml.sig", "changed after it was signed"),
    "key-junk": (_junk_key, f"{KEYS}/business-manager.asc", "not a usable public key"),
    "key-truncated": (_truncated_key, f"{KEYS}/business-manager.asc", "not a usable public key"),
    "key-of-another": (_someone_elses_key, f"{KEYS}/business-manager.asc", "does not match the signed fingerprint"),
    "list-edited": (_list_edited, f"{KEYS}/readers.yaml.sig", "changed after it was signed"),
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("keysbase"))


@pytest.fixture
def review(base: Path) -> Iterator[Path]:
    with review_copy(base) as root:
        yield root


def test_an_intact_list_exits_0(review: Path) -> None:
    ran = run(review, "keys", "list")
    assert ran.code == 0 and ran.err == "", ran.err
    assert "signature: valid (signed by board-chair)" in ran.out


@pytest.mark.parametrize("case", list(CASES))
def test_damage_exits_1_and_names_the_file(case: str, review: Path) -> None:
    damage, file, says = CASES[case]
    damage(review)
    ran = run(review, "keys", "list")
    assert ran.code == 1, (ran.out, ran.err)
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"scr: error: {file}: ") and says in lines[0], lines
    assert "person" in ran.out.splitlines()[0]  # the table is still shown
    if case.startswith("key-") and case != "key-of-another":
        row = next(ln for ln in ran.out.splitlines() if ln.startswith("business-manager"))
        assert row.endswith("damaged key file"), row
        others = [ln for ln in ran.out.splitlines()[1:-1] if not ln.startswith("business-manager")]
        assert others and all(ln.endswith(" ok") for ln in others), others  # one bad file spoils no other row
