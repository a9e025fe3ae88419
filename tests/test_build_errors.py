"""Bad input: one line naming the file and line, exit 1, nothing half-written in build/."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review, write  # noqa: E402

from scr_cli.app import main  # noqa: E402
from scr_cli.errors import DataError  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402

SUMMARY = "06-overview/executive-summary.md"
OVERVIEW = "06-overview/overview-report.md"


def _append(root: Path, rel: str, text: str) -> int:
    """Append lines to a document; returns the 1-based line number of the first appended line."""
    old = (root / rel).read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    write(root, rel, old + text)
    return old.count("\n") + 1


def _fails(root: Path, targets: list[str], fmt: str = "pdf") -> DataError:
    with pytest.raises(DataError) as caught:
        build(root, targets, fmt)
    out = root / "build"
    assert not out.exists() or list(out.iterdir()) == [], "something was left in build/"
    return caught.value


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_missing_image_names_document_and_line(tmp_path: Path, fmt: str) -> None:
    root = make_review(tmp_path / "r")
    line = _append(root, OVERVIEW, "\n![A map](maps/nowhere.png)\n") + 1
    err = _fails(root, ["overview"], fmt)
    assert (err.path, err.line) == (OVERVIEW, line)
    assert "nowhere.png" in err.message


def test_missing_include_names_document_and_line(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    line = _append(root, OVERVIEW, "!include appendix/missing.md\n")
    err = _fails(root, ["overview"])
    assert (err.path, err.line) == (OVERVIEW, line)


def test_include_is_expanded_with_its_own_lines(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    write(root, "06-overview/appendix/extra.md", "# Appendix B\n\nIncluded text here.\n")
    _append(root, OVERVIEW, "!include appendix/extra.md\n")
    html = build(root, ["overview"], "html").built[0].path.read_text(encoding="utf-8")
    assert "Included text here." in html


def test_broken_front_matter_names_the_line(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    write(root, SUMMARY, "---\ntitle: Summary\nversion: two\ndate: 2026-10-01\nstatus: draft\n---\nBody\n")
    err = _fails(root, ["summary"])
    assert err.path == SUMMARY and err.line == 3


def test_unknown_target_and_format(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    assert "unknown target 'overveiw'" in _fails(root, ["overveiw"]).message
    assert "unknown format" in _fails(root, ["pack"], "odt").message


def test_typst_error_points_at_the_markdown_line(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    line = _append(root, OVERVIEW, "\n```{=typst}\n#nosuchfunction(\"Lighthouse\")\n```\n") + 2
    err = _fails(root, ["overview"])
    assert err.path == OVERVIEW and err.line == line
    assert "nosuchfunction" in err.message or "unknown variable" in err.message
    assert str(tmp_path) not in str(err)


def test_locked_document_says_which_file_to_unlock(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    doc = root / OVERVIEW
    doc.with_name(doc.name + ".gpg").write_bytes(b"-----BEGIN PGP MESSAGE-----\n")
    doc.unlink()
    err = _fails(root, ["overview"])
    assert f"scr unlock {OVERVIEW}" in str(err)


def test_cli_prints_one_line_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_review(tmp_path / "r")
    assert main(["build", "-C", str(root), "nonsense"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("scr: error: unknown target 'nonsense'")
    assert main(["build", "-C", str(root), "action-plan", "--format", "html"]) == 0
    assert "built build/action-plan.html" in capsys.readouterr().out


def test_public_edition_refused_while_family_yaml_is_locked(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    (root / "family.yaml.gpg").write_bytes(b"-----BEGIN PGP MESSAGE-----\n")
    (root / "family.yaml").unlink()
    err = _fails(root, ["summary"])
    assert "scr unlock family.yaml" in str(err)
    assert build(root, ["terms-of-reference"], "html").built[0].path.is_file()  # not public: fine


def test_progress_is_reported_for_each_document(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    seen: list[tuple[str, int, int]] = []
    build(root, ["terms-of-reference", "action-plan"], "html", progress=lambda *a: seen.append(a))
    assert seen == [("terms-of-reference.html", 0, 2), ("action-plan.html", 1, 2), ("done", 2, 2)]


def test_include_of_itself_through_parent_folder_is_refused(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    line = _append(root, OVERVIEW, "!include ../06-overview/./overview-report.md\n")
    err = _fails(root, ["overview"])
    assert (err.path, err.line) == (OVERVIEW, line)
    assert "includes itself" in err.message


@pytest.mark.parametrize("target", ["../../outside.md", "/ABSOLUTE", "link/outside.md"])
def test_include_outside_the_review_is_refused(tmp_path: Path, target: str) -> None:
    root = make_review(tmp_path / "r")
    outside = tmp_path / "outside.md"
    outside.write_text("Zelda Quillfeather private notes\n", encoding="utf-8")
    (root / "06-overview" / "link").symlink_to(tmp_path, target_is_directory=True)
    target = target.replace("/ABSOLUTE", str(outside))
    line = _append(root, OVERVIEW, f"!include {target}\n")
    err = _fails(root, ["overview"], "html")
    assert (err.path, err.line) == (OVERVIEW, line)
    assert "leaves the review folder" in err.message


def test_out_folder_that_cannot_be_made_is_an_environment_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_review(tmp_path / "r")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    assert main(["build", "-C", str(root), "action-plan", "--format", "html", "--out", str(blocker / "x")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot write the built file" in err[0] and "--out" in err[0]
    (root / "build" / "action-plan.html").mkdir(parents=True)  # a folder where the file should go
    assert main(["build", "-C", str(root), "action-plan", "--format", "html"]) == 2
    assert [p.name for p in (root / "build").iterdir()] == ["action-plan.html"]  # no temp file left


def test_public_edition_refused_when_family_yaml_is_missing(tmp_path: Path) -> None:
    """With no family.yaml there are no names to check: a public edition would wrongly say it was checked."""
    root = make_review(tmp_path / "r")
    (root / "family.yaml").unlink()
    err = _fails(root, ["summary"])
    assert err.path == "family.yaml" and "missing" in err.message
    assert build(root, ["terms-of-reference"], "html").built[0].path.is_file()  # not public: fine


def test_build_imr_with_no_imr_written_says_so(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    for imr in root.glob("05-imr/*/imr.md"):
        imr.unlink()
    err = _fails(root, ["imr"])  # built nothing and said nothing, exit 0
    assert "no IMR to build" in err.message and "imr.md" in (err.hint or "")
    write(root, "agencies.yaml", "agencies: []\n")
    err = _fails(root, ["imr"])
    assert err.path == "agencies.yaml"


def test_cover_values_cannot_inject_markup(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    review = (root / "review.yaml").read_text(encoding="utf-8")
    board = "**<script>alert(1)</script>** Board"
    review = review.replace("Northfold Safeguarding Children Board", board.replace("'", "''"))
    write(root, "review.yaml", review.replace("board: ", "board: '", 1).replace(" Board\n", " Board'\n", 1))
    write(root, ".scr/config.yaml", "build:\n  classification: '<img src=x onerror=alert(2)>'\n")
    html = build(root, ["terms-of-reference"], "html").built[0].path.read_text(encoding="utf-8")
    assert "<script" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "&lt;img src=x onerror=alert(2)&gt;" in html


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_chronology_and_action_plan_text_is_shown_literally(tmp_path: Path, fmt: str) -> None:
    """Their YAML values are data: markup in them is printed as typed, never run, and nothing after it is lost."""
    import yaml

    root = make_review(tmp_path / "r")
    rel = "05-imr/police/chronology.yaml"
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    nasty = "Call <script>alert(1)</script> then [x](javascript:y) *not emphasis* \\ $5 @m #7 A&amp;E"
    data["entries"][0]["event"] = nasty
    data["entries"][1]["event"] = "Seen with Hyacinth Marchbanks-Oyelaran at home"
    write(root, rel, yaml.safe_dump(data, sort_keys=False))
    # was: the name replaced at build time; now refused at its line until the author's edit (issue 9)
    with pytest.raises(DataError) as caught:
        build(root, ["chronology"], fmt, public=True)
    assert caught.value.path == rel and caught.value.line is not None and "Hyacinth" not in str(caught.value)
    from scr_cli.commands.anonymise import anonymise

    anonymise(root, [root / rel], apply=True, fmt="term", output=None, today=date(2026, 11, 29))
    built = build(root, ["chronology"], fmt, public=True).built[0].path
    if fmt == "html":
        text = built.read_text(encoding="utf-8")
        assert "<script" not in text and 'href="javascript' not in text
        assert "Call &lt;script&gt;alert(1)&lt;/script&gt; then [x](javascript:y) *not emphasis* \\ $5 @m #7 " \
               "A&amp;amp;E" in " ".join(text.split())
    else:
        from pypdf import PdfReader

        text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(str(built)).pages).split())
        assert nasty in text
    assert "Seen with Mother at home" in " ".join(text.split()) and "Marchbanks" not in text


def test_include_of_a_file_that_is_not_text_names_it(tmp_path: Path) -> None:
    root = make_review(tmp_path / "r")
    (root / "06-overview/map.png").write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    _append(root, OVERVIEW, "!include map.png\n")
    err = _fails(root, ["overview"])  # was a UnicodeDecodeError traceback (exit 3)
    assert err.path == "06-overview/map.png" and "not UTF-8" in err.message


def test_raw_html_cannot_pull_files_from_outside_the_review_into_the_html(tmp_path: Path) -> None:
    """pandoc --embed-resources embedded any file named by raw HTML (<img src>, <style> url()) as a data: URI."""
    root = make_review(tmp_path / "r")
    secret = tmp_path / "secret.txt"
    secret.write_text("PRIVATE-KEY-MATERIAL\n", encoding="utf-8")
    _append(root, OVERVIEW, f'\n<img src="{secret}">\n\n<style>body {{ background: url({secret}) }}</style>\n')
    html = build(root, ["overview"], "html").built[0].path.read_text(encoding="utf-8")
    assert "PRIVATE" not in html and "UFJJVkFURS" not in html  # nor its base64
    assert "max-width: 46em" in html  # the house style is still inlined
