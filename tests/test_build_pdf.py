"""PDF builds: every chronology row survives page breaks, DRAFT until approved, reproducible bytes."""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import dump, make_review, write  # noqa: E402

from scr_cli.adapters import gpg, proc  # noqa: E402
from scr_cli.publish.build import build, build_demo_pack  # noqa: E402
from scr_cli.publish.jobs import is_approved  # noqa: E402
from scr_cli.review.canonical import document_fingerprint, record_bytes  # noqa: E402
from scr_cli.review.model import Pos, SignOff  # noqa: E402
from scr_cli.store.loader import load  # noqa: E402

TOR = "04-terms-of-reference/terms-of-reference.md"


CHRONOLOGY_HEADER = "No. Date and time Agency Source record Event Action Outcome Retrospective Notes"


def unhyphenated(text: str) -> str:
    """Text on one line; a word broken at its hyphen at a line end ("childrens-\nservices") joined again, and the
    table headers' words that scr lets break at a soft hyphen ("Retro-spective") whole again.
    """
    from scr_cli.publish.markdown import ACTION_PLAN_COLUMNS, CHRONOLOGY_COLUMNS, SHY

    text = re.sub(r"-\s+", "-", " ".join(text.replace(SHY, "").split()))
    for word in (w for w in (*CHRONOLOGY_COLUMNS, *ACTION_PLAN_COLUMNS) if SHY in w):
        text = text.replace(word.replace(SHY, "-"), word.replace(SHY, ""))
    return text


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(str(path)).pages]


@pytest.fixture(scope="module")
def chair_key() -> Iterator[tuple[Path, str]]:
    """A generated, passphrase-less key for the (fictional) board chair, in a short GNUPGHOME."""
    home = Path(tempfile.mkdtemp(prefix="g-", dir="/tmp"))
    home.chmod(0o700)
    fpr = gpg.generate_key(home, "board-chair <board-chair@example.invalid>")
    yield home, fpr
    gpg.stop_agents(home)
    shutil.rmtree(home, ignore_errors=True)


def sign_list(root: Path, home: Path, fpr: str, chair: str) -> None:
    """Put the chair on the chair-signed readers list (the trust root: people.yaml alone grants nothing)."""
    from scr_cli.crypto.readers import READERS, SIGNATURE, Entry, key_digest, parse, render

    listed = [e for e in parse((root / READERS).read_bytes()).entries if e.person != chair] \
        if (root / READERS).exists() else []
    blob = (root / f".scr/keys/{chair}.asc").read_bytes()
    data = render([*listed, Entry(chair, fpr, (chair,), None, key_digest(blob))], previous="none")
    (root / READERS).write_bytes(data)
    (root / SIGNATURE).write_bytes(gpg.sign_detached(home, data, fpr))


def approve(root: Path, key: tuple[Path, str], rel: str, chair: str) -> None:
    """Make `rel` final and signed by `chair` (board-chair or panel-chair), as `scr signoff` would."""
    home, fpr = key
    write(root, rel, (root / rel).read_text(encoding="utf-8").replace("status: draft", "status: final"))
    people = yaml.safe_load((root / "people.yaml").read_text())
    next(p for p in people["people"] if p["id"] == chair)["key_fingerprint"] = fpr
    dump(root, "people.yaml", people)
    (root / ".scr/keys").mkdir(parents=True, exist_ok=True)
    (root / f".scr/keys/{chair}.asc").write_bytes(gpg.export_public(home, fpr))
    sign_list(root, home, fpr, chair)
    loaded = load(root)
    doc = loaded.review.document(rel)
    assert doc is not None
    record = SignOff(rel, 2, document_fingerprint(doc, loaded.review) or "", chair, chair,
                     date(2026, 10, 22), Pos("signoffs.yaml"))
    signature = gpg.sign_detached(home, record_bytes(record), fpr).decode()
    dump(root, "signoffs.yaml", {"signoffs": [{
        "document": rel, "version": 2, "fingerprint": record.fingerprint, "person": chair,
        "role": chair, "date": "2026-10-22", "signature": signature}]})


