"""The leak table (issue 9): 2,240 generated leaks, 10 name shapes x 32 ways of hiding them x 7 people.

Two nets, each shown on every case:
1. The public build refuses. Every case is refused at its own file and line by the check the public build
   runs on its source before rendering (fast: all cases, ten documents); and a real `build(public=True)` of
   a document holding that case alone refuses and leaves no file (fast: one case per obfuscation and format,
   96 builds; slow: every case, the format taking turns, 2,240 builds: all 6,720 one by one would take
   about 12 minutes here, and the check that refuses them is the same whatever the format).
2. The built file is scanned. The same cases built for real (not public, so the names stay in) as PDF,
   DOCX and HTML, ten documents per format: the scan of each built file reports every case's person.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from leakcases import OBFUSCATIONS, SHAPES, Case, cases, document  # noqa: E402
from test_build_fixture import dump, make_review, write  # noqa: E402
from test_leaks import png  # noqa: E402

from scr_cli.errors import DataError  # noqa: E402
from scr_cli.publish import namecheck  # noqa: E402
from scr_cli.publish.build import build, metadata  # noqa: E402
from scr_cli.publish.jobs import jobs_for, matcher_for  # noqa: E402
from scr_cli.publish.leakscan import scan  # noqa: E402
from scr_cli.store.loader import load  # noqa: E402

CASES = cases()
FORMATS = ("pdf", "docx", "html")


def test_the_table_is_as_large_as_promised() -> None:
    assert len(CASES) == len(SHAPES) * len(OBFUSCATIONS) * 7 == 2240
    assert len(OBFUSCATIONS) >= 15 and len({c.person.full for c in CASES}) == len(CASES)


def _family(root: Path, items: list[Case]) -> None:
    family = yaml.safe_load((root / "family.yaml").read_text(encoding="utf-8"))
    family["members"] += [{"pseudonym": f"Case {c.person.k:04d}", "real_names": [c.real_name]} for c in items]
    write(root, "family.yaml", yaml.safe_dump(family, allow_unicode=True, sort_keys=False))


@pytest.fixture(scope="module")
def table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict[int, int]]]:
    """One review, one IMR per shape (an agency each) holding that shape's 224 cases."""
    root = make_review(tmp_path_factory.mktemp("table") / "review")
    agencies = yaml.safe_load((root / "agencies.yaml").read_text(encoding="utf-8"))
    lines: dict[str, dict[int, int]] = {}
    for shape in SHAPES:
        agencies["agencies"].append({"id": f"shape-{shape}", "name": f"Agency {shape}", "sector": "health"})
        text, where = document([c for c in CASES if c.shape == shape], f"shape-{shape}")
        write(root, f"05-imr/shape-{shape}/imr.md", text)
        (root / f"05-imr/shape-{shape}/pic.png").write_bytes(png())
        lines[shape] = where
    dump(root, "agencies.yaml", agencies)
    _family(root, CASES)
    return root, lines


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_case_is_refused_at_its_line_by_the_public_check(table: tuple[Path, dict[str, dict[int, int]]],
                                                               shape: str) -> None:
    root, lines = table
    loaded = load(root)
    matcher = matcher_for(loaded)
    job = jobs_for(loaded, ["imr", f"shape-{shape}"], public=True)[0]
    found = namecheck.in_text(job.markdown, matcher) + namecheck.in_values(root, job, metadata(loaded, job), matcher)
    reported = {(r.line, label) for r in found for label in r.label.split(" or ")}
    rel = f"05-imr/shape-{shape}/imr.md"
    assert {r.path for r in found} == {rel}
    missed = [(c.obfuscation, c.person.k) for c in CASES if c.shape == shape
              and (lines[shape][c.person.k], c.person.label) not in reported]
    assert not missed, f"{len(missed)} cases not refused: {missed[:8]}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_case_is_found_in_the_real_built_file(table: tuple[Path, dict[str, dict[int, int]]], fmt: str,
                                                    tmp_path: Path) -> None:
    root, _ = table
    matcher = matcher_for(load(root))
    built = build(root, [x for shape in SHAPES for x in ("imr", f"shape-{shape}")], fmt, out=tmp_path).built
    assert len(built) == len(SHAPES)
    missed = []
    for b, shape in zip(built, SHAPES, strict=True):
        found = {leak.label for leak in scan(b.path, matcher)}
        missed += [(shape, c.obfuscation, c.person.k) for c in CASES if c.shape == shape
                   and c.person.label not in found]
    assert not missed, f"{len(missed)} of {len(CASES)} cases missed in {fmt}: {missed[:8]}"


def _refused_alone(root: Path, case: Case, fmt: str, out: Path) -> None:
    text, where = document([case], "police")
    write(root, "05-imr/police/imr.md", text)
    (root / "05-imr/police/pic.png").write_bytes(png())
    with pytest.raises(DataError) as caught:
        build(root, ["imr", "police"], fmt, public=True, out=out)
    err = caught.value
    assert (err.path, err.line) == ("05-imr/police/imr.md", where[case.person.k]), (case.obfuscation, str(err))
    assert case.person.label in err.message or "Case" in err.message
    assert not any(len(w) > 3 and w in str(err) for w in case.real_name.replace("-", " ").split())
    assert list(out.iterdir()) == [], case.obfuscation


def _review_for(tmp_path: Path, items: list[Case]) -> Path:
    root = make_review(tmp_path / "one")
    _family(root, items)
    return root


@pytest.mark.parametrize("obfuscation", list(OBFUSCATIONS))
def test_a_public_build_of_one_case_per_obfuscation_is_refused_in_every_format(tmp_path: Path,
                                                                               obfuscation: str) -> None:
    sample = [c for c in CASES if c.obfuscation == obfuscation]
    chosen = [sample[(i * 37) % len(sample)] for i in range(len(FORMATS))]  # a different shape per format
    root = _review_for(tmp_path, chosen)
    for case, fmt in zip(chosen, FORMATS, strict=True):
        _refused_alone(root, case, fmt, tmp_path / f"out-{fmt}")


@pytest.mark.slow
@pytest.mark.parametrize("shape", list(SHAPES))
def test_a_public_build_of_every_case_alone_is_refused(tmp_path: Path, shape: str) -> None:
    """All 2,240 cases, each in a document of its own, the format taking turns (747 PDF, 747 DOCX, 746 HTML)."""
    items = [c for c in CASES if c.shape == shape]
    root = _review_for(tmp_path, items)
    for case in items:
        out = tmp_path / f"out-{case.person.k}"
        out.mkdir()
        _refused_alone(root, case, FORMATS[case.person.k % len(FORMATS)], out)
