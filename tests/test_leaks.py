"""Public editions cannot leak a name: generated leaks (variant x location x format) in real built files.

Each leak belongs to its own generated (fictional) person, so "every leak caught" means every person's
label is reported by the scan of the built file. 14 variants x 7 locations = 98 leaks per document,
built as PDF, DOCX and HTML: 294 leaks in real files, plus the pure matcher cases below.
"""

from __future__ import annotations

import itertools
import struct
import sys
import zlib
from datetime import date
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review, write  # noqa: E402

from scr_cli.commands.anonymise import anonymise  # noqa: E402
from scr_cli.errors import DataError  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402
from scr_cli.publish.jobs import matcher_for  # noqa: E402
from scr_cli.publish.leakscan import scan  # noqa: E402
from scr_cli.store.loader import load  # noqa: E402

CONS = "bdfgklmnprstvz"
VOWELS = "aeiou"
VARIANTS = ("full", "surname", "title", "initials", "poss-straight", "poss-curly", "upper", "lower",
            "accent-text", "accent-source", "hyphen-full", "hyphen-part", "split", "lookalike")
LOCATIONS = ("paragraph", "heading", "table", "footnote", "caption", "link", "front-matter")


def png(width: int = 8, height: int = 8) -> bytes:
    """A small valid grey PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def person(k: int) -> tuple[str, str, str]:
    """(given, surname, second surname) of generated person k < 196: unique, with unique initials."""
    a, b = CONS[k % 14], CONS[k // 14]
    return (f"{a}e{b}alix".capitalize(), f"{b}o{a}uvanderq".capitalize(), f"w{VOWELS[k % 5]}{a}e{b}ton".capitalize())


ACCENTS = str.maketrans({"a": "á", "e": "ë", "o": "ö", "u": "ü"})
LOOKALIKE = str.maketrans({"a": "\u0430", "e": "\u0435", "o": "\u03bf"})  # Cyrillic a and e, Greek o


def leak(k: int, variant: str) -> tuple[list[str], str, str]:
    """(real_names for family.yaml, how the text writes it, how a hard line break writes it)."""
    g, s, s2 = person(k)
    real = [f"{g} {s}"]
    text = {"full": f"{g} {s}", "surname": s, "title": f"Mrs {s}", "initials": f"{g[0]}. {s[0]}.",
            "poss-straight": f"{g}'s", "poss-curly": f"{s}’s", "upper": f"{g} {s}".upper(),
            "lower": f"{g} {s}".lower(), "accent-text": f"{g.translate(ACCENTS)} {s.translate(ACCENTS)}",
            "accent-source": f"{g} {s}", "hyphen-full": f"Ms {s}-{s2}", "hyphen-part": s2,
            "split": f"{g} {s}", "lookalike": f"{g.translate(LOOKALIKE)} {s.translate(LOOKALIKE)}"}[variant]
    if variant == "accent-source":
        real = [f"{g.translate(ACCENTS)} {s.translate(ACCENTS)}"]
    if variant.startswith("hyphen"):
        real = [f"{g} {s}-{s2}"]
    broken = f"{g}\\\n{s}" if variant == "split" else text
    return real, text, broken


def leak_document(root: Path) -> list[str]:
    """Write one IMR holding 98 leaks and a family.yaml naming their 98 people; returns their labels."""
    members = []
    labels = []
    paragraphs, headings, rows, notes, captions, links, title = [], [], [], [], [], [], []
    for k, (variant, location) in enumerate(itertools.product(VARIANTS, LOCATIONS)):
        real, text, broken = leak(k, variant)
        members.append({"pseudonym": f"Relative {k}", "real_names": real})
        labels.append(f"family member 'Relative {k}'")
        if location == "paragraph":
            paragraphs.append(f"On the visit {broken} was present and spoke to staff.\n")
        elif location == "heading":
            headings.append(f"## About {text}\n\nNothing further.\n")
        elif location == "table":
            rows.append(f"| 2025-02-{k % 28 + 1:02d} | Seen with {text} at the clinic |")
        elif location == "footnote":
            notes.append((k, broken))
        elif location == "caption":
            captions.append(f"![Drawing by {broken}](pic.png)\n")
        elif location == "link":
            links.append(f"See [the note on {broken}](https://example.org/n{k}).\n")
        else:
            title.append(text)
    body = ["# Leaks", "", *paragraphs, *headings, "", "| Date | Event |", "|---|---|", *rows, ""]
    body += [f"A remark.[^n{k}]\n" for k, _ in notes] + [f"[^n{k}]: Told by {b}.\n" for k, b in notes]
    body += captions + links
    fm = yaml.safe_dump({"title": "Notes on " + ", ".join(title), "version": 1, "date": "2026-10-01",
                         "status": "draft", "agency": "police"}, allow_unicode=True)
    write(root, "05-imr/police/imr.md", f"---\n{fm}---\n" + "\n".join(body))
    (root / "05-imr/police/pic.png").write_bytes(png())
    family = yaml.safe_load((root / "family.yaml").read_text(encoding="utf-8"))
    family["members"] += members
    write(root, "family.yaml", yaml.safe_dump(family, allow_unicode=True, sort_keys=False))
    return labels


@pytest.fixture(scope="module")
def leaky(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    root = make_review(tmp_path_factory.mktemp("leaks") / "review")
    return root, leak_document(root)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_every_generated_leak_is_caught_in_the_built_file(leaky: tuple[Path, list[str]], fmt: str,
                                                          tmp_path: Path) -> None:
    root, labels = leaky
    built = build(root, ["imr", "police"], fmt, out=tmp_path).built[0].path  # not public: names stay in
    found = {leak.label for leak in scan(built, matcher_for(load(root)))}
    missed = [lab for lab in labels if lab not in found]
    assert not missed, f"{len(missed)} of {len(labels)} leaks missed in {fmt}: {missed[:5]}"
    assert len(labels) == len(VARIANTS) * len(LOCATIONS) == 98


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_public_edition_of_the_leaky_document_is_refused_and_writes_nothing(leaky: tuple[Path, list[str]], fmt: str,
                                                                           tmp_path: Path) -> None:
    # was: built, names replaced silently at build time; now the public build refuses (issue 9)
    root, _ = leaky
    with pytest.raises(DataError) as caught:
        build(root, ["imr", "police"], fmt, public=True, out=tmp_path)
    err = caught.value
    assert err.path == "05-imr/police/imr.md" and err.line is not None
    assert "Relative" in err.message and "scr anonymise" in str(err)
    family = yaml.safe_load((root / "family.yaml").read_text(encoding="utf-8"))
    real = {word for m in family["members"] for n in m["real_names"] for word in n.replace("-", " ").split()}
    assert not [w for w in real if len(w) > 3 and w in str(err)]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_clean_documents_have_no_false_positives_and_allowed_names_pass(tmp_path: Path, fmt: str) -> None:
    root = make_review(tmp_path / "r", chronology_size=40)
    write(root, "06-overview/executive-summary.md", (root / "06-overview/executive-summary.md").read_text()
          + "\nThe review was chaired by Dr Cassius Merriweather for Ottoline Brackenbury; the author was "
            "Perpetua Lindqvist. In May the family moved; Mother's grace and hope were noted by Mr Y.\n")
    result = build(root, ["pack"], fmt, public=True, out=tmp_path / "out")
    assert scan(result.built[0].path, matcher_for(load(root))) == []
    text = result.built[0].path.read_bytes()
    if fmt == "html":
        assert b"Merriweather" in text and b"Brackenbury" in text


def test_a_name_the_replacement_cannot_see_fails_the_build_and_leaves_nothing(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    summary = root / "06-overview/executive-summary.md"
    summary.write_text(summary.read_text() + "\nLater, Zin**nia** went to stay with an aunt.\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(DataError) as caught:
        build(root, ["summary"], "pdf", out=out)
    err = caught.value
    assert err.path == "06-overview/executive-summary.md"
    assert err.line == summary.read_text().split("\n").index("Later, Zin**nia** went to stay with an aunt.") + 1
    assert "Child Q" in str(err) and "Zinnia" not in str(err)
    assert list(out.iterdir()) == []


def test_staff_names_are_replaced_by_job_title_but_the_chairs_and_author_stay(tmp_path: Path) -> None:
    # was: replaced at build time; now the build refuses, `scr anonymise --apply` proposes and writes the same
    root = make_review(tmp_path / "r")
    summary = root / "06-overview/executive-summary.md"
    summary.write_text(summary.read_text() + "\nBarnaby Fotheringay visited. Ms Gorringe-Pike was told by "
                       "Perpetua Lindqvist.\n", encoding="utf-8")
    with pytest.raises(DataError, match="staff member 'imr-health'"):
        build(root, ["summary"], "html", out=tmp_path / "o")
    anonymise(root, [summary], apply=True, fmt="term", output=None, today=date(2026, 11, 29))
    html = build(root, ["summary"], "html", out=tmp_path / "o").built[0].path.read_text(encoding="utf-8")
    assert "The health visitor visited. The social worker was told by Perpetua Lindqvist." in " ".join(html.split())
    assert "Fotheringay" not in html and "Gorringe" not in html


def test_scanner_reads_pdf_metadata_and_outline_and_docx_properties(leaky: tuple[Path, list[str]],
                                                                    tmp_path: Path) -> None:
    from scr_cli.publish.leakscan import chunks_of

    root, _ = leaky
    matcher = matcher_for(load(root))
    pdf = build(root, ["imr", "police"], "pdf", out=tmp_path).built[0].path
    objects = next(c for c in chunks_of(pdf) if c.where.startswith("PDF objects"))
    title_names = {m.name.label for m in matcher.leaks(objects.text) if m.name}
    heading_k = LOCATIONS.index("heading")  # person 1 (variant "full") has a heading: in the outline
    assert f"family member 'Relative {heading_k}'" in title_names
    front_k = LOCATIONS.index("front-matter")  # in the title: the PDF's /Title and XMP metadata
    assert f"family member 'Relative {front_k}'" in title_names
    docx = build(root, ["imr", "police"], "docx", out=tmp_path).built[0].path
    core = next(c for c in chunks_of(docx) if c.where == "docProps/core.xml")
    assert f"family member 'Relative {front_k}'" in {m.name.label for m in matcher.leaks(core.text) if m.name}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_an_image_whose_file_is_named_after_the_child_is_kept_in_the_public_edition(tmp_path: Path, fmt: str) -> None:
    root = make_review(tmp_path / "r")
    (root / "06-overview/zinnia-marchbanks.png").write_bytes(png(4, 4))
    summary = root / "06-overview/executive-summary.md"
    summary.write_text(summary.read_text() + "\n![A drawing by Zinnia](zinnia-marchbanks.png)\n", encoding="utf-8")
    # was: the caption rewritten at build time; now refused at its line until the author's edit
    with pytest.raises(DataError) as caught:
        build(root, ["summary"], fmt, out=tmp_path / "o")
    lines = summary.read_text().split("\n")
    assert caught.value.line == lines.index("![A drawing by Zinnia](zinnia-marchbanks.png)") + 1
    anonymise(root, [summary], apply=True, fmt="term", output=None, today=date(2026, 11, 29))
    assert "![A drawing by Child Q](zinnia-marchbanks.png)" in summary.read_text()  # the file's name is kept
    built = build(root, ["summary"], fmt, out=tmp_path / "o").built[0].path
    assert scan(built, matcher_for(load(root))) == []
    if fmt == "pdf":
        from pypdf import PdfReader

        assert sum(len(page.images) for page in PdfReader(str(built)).pages) == 1
    elif fmt == "docx":
        import zipfile

        with zipfile.ZipFile(built) as z:
            assert [n for n in z.namelist() if n.startswith("word/media/")]
            assert 'descr="A drawing by Child Q"' in z.read("word/document.xml").decode("utf-8")
    else:
        html = built.read_text(encoding="utf-8")
        assert 'src="data:image/png;base64,' in html and 'alt="A drawing by Child Q"' in html


GENOGRAM = ('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><title>Family tree</title>'
            '<text x="10" y="35" font-size="20">{who}</text></svg>\n')


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_a_genogram_svg_naming_the_mother_stops_the_public_edition(tmp_path: Path, fmt: str) -> None:
    """An SVG's text is embedded as is in DOCX and HTML (and drawn as shapes in a PDF): no text scan saw it."""
    root = make_review(tmp_path / "r")
    (root / "06-overview/genogram.svg").write_text(GENOGRAM.format(who="Hyacinth Oyelaran"), encoding="utf-8")
    summary = root / "06-overview/executive-summary.md"
    summary.write_text(summary.read_text() + "\n![The family](genogram.svg)\n", encoding="utf-8")
    out = tmp_path / "o"
    with pytest.raises(DataError) as caught:
        build(root, ["summary"], fmt, out=out)
    err = caught.value
    assert err.path == "06-overview/executive-summary.md"
    assert err.line == summary.read_text().split("\n").index("![The family](genogram.svg)") + 1
    assert "genogram.svg" in err.message and "Hyacinth" not in str(err)
    assert not out.exists() or list(out.iterdir()) == []
    (root / "06-overview/genogram.svg").write_text(GENOGRAM.format(who="Mother"), encoding="utf-8")
    assert build(root, ["summary"], fmt, out=out).built[0].path.is_file()


@pytest.mark.parametrize("fmt", ["docx", "html"])
def test_the_scanner_reads_images_embedded_in_docx_and_html(tmp_path: Path, fmt: str) -> None:
    """Defence in depth: the scan of the built file itself finds a name inside an embedded SVG."""
    root = make_review(tmp_path / "r")
    (root / "06-overview/genogram.svg").write_text(GENOGRAM.format(who="Leopold Ashdown"), encoding="utf-8")
    overview = root / "06-overview/overview-report.md"
    overview.write_text(overview.read_text() + "\n![The family](genogram.svg)\n", encoding="utf-8")
    built = build(root, ["overview"], fmt, out=tmp_path / "o").built[0].path  # not public: names allowed
    assert {leak.label for leak in scan(built, matcher_for(load(root)))} == {"family member 'Mr Y'"}