def approve_tor(root: Path, key: tuple[Path, str]) -> None:
    approve(root, key, TOR, "board-chair")


def test_a_300_entry_chronology_has_every_entry_in_the_pdf_text(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r", chronology_size=100)  # 3 agencies x 100
    pdf = build(root, ["chronology"], "pdf").built[0].path
    pages = pdf_pages(pdf)
    text = re.sub(r"-\s+", "-", " ".join(" ".join(pages).split()))  # "childrens-\nservices" wraps at the hyphen
    pattern = r"\((community-health|police|childrens-services) item (\d+)\)"
    found = {m.group(1) + m.group(2) for m in re.finditer(pattern, text)}
    assert len(found) == 300
    assert len(pages) > 5  # the table really did run across pages
    assert all(CHRONOLOGY_HEADER in unhyphenated(p) for p in pages[2:-1])  # header repeated


def test_draft_on_every_page_and_none_once_approved(tmp_path: Path, chair_key: tuple[Path, str]) -> None:
    root = make_review(tmp_path / "r")
    write(root, TOR, (root / TOR).read_text() + "\n".join(f"\n# Part {i}\n\n" + "Text. " * 300 for i in range(6)))
    draft = build(root, ["terms-of-reference"], "pdf", out=tmp_path / "draft").built[0]
    pages = pdf_pages(draft.path)
    assert draft.draft and len(pages) >= 4
    assert all("DRAFT" in p for p in pages)
    assert all("Draft v2" in p for p in pages)
    approve_tor(root, chair_key)
    assert is_approved(load(root), TOR)
    final = build(root, ["terms-of-reference"], "pdf", out=tmp_path / "final").built[0]
    pages = pdf_pages(final.path)
    assert not final.draft
    assert not any("DRAFT" in p for p in pages)
    assert all("Version 2" in p for p in pages)
    # an edit after signing makes the sign-off stale: DRAFT again
    write(root, TOR, (root / TOR).read_text(encoding="utf-8") + "\nOne more sentence.\n")
    assert not is_approved(load(root), TOR)
    again = build(root, ["terms-of-reference"], "pdf", out=tmp_path / "again").built[0]
    assert again.draft and all("DRAFT" in p for p in pdf_pages(again.path))


def test_a_signature_that_does_not_verify_leaves_the_document_a_draft(tmp_path: Path,
                                                                     chair_key: tuple[Path, str]) -> None:
    root = make_review(tmp_path / "r")
    approve_tor(root, chair_key)
    assert is_approved(load(root), TOR)
    signoffs = yaml.safe_load((root / "signoffs.yaml").read_text())
    signoffs["signoffs"][0]["date"] = "2026-10-23"  # the signed record no longer matches
    dump(root, "signoffs.yaml", signoffs)
    assert not is_approved(load(root), TOR)


def _reddish_pixels(png: Path) -> int:
    ppm = png.read_bytes()
    parts = ppm.split(b"\n", 3)  # P6, size, maxval, data
    data = parts[3]
    return sum(1 for i in range(0, len(data) - 2, 3) if data[i] > data[i + 1] + 15 and data[i] > data[i + 2] + 15)


@pytest.mark.poppler
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_watermark_is_visible_when_rendered(tmp_path: Path, chair_key: tuple[Path, str]) -> None:
    root = make_review(tmp_path / "r")
    draft = build(root, ["terms-of-reference"], "pdf", out=tmp_path / "d").built[0].path
    approve_tor(root, chair_key)
    final = build(root, ["terms-of-reference"], "pdf", out=tmp_path / "f").built[0].path
    counts = []
    for pdf in (draft, final):
        proc.run(["pdftoppm", "-r", "30", "-f", "2", "-l", "2", str(pdf), str(tmp_path / pdf.parent.name)])
        ppm = next(tmp_path.glob(f"{pdf.parent.name}*.ppm"))
        counts.append(_reddish_pixels(ppm))
    assert counts[0] > 500 and counts[1] == 0


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_two_builds_of_the_same_review_are_byte_identical(tmp_path: Path, fmt: str) -> None:
    root = make_review(tmp_path / "r")
    one = build(root, ["pack"], fmt, out=tmp_path / "one").built[0].path.read_bytes()
    two = build(root, ["pack"], fmt, out=tmp_path / "two").built[0].path.read_bytes()
    assert one == two


def test_metadata_with_quotes_and_brackets_reaches_the_cover_intact(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    title = 'Terms "of" [reference] #set $x$ \\ end'
    fm = yaml.safe_dump({"title": title, "version": 1, "date": "2026-10-01", "status": "draft"})
    write(root, TOR, f"---\n{fm}---\n# Purpose\n\nText.\n")
    pdf = build(root, ["terms-of-reference"], "pdf").built[0].path
    assert title in pdf_pages(pdf)[0]
    from pypdf import PdfReader

    meta = PdfReader(str(pdf)).metadata or {}
    assert set(meta) <= {"/Title", "/Creator", "/Producer", "/CreationDate", "/ModDate"}
    assert meta["/Title"] == title


def test_pack_has_contents_every_part_and_the_action_plan(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    pdf = build_demo_pack(root)
    assert pdf == root / "build" / "review-pack.pdf"
    text = " ".join(" ".join(pdf_pages(pdf)).split())
    for needle in ("Contents", "Terms of reference", "Overview report", "Executive summary", "Do thing 3",
                   "Integrated chronology", "Apparent conflicts", "IMR police"):
        assert needle in text, needle
    assert "OFFICIAL-SENSITIVE" in text


def test_summary_is_always_a_public_edition_with_the_action_plan_in_full(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    built = build(root, ["summary"], "pdf").built[0]
    assert built.public
    text = " ".join(" ".join(pdf_pages(built.path)).split())
    assert "For publication" in text
    assert all(f"Do thing {i}" in text for i in (1, 2, 3))


def test_imr_targets_and_agency_names(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    names = sorted(b.path.name for b in build(root, ["imr"], "html").built)
    assert names == ["imr-childrens-services.html", "imr-community-health.html", "imr-police.html"]
    assert [b.path.name for b in build(root, ["imr", "police"], "html").built] == ["imr-police.html"]
    plan = yaml.safe_load((root / "07-action-plan/action-plan.yaml").read_text())
    assert plan["actions"]


def test_ordinary_text_with_typst_and_pandoc_special_characters_builds(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    line = "Paid $5 then $10 to @mention at #7 <tag> with 50% off [see above] * and _ and \\\\ end."
    write(root, TOR, (root / TOR).read_text() + f"\n{line}\n\n```\n#let x = $y$\n```\n")
    text = " ".join(" ".join(pdf_pages(build(root, ["terms-of-reference"], "pdf").built[0].path)).split())
    assert "Paid $5 then $10 to @mention at #7" in text and "#let x = $y$" in text


def test_build_sees_the_same_content_fingerprint_as_scr_signoff(tmp_path: Path) -> None:
    """is_approved compares sign-offs with the fingerprint of the document as scr build loads it; that must
    be the fingerprint `scr signoff` and the hooks compute from the same file."""
    from scr_cli.gate.gittree import read_document
    from scr_cli.store.tree import WorkTree

    root = make_review(tmp_path / "r")
    loaded = load(root)
    for doc in loaded.review.documents:
        got = read_document(WorkTree(root), doc.path)
        assert got is not None and got[1].content == document_fingerprint(doc, loaded.review), doc.path


def test_an_approved_summary_holding_a_draft_action_plan_is_still_marked_draft(
    tmp_path: Path, chair_key: tuple[Path, str]
) -> None:
    """The executive summary carries the action plan in full: it is not final while the plan is a draft."""
    root = make_review(tmp_path / "r")
    summary = "06-overview/executive-summary.md"
    approve(root, chair_key, summary, "panel-chair")
    loaded = load(root)
    assert is_approved(loaded, summary) and not is_approved(loaded, "07-action-plan/action-plan.yaml")
    built = build(root, ["summary"], "pdf").built[0]
    assert built.draft
    assert all("DRAFT" in p for p in pdf_pages(built.path))
