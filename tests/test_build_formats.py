"""The output-format registry that `scr build` and `scr diff` share: names, suffixes, writers and readers."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_build_fixture import make_review  # noqa: E402

from scr_cli.errors import DataError  # noqa: E402
from scr_cli.publish import formats, leakscan  # noqa: E402
from scr_cli.publish.build import build  # noqa: E402


def test_build_and_diff_name_their_formats_from_one_registry() -> None:
    assert formats.BUILD == ("pdf", "docx", "html")
    assert formats.DIFF == ("pdf", "docx", "html", "term")
    assert formats.for_diff("term").write is None and formats.for_diff("term").suffix == ""
    with pytest.raises(DataError) as refused:
        formats.for_build("term")
    assert "unknown format 'term'" in refused.value.message and "pdf, docx, html" in (refused.value.hint or "")
    with pytest.raises(DataError):
        formats.for_diff("odt")
    pdf = formats.for_build("pdf")
    assert pdf.typst and pdf.pandoc_writer == "typst" and pdf.suffix == ".pdf"
    assert not formats.for_build("docx").typst and formats.for_build("html").pandoc_writer == "html5"


@pytest.mark.parametrize("name", formats.BUILD)
def test_each_format_writes_its_suffix_and_its_reader_reads_it_back(tmp_path: Path, name: str) -> None:
    fmt = formats.for_build(name)
    root = make_review(tmp_path / "r")
    path = build(root, ["terms-of-reference"], name).built[0].path
    assert path.suffix == fmt.suffix
    assert fmt.read_back is not None
    chunks = fmt.read_back(path)
    assert any("Terms of reference" in c.text for c in chunks)
    assert [c.where for c in chunks] == [c.where for c in leakscan.chunks_of(path)]  # what the leak scan reads
