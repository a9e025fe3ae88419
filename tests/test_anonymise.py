"""`scr anonymise`: proposals, --apply as a new draft, the DOCX proposal, and the false-positive table."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review, write  # noqa: E402

from scr_cli.app import main  # noqa: E402
from scr_cli.errors import DataError, Refused  # noqa: E402
from scr_cli.publish.anonymise import apply_proposals, propose  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402

TODAY = date(2026, 11, 29)
SUMMARY = "06-overview/executive-summary.md"
WORD_NAMED = [  # invented people whose names are also ordinary words
    ("Child W", ["Poppy Thistlewood"]), ("Sister", ["May Brightwater"]), ("Uncle", ["Will Crane"]),
    ("Aunt", ["Rose Baker"]), ("Cousin", ["Mark Hope"]), ("Grandmother", ["Grace Stone"]),
    ("Neighbour", ["Robin Marsh"]), ("Lodger", ["Dawn Fisher"]),
]
MEMBER_WORDS = ["poppy", "may", "will", "crane", "rose", "baker", "mark", "hope", "grace", "stone", "robin", "marsh",
                "dawn", "fisher"]
OTHER_WORDS = ["hunter", "miles", "violet", "frank", "jack", "bill", "summer", "holly", "ivy", "lily", "daisy",
               "victor", "guy", "page", "sky", "river", "heather", "amber", "ruby", "iris"]
TEMPLATES = ["The {w} was noted in the record.", "Staff said the word {w} twice.", "{W} appears in the letter.",
             "A {w} was on the list of items.", "Nobody asked about the {w}.", "The note on {w} was filed late.",
             "Her drawing showed a {w}.", "The school wrote {w} on the form.", "It was {w} that caused concern.",
             "The {w} in the garden was seen from the window.", "In the end the {w} was not mentioned again."]


def _family(root: Path, members: list[tuple[str, list[str]]]) -> None:
    family = yaml.safe_load((root / "family.yaml").read_text(encoding="utf-8"))
    family["members"] += [{"pseudonym": p, "real_names": names} for p, names in members]
    write(root, "family.yaml", yaml.safe_dump(family, allow_unicode=True, sort_keys=False))


def _summary(root: Path, sentences: list[str]) -> Path:
    path = root / SUMMARY
    head = path.read_text(encoding="utf-8")
    path.write_text(head + "\n" + "\n\n".join(sentences) + "\n", encoding="utf-8")
    return path


def test_false_positive_table_nothing_is_rewritten_each_sentence_built_or_listed(tmp_path: Path) -> None:
    sentences = [t.format(w=w, W=w.capitalize()) for w in MEMBER_WORDS + OTHER_WORDS for t in TEMPLATES[:6]]
    sentences += [t.format(w=w, W=w.capitalize()) for w in MEMBER_WORDS for t in TEMPLATES[6:]]
    assert len(sentences) >= 200
    root = make_review(tmp_path / "r")
    _family(root, WORD_NAMED)
    path = _summary(root, sentences)
    before = path.read_bytes()
    result = propose(root, [path])
    assert result.replacements == 0  # 0 rewritten
    assert apply_proposals(result, TODAY).written == () and path.read_bytes() == before
    lines = path.read_text(encoding="utf-8").split("\n")
    listed = {p.line for f in result.files for p in f.proposals}
    where = {s: lines.index(s) + 1 for s in sentences}
    clean = [s for s in sentences if where[s] not in listed]
    assert {where[s] for s in sentences if s not in clean} == listed  # every hit is one of the sentences
    assert all(any(re.search(rf"\b{w}\b", s, re.IGNORECASE) for w in MEMBER_WORDS) for s in sentences
               if s not in clean)
    assert len(clean) >= 100 and len(sentences) - len(clean) >= 100
    with pytest.raises(DataError):  # the listed ones keep the public edition from being built
        build(root, ["summary"], "html", out=tmp_path / "o1")
    root2 = make_review(tmp_path / "r2")
    _family(root2, WORD_NAMED)
    _summary(root2, clean)
    html = build(root2, ["summary"], "html", out=tmp_path / "o2").built[0].path.read_text(encoding="utf-8")
    assert all(s in " ".join(html.split()) for s in clean)  # built, word for word


def test_ambiguous_word_and_sentence_cases_are_listed_and_the_rest_replaced(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    _family(root, [("Child M", ["Poppy Thistlewood", "Poppy"]), ("Grandmother", ["Rosalind Thistlewood"]),
                   ("Mr X", ["Dorian Vexley-Crane"]), ("Friend", ["Lucy Ng-Whitfield"])])
    path = _summary(root, ["Mrs Thistlewood called.", "He met Mr X. Poppy was a cheerful child.",
                           "In May 2026 a crane was seen.", "Rosalind Thistlewood and Mrs Ng came."])
    result = propose(root, [path])
    got = {p.found: p for f in result.files for p in f.proposals}
    assert got["Mrs Thistlewood"].replacement is None and "could be" in got["Mrs Thistlewood"].reason
    assert got["Poppy"].replacement is None and "ordinary word" in got["Poppy"].reason
    assert got["crane"].replacement is None
    assert got["Rosalind Thistlewood"].replacement == "Grandmother" and got["Mrs Ng"].replacement == "Friend"
    apply_proposals(result, TODAY)
    text = path.read_text(encoding="utf-8")
    assert "He met Mr X. Poppy was a cheerful child." in text and "Grandmother and Friend came." in text
    assert "Mrs Thistlewood called." in text and "In May 2026 a crane was seen." in text
    assert "version: 2" in text and f"date: {TODAY.isoformat()}" in text


def test_a_final_document_is_refused_and_left_untouched(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    path = root / SUMMARY
    path.write_text(path.read_text().replace("status: draft", "status: final") + "\nZinnia Marchbanks.\n")
    before = path.read_bytes()
    with pytest.raises(Refused, match="scr draft reopen"):
        apply_proposals(propose(root, [path]), TODAY)
    assert path.read_bytes() == before


def _soffice_text(docx: Path, tmp: Path) -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice is not None
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp / 'lo-profile'}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp / "lo"), str(docx)], check=True, capture_output=True, timeout=240)
    pdf = tmp / "lo" / (docx.stem + ".pdf")
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="LibreOffice or poppler not installed")
def test_the_demo_summary_with_names_planted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "demo"
    assert main(["demo", str(root), "--today", TODAY.isoformat()]) == 0
    path = root / SUMMARY
    clean = path.read_text(encoding="utf-8")
    committed = int(next(ln for ln in clean.splitlines() if ln.startswith("version: ")).split()[1])
    planted = ("\nRosalind Thistlewood told Bartholomew Eskdale that Mrs Thistlewood was away; Dorian "
               "Vexley-Crane\nwas not there.\n\nThe visit with Mr X. Poppy was a cheerful child.\n")
    path.write_text(clean + planted, encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "summary", "-C", str(root), "--format", "pdf"]) == 1  # refused, nothing written
    err = capsys.readouterr().err
    assert f"{SUMMARY}:" in err and "Thistlewood" not in err and "Poppy" not in err
    assert not (root / "build" / "executive-summary.pdf").exists()
    code = main(["anonymise", SUMMARY, "-C", str(root), "--format", "docx", "--today", TODAY.isoformat()])
    shown = capsys.readouterr().out
    assert code == 0
    assert "“Rosalind Thistlewood” -> “Mother”" in shown and "“Dorian Vexley-Crane” -> “Mr X”" in shown
    assert "“Mrs Thistlewood” left for you to rewrite" in shown and "“Poppy” left for you to rewrite" in shown
    docx = root / "build" / "anonymise" / "anonymise-proposal.docx"
    assert docx.stat().st_mode & 0o077 == 0 and path.read_text(encoding="utf-8") == clean + planted
    text = _soffice_text(docx, tmp_path)
    assert "Mother" in text and "Rosalind" in text  # LibreOffice shows the deletion and the insertion
    assert main(["anonymise", SUMMARY, "-C", str(root), "--apply", "--today", TODAY.isoformat()]) == 0
    edited = path.read_text(encoding="utf-8")
    assert "Mother told the named Nurse for Safeguarding that Mrs Thistlewood" in edited
    assert f"version: {committed + 1}" in edited  # the next draft (the demo's summary is v2 since its history)
    assert main(["build", "summary", "-C", str(root), "--format", "pdf"]) == 1  # the listed names remain
    path.write_text(edited.replace("Mrs Thistlewood", "Child M's grandmother").replace(
        "The visit with Mr X. Poppy was a cheerful child.", "Child M was a cheerful child."), encoding="utf-8")
    assert main(["build", "summary", "-C", str(root), "--format", "pdf"]) == 0  # only after the author's edit
    assert (root / "build" / "executive-summary.pdf").is_file()
