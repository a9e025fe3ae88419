"""`scr build genogram`: the family drawn as SVG or a PDF page, restricted (real names) or public (pseudonyms).

Real pandoc and Typst; the review is the build fixture's, its family given relationships (invented names).
"""

from __future__ import annotations

import re
import stat
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import FAMILY, dump, make_review  # noqa: E402

from scr_cli.publish import leakscan  # noqa: E402
from scr_cli.publish.leakscan import image_text  # noqa: E402
from tests.conftest import snapshot  # noqa: E402

RELATED = {
    "members": [
        {**FAMILY["members"][0], "id": "child", "sex": "female", "parents": ["mother", "father"], "born": 2021},
        {**FAMILY["members"][1], "id": "mother", "sex": "female"},
        {**FAMILY["members"][2], "id": "mr-y", "sex": "male"},
        {"id": "father", "pseudonym": "Father", "relationship": "father", "sex": "male",
         "real_names": ["Crispin Oyelaran-Vane", "Crispin"], "deceased": True},
        {"id": "brother", "pseudonym": "Sibling 1", "relationship": "half-brother", "parents": ["mother"],
         "born": 2015, "real_names": ["Evander Marchbanks"]},
    ],
    "partnerships": [{"partners": ["mother", "father"], "status": "divorced"}, {"partners": ["mother", "mr-y"]}],
    "households": [{"label": "at the time", "members": ["mother", "mr-y", "child", "brother"]}],
}
PSEUDONYMS = [m["pseudonym"] for m in RELATED["members"]]
REAL_NAMES = [n for m in RELATED["members"] for n in m["real_names"]]


@pytest.fixture
def review(tmp_path: Path) -> Path:
    root = make_review(tmp_path / "r")
    dump(root, "family.yaml", RELATED)
    return root


def pdf_text(path: Path) -> str:
    return "\n".join(c.text for c in leakscan.pdf_chunks(path))


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_restricted_genogram_names_the_family_and_is_kept_private(review: Path, scr) -> None:
    ran = scr("build", "genogram", "--format", "svg", "-C", review)
    assert ran.code == 0, ran.err
    svg = review / "build" / "genogram.svg"
    text = svg.read_text(encoding="utf-8")
    assert stat.S_IMODE(svg.stat().st_mode) == 0o600 and stat.S_IMODE(svg.parent.stat().st_mode) == 0o700
    for m in RELATED["members"]:
        assert m["real_names"][0] in words(image_text("g.svg", text.encode())), m["pseudonym"]
    assert text.count('class="member"') == 5 and text.count('class="household"') == 1
    assert text.count('class="break"') == 2  # divorced: two strokes
    assert text.count("<circle") >= 2 and "<rect x=" in text  # the mother and child round, the men square
    ran = scr("build", "genogram", "-C", review)
    assert ran.code == 0, ran.err
    pdf = review / "build" / "genogram.pdf"
    assert stat.S_IMODE(pdf.stat().st_mode) == 0o600
    assert "Zinnia Marchbanks" in words(pdf_text(pdf))
    assert not (review / "build" / ".genogram").exists()  # the staged drawing is gone once the PDF is made


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_the_public_genogram_shows_every_pseudonym_and_no_real_name(review: Path, scr, fmt: str) -> None:
    ran = scr("build", "genogram", "--public", "--format", fmt, "-C", review)
    assert ran.code == 0, ran.err
    out = review / "build" / f"genogram-public.{fmt}"
    raw = out.read_bytes()
    text = words(image_text(out.name, raw) if fmt == "svg" else pdf_text(out))
    for pseudonym in PSEUDONYMS:
        assert pseudonym in text, pseudonym
    for name in REAL_NAMES:
        assert name.lower() not in text.lower(), name
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_the_pack_carries_the_genogram_in_both_editions(review: Path, scr) -> None:
    for public in (False, True):
        ran = scr("build", "pack", *(["--public"] if public else []), "-C", review)
        assert ran.code == 0, ran.err
        text = words(pdf_text(review / "build" / f"review-pack{'-public' if public else ''}.pdf"))
        assert "Genogram" in text and "Sibling 1" in text if public else "Evander Marchbanks" in text
        if public:
            assert all(name.lower() not in text.lower() for name in REAL_NAMES)


@pytest.mark.parametrize("fmt", ["svg", "pdf"])
def test_a_real_name_in_the_drawing_refuses_the_public_genogram(review: Path, scr, fmt: str) -> None:
    family = yaml.safe_load((review / "family.yaml").read_text(encoding="utf-8"))
    family["households"][0]["label"] = "at Crispin's flat"  # a real name where the drawing shows text
    dump(review, "family.yaml", family)
    ran = scr("build", "genogram", "--public", "--format", fmt, "-C", review)
    assert ran.code == 1
    assert ran.err.startswith("scr: error: family.yaml: the image of the genogram holds the name of a family "
                              "member 'Father'") and "household label in family.yaml" in ran.err, ran.err
    assert "Crispin" not in ran.err and "Oyelaran" not in ran.err
    assert not (review / "build" / f"genogram-public.{fmt}").exists()
    assert not (review / "build" / ".genogram").exists()


def test_svg_is_for_the_genogram_alone_and_refused_before_anything_is_written(review: Path, scr) -> None:
    before = snapshot(review)
    ran = scr("build", "pack", "--format", "svg", "-C", review)
    assert ran.code == 1
    assert ran.err.startswith("scr: error: review-pack cannot be built as SVG") and "genogram" in ran.err
    assert snapshot(review) == before


def test_a_family_without_relationships_or_locked_has_no_genogram(review: Path, scr) -> None:
    dump(review, "family.yaml", FAMILY)
    ran = scr("build", "genogram", "-C", review)
    assert ran.code == 1 and "family.yaml: family.yaml lists no relationships to draw" in ran.err
    ran = scr("build", "pack", "-C", review)  # the pack goes on without one
    assert ran.code == 0, ran.err
    assert "Genogram" not in pdf_text(review / "build" / "review-pack.pdf")
    (review / "family.yaml").rename(review / "family.yaml.gpg")
    ran = scr("build", "genogram", "-C", review)
    assert ran.code == 1 and "family.yaml is locked" in ran.err and "scr unlock family.yaml" in ran.err
