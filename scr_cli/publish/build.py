"""`scr build`: the review's documents as PDF (pandoc -> Typst -> typst.compile), DOCX and HTML.

Each output is written to a temporary file beside its destination, checked, then renamed into place: a
failed build leaves nothing half-written in build/. A public edition changes no one's words: its source is
checked for names before anything is rendered (publish/namecheck.py) and the built file is scanned again
(publish/leakscan.py); any name left refuses the build. Names are replaced only by their author, through
`scr anonymise`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli import paths
from scr_cli.adapters import pandoc
from scr_cli.adapters.typst_pdf import TypstProblem, compile_pdf
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.publish import namecheck
from scr_cli.publish.docx import finish_docx, reference_docx
from scr_cli.publish.jobs import (
    PUBLIC_CLASSIFICATION,
    Job,
    default_out,
    epoch_of,
    jobs_for,
    matcher_for,
)
from scr_cli.publish.leakscan import scan
from scr_cli.publish.markdown import Assembled
from scr_cli.review.pseudonyms import NameMatcher
from scr_cli.store.loader import Loaded, load
from scr_cli.store.root import find_root

FORMATS = ("pdf", "docx", "html")
FONTS_DIR = ".scr/fonts"  # the house font files, when the board has one (Typst has no Arial)
Progress = Callable[[str, int, int], None]  # (what, done, total)


@dataclass(frozen=True)
class Built:
    """One file `scr build` wrote: its target and path, whether it is a public edition, and whether a draft."""

    target: str
    path: Path
    public: bool
    draft: bool


@dataclass(frozen=True)
class BuildResult:
    """The result of `scr build`: the review and every file built."""

    root: Path
    built: tuple[Built, ...]


def _long_date(job: Job) -> str:
    return f"{job.when.day} {job.when:%B %Y}" if job.when else "undated"


def metadata(loaded: Loaded, job: Job) -> dict[str, str]:
    """The values the house template shows (cover, footer); a public edition is checked for names in them."""
    info = loaded.review.info
    ver = f"v{job.version}" if job.version else ""
    version_label = (f"Draft {ver}" if job.draft else f"Version {job.version}" if job.version else "Final").strip()
    when = _long_date(job)
    classification = PUBLIC_CLASSIFICATION if job.public else loaded.config.build.classification
    values = {
        "reference": info.reference,
        "board": info.board,
        "title": job.title,
        "subtitle": job.subtitle,
        "version-label": version_label,
        "date": when,
        "status-label": "Draft" if job.draft else "Approved",
        "classification": classification,
        "draft": "yes" if job.draft else "no",
        "footer": f"{info.reference} · {version_label} · {when}",
    }
    return values


def _cover(meta: dict[str, str]) -> str:
    lines = [meta["board"], ""]
    if meta["subtitle"]:
        lines += [meta["subtitle"], ""]
    lines += [f"Reference: {meta['reference']} · {meta['version-label']} · {meta['date']} · {meta['status-label']}"]
    # every value escaped (a board name starting with ** was passed through as raw Markdown and HTML)
    body = f"**{_escape_md(meta['classification'])}**\n\n" + "\n".join(_escape_md(x) for x in lines)
    return '::: {.cover custom-style="Cover"}\n' + body + "\n:::\n\n"


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|!])", r"\\\1", text)


def _typst_error(job: Job, md: Assembled, problem: TypstProblem) -> DataError:
    words = sorted(re.findall(r"[A-Za-z][\w'-]{3,}", problem.source_line), key=len, reverse=True)
    for word in words[:3]:
        for line, origin in zip(md.lines, md.origin, strict=True):
            if word in line and origin.path:
                return DataError(
                    f"the PDF could not be laid out: {problem.message}",
                    path=origin.path,
                    line=origin.line or None,
                    hint="check the Markdown on that line",
                )
    return DataError(
        f"the PDF could not be laid out: {problem.message}",
        path=job.parts[0] if job.parts else None,
        hint="check raw Typst or unusual Markdown in this document",
    )


def _render(loaded: Loaded, job: Job, fmt: str, text: str, meta: dict[str, str], md: Assembled, tmp: Path) -> None:
    root = loaded.root
    epoch = epoch_of(job.when)
    templates = paths.templates_dir()
    if fmt == "pdf":
        source = pandoc.convert(text, "typst", args=["--template", str(templates / "house.typ")], cwd=root, epoch=epoch)
        fonts = [root / FONTS_DIR] if (root / FONTS_DIR).is_dir() else []
        if loaded.config.build.house_font:
            meta = {**meta, "font": loaded.config.build.house_font}
        try:
            tmp.write_bytes(compile_pdf(source, root=root, inputs=meta, timestamp=epoch, font_paths=fonts))
        except TypstProblem as problem:
            raise _typst_error(job, md, problem) from None
        return
    common = ["--toc", "--number-sections", "--metadata", f"title={meta['title']}", "--metadata", "lang=en-GB"]
    cover = _cover(meta)
    footer = f'\n\n::: {{.footer custom-style="Footer Note"}}\n{_escape_md(meta["footer"])}\n:::\n'
    if fmt == "html":
        mark = "::: {.draft-watermark}\nDRAFT\n:::\n\n" if job.draft else ""
        # --sandbox: pandoc reads no file and fetches no address on its own, so raw HTML in a document
        # (<img src="/any/file">, <style> url(...)) cannot pull outside files into the page; scr inlines
        # the images (checked to be inside the review) and the house style itself.
        with tempfile.TemporaryDirectory(prefix="scr-html-") as scratch:
            style = Path(scratch) / "style.html"
            css = (templates / "house.css").read_text(encoding="utf-8")
            style.write_text(f"<style>\n{css}\n</style>\n", encoding="utf-8")
            pandoc.convert(
                mark + cover + _inline_images(text, root) + footer,
                "html5",
                args=[*common, "--standalone", "--sandbox", "--include-in-header", str(style), "--toc-depth=3"],
                cwd=root,
                epoch=epoch,
                output=tmp,
            )
        return
    with tempfile.TemporaryDirectory(prefix="scr-docx-") as scratch:
        ref = reference_docx(templates / "reference.docx", Path(scratch), meta["footer"], job.draft)
        pandoc.convert(
            cover + text, "docx", args=[*common, "--reference-doc", str(ref)], cwd=root, epoch=epoch, output=tmp
        )
    finish_docx(tmp, meta["title"])


def _leak_error(
    root: Path, job: Job, md: Assembled, matcher: NameMatcher, label: str, where: str, out: Path
) -> DataError:
    for i, line in enumerate(md.lines):
        window = line + "\n" + (md.lines[i + 1] if i + 1 < len(md.lines) else "")
        for m in matcher.hits(window, source=True):
            if label in {n.label for n in m.members} and m.start <= len(line) and md.origin[i].path:
                return DataError(
                    f"the public edition still names a {label} ({where} of {out.name}); "
                    "the build was stopped and the file removed",
                    path=md.origin[i].path,
                    line=md.origin[i].line or None,
                    hint="write the name as plain text or use the pseudonym, and list every variant in family.yaml",
                )
    path = job.parts[0] if job.parts else None
    title_line: int | None = None
    if path and path.endswith(".md") and any(label in {n.label for n in m.members} for m in matcher.hits(job.title)):
        head = (root / path).read_text(encoding="utf-8", errors="replace").split("\n")[:60]
        title_line = next((n for n, text in enumerate(head, 1) if text.startswith("title:")), None)
    return DataError(
        f"the public edition still names a {label} ({where} of {out.name}); the build was stopped and the file removed",
        path=path,
        line=title_line,
        hint="use pseudonyms in titles and front matter, and list every variant in family.yaml",
    )


_IMAGE_TARGET = re.compile(r"(?<=\]\()<[^>\n]+>")  # body_lines writes every image path as ](<path>


def _inline_images(text: str, root: Path) -> str:
    """Every image path (made review-relative by body_lines) replaced by a data: URI of the file."""
    import base64
    import mimetypes

    def data_uri(m: re.Match[str]) -> str:
        rel = m.group(0)[1:-1]
        kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
        try:
            payload = base64.b64encode((root / rel).read_bytes()).decode("ascii")
        except OSError:
            return m.group(0)
        return f"<data:{kind};base64,{payload}>"

    return _IMAGE_TARGET.sub(data_uri, text)


def _check_source(loaded: Loaded, job: Job, meta: dict[str, str], matcher: NameMatcher, final: Path) -> None:
    """Refuse a public edition whose text, values or images still name anyone (before rendering a thing)."""
    found = namecheck.in_text(job.markdown, matcher, loaded.root)
    found += namecheck.in_values(loaded.root, job, meta, matcher)
    found += namecheck.in_images(loaded.root, job.markdown, matcher)
    if found:
        raise namecheck.refusal(found, final.name)


def _unwritable(where: Path, exc: OSError) -> EnvironmentProblem:
    return EnvironmentProblem(
        f"cannot write the built file to {where} ({exc.strerror or type(exc).__name__})",
        hint="choose an output folder you can write to with --out",
    )


def build_job(loaded: Loaded, job: Job, fmt: str, out_dir: Path) -> Built:
    """Build one document atomically; a public edition is scanned and removed if any name remains."""
    matcher = matcher_for(loaded) if job.public else None
    md = job.markdown
    meta = metadata(loaded, job)
    suffix = "-public" if job.public and job.target != "summary" else ""
    final = out_dir / f"{job.stem}{suffix}.{fmt}"
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    if matcher is not None:
        _check_source(loaded, job, meta, matcher, final)  # before any file is written
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=f".{fmt}", dir=out_dir)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        _render(loaded, job, fmt, md.text, meta, md, tmp)
        if matcher is not None:
            leaks = scan(tmp, matcher)
            if leaks:
                raise _leak_error(loaded.root, job, md, matcher, leaks[0].label, leaks[0].where, final)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, final)
        except OSError as exc:
            raise _unwritable(final, exc) from None
    finally:
        tmp.unlink(missing_ok=True)
    return Built(job.target, final, job.public, job.draft)


def build(
    start: Path,
    targets: Sequence[str] = (),
    fmt: str = "pdf",
    public: bool = False,
    out: Path | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    if fmt not in FORMATS:
        raise DataError(f"unknown format '{fmt}'", hint=f"use one of: {', '.join(FORMATS)}")
    root = find_root(start)
    loaded = load(root)
    for rel in ("review.yaml", "people.yaml", "agencies.yaml", ".scr/config.yaml", "family.yaml"):
        loaded_errors = [i for i in loaded.errors() if i.path == rel]
        if loaded_errors:
            e = loaded_errors[0]
            raise DataError(e.message, path=e.path, line=e.line, column=e.column, hint=e.hint)
    if public and loaded.family is None and (root / "family.yaml.gpg").is_file():
        raise DataError(
            "family.yaml is locked, so names cannot be checked",
            path="family.yaml",
            hint="run `scr unlock family.yaml` first",
        )
    jobs = jobs_for(loaded, targets, public)
    if any(j.public for j in jobs) and loaded.family is None:
        locked = (root / "family.yaml.gpg").is_file()
        raise DataError(
            f"family.yaml is {'locked' if locked else 'missing'}, so names cannot be checked",
            path="family.yaml",
            hint="run `scr unlock family.yaml` first"
            if locked
            else "restore it from git, or copy it from the review template and list the family's real names",
        )
    out_dir = out or default_out(root)
    built: list[Built] = []
    for n, job in enumerate(jobs):
        if progress:
            progress(f"{job.stem}.{fmt}", n, len(jobs))
        built.append(build_job(loaded, job, fmt, out_dir))
    if progress:
        progress("done", len(jobs), len(jobs))
    return BuildResult(root, tuple(built))


def build_demo_pack(root: Path) -> Path:
    """The demo's full pack as one PDF (called by `scr demo`); returns its path."""
    return build(root, ["pack"], "pdf").built[0].path
