"""Markdown to a finished file in the house style, one writer per output format (PDF, DOCX, HTML).

`scr build` and `scr diff` both write through here (chosen in `publish/formats.py`), so a comparison of two
drafts has the same A4 pages, footer and DRAFT mark as the documents themselves. Every writer runs pandoc
with the house filter (templates/house.lua); the PDF writer then compiles pandoc's Typst in process.
"""

from __future__ import annotations

import base64
import mimetypes
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from scr_cli import paths
from scr_cli.adapters import pandoc
from scr_cli.adapters.typst_pdf import compile_pdf
from scr_cli.publish.docx import finish_docx, reference_docx
from scr_cli.publish.docx_layout import cover_xml


@dataclass(frozen=True)
class Page:
    """One document ready to write: its Markdown and the house values around it.

    `meta` holds what the cover and footer show (reference, board, title, subtitle, version-label, date,
    status-label, signed, classification, footer); it reaches Typst as data (sys.inputs), never as source.
    """

    markdown: str
    meta: Mapping[str, str]
    root: Path  # images and includes are resolved here; Typst may read files only below it
    epoch: int  # the file's timestamp (reproducible builds)
    draft: bool
    cover: bool = True
    contents: int = 0  # depth of the contents list; 0 for none
    numbered: bool = True  # section numbers
    fonts: Sequence[Path] = field(default_factory=tuple)
    figure: bytes = b""  # a drawing that is the whole file (the genogram as SVG)
    properties: Mapping[str, str] = field(default_factory=dict)  # a DOCX's custom properties (publish/docx_props.py)


def _filter() -> list[str]:
    return ["--lua-filter", str(paths.templates_dir() / "house.lua")]


def _inputs(page: Page) -> dict[str, str]:
    return {
        **page.meta,
        "draft": "yes" if page.draft else "no",
        "cover": "yes" if page.cover else "no",
        "contents": str(page.contents),
        "numbering": "yes" if page.numbered else "no",
    }


def write_pdf(page: Page, out: Path) -> None:
    """Write a PDF: pandoc -> Typst (house template) -> PDF, compiled in this process; raises TypstProblem."""
    template = paths.templates_dir() / "house.typ"
    source = pandoc.convert(
        page.markdown, "typst", args=["--template", str(template), *_filter()], cwd=page.root, epoch=page.epoch
    )
    out.write_bytes(compile_pdf(source, root=page.root, inputs=_inputs(page), timestamp=page.epoch,
                                font_paths=page.fonts))


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def _contents_args(page: Page) -> list[str]:
    return ["--number-sections"] if page.numbered else []


def write_docx(page: Page, out: Path) -> None:
    """Write a DOCX: pandoc on the house reference document, then its pages laid out (cover, contents, sections)."""
    front = ""
    if page.cover:
        front += "```{=openxml}\n" + cover_xml(page.meta) + "\n```\n\n"
    else:
        front += f'::: {{custom-style="Document Title"}}\n{_escape_md(page.meta["title"])}\n:::\n\n'
    if page.contents:
        front += "```{=openxml}\n" + f"<!--scr:contents {page.contents}--><!--scr:page-->" + "\n```\n\n"
    with tempfile.TemporaryDirectory(prefix="scr-docx-") as scratch:
        ref = reference_docx(paths.templates_dir() / "reference.docx", Path(scratch), page.meta["footer"], page.draft)
        args = [*_contents_args(page), "--metadata", "lang=en-GB", "--reference-doc", str(ref), *_filter()]
        pandoc.convert(front + page.markdown, "docx", args=args, cwd=page.root, epoch=page.epoch, output=out)
    finish_docx(out, page.meta["title"], page.properties)


IMAGE_TARGET = re.compile(r"(?<=\]\()<[^>\n]+>")  # body_lines writes every image path as ](<path>


def _inline_images(text: str, root: Path) -> str:
    """Every image path (made review-relative by body_lines) replaced by a data: URI of the file."""

    def data_uri(m: re.Match[str]) -> str:
        rel = m.group(0)[1:-1]
        kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        try:
            payload = base64.b64encode((root / rel).read_bytes()).decode("ascii")
        except OSError:
            return m.group(0)
        return f"<data:{kind};base64,{payload}>"

    return IMAGE_TARGET.sub(data_uri, text)


def _cover_md(meta: Mapping[str, str]) -> str:
    lines = [meta["board"], ""]
    if meta.get("subtitle"):
        lines += [meta["subtitle"], ""]
    lines += [f"Reference: {meta['reference']} · {meta['version-label']} · {meta['date']} · {meta['status-label']}"]
    if meta.get("signed"):
        lines += ["", f"Signed off: {meta['signed']}"]
    # every value escaped (a board name starting with ** was passed through as raw Markdown and HTML)
    body = f"**{_escape_md(meta['classification'])}**\n\n" + "\n".join(_escape_md(x) for x in lines)
    return '::: {.cover custom-style="Cover"}\n' + body + "\n:::\n\n"


def write_html(page: Page, out: Path) -> None:
    """One self-contained HTML file: house style and images embedded, pandoc sandboxed."""
    mark = "::: {.draft-watermark}\nDRAFT\n:::\n\n" if page.draft else ""
    cover = _cover_md(page.meta) if page.cover else ""
    footer = f'\n\n::: {{.footer custom-style="Footer Note"}}\n{_escape_md(page.meta["footer"])}\n:::\n'
    # --sandbox: pandoc reads no file and fetches no address on its own, so raw HTML in a document
    # (<img src="/any/file">, <style> url(...)) cannot pull outside files into the page; scr inlines
    # the images (checked to be inside the review) and the house style itself.
    with tempfile.TemporaryDirectory(prefix="scr-html-") as scratch:
        style = Path(scratch) / "style.html"
        css = (paths.templates_dir() / "house.css").read_text(encoding="utf-8")
        style.write_text(f"<style>\n{css}\n</style>\n", encoding="utf-8")
        args = [*_contents_args(page), "--toc", "--toc-depth=3", "--metadata", f"title={page.meta['title']}",
                "--metadata", "lang=en-GB", "--standalone", "--sandbox", "--include-in-header", str(style), *_filter()]
        pandoc.convert(mark + cover + _inline_images(page.markdown, page.root) + footer, "html5", args=args,
                       cwd=page.root, epoch=page.epoch, output=out)


def write_svg(page: Page, out: Path) -> None:
    """Write the drawing itself: the one output that is not made from Markdown (the genogram)."""
    out.write_bytes(page.figure)
