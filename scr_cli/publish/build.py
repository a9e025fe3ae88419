"""`scr build`: the review's documents as PDF (pandoc -> Typst -> typst.compile), DOCX and HTML.

Each output is written (by the format's writer: publish/formats.py) to a temporary file beside its
destination, checked, then renamed into place: a failed build leaves nothing half-written in build/. A
public edition changes no one's words: its source is checked for names before anything is rendered
(publish/namecheck.py) and the built file is scanned again (publish/leakscan.py); any name left refuses
the build. Names are replaced only by their author, through `scr anonymise`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from scr_cli import atomic, fileio
from scr_cli.adapters.typst_pdf import TypstProblem
from scr_cli.crypto import private
from scr_cli.errors import DataError, EnvironmentProblem
from scr_cli.publish import formats, namecheck
from scr_cli.publish.formats import OutputFormat
from scr_cli.publish.house import contents_depth, long_date, version_label
from scr_cli.publish.jobs import (
    PUBLIC_CLASSIFICATION,
    PUBLIC_SUFFIX,
    Job,
    default_out,
    epoch_of,
    jobs_for,
    matcher_for,
)
from scr_cli.publish.leakscan import scan
from scr_cli.publish.markdown import Assembled
from scr_cli.publish.writers import Page
from scr_cli.review.pseudonyms import NameMatcher
from scr_cli.store.loader import Loaded, load
from scr_cli.store.root import find_root

FORMATS = formats.BUILD
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


def metadata(loaded: Loaded, job: Job) -> dict[str, str]:
    """The values the house template shows (cover, footer); a public edition is checked for names in them."""
    info = loaded.review.info
    label = version_label(job.version, job.draft)
    when = long_date(job.when)
    classification = PUBLIC_CLASSIFICATION if job.public else loaded.config.build.classification
    values = {
        "reference": info.reference,
        "board": info.board,
        "title": job.title,
        "subtitle": job.subtitle,
        "version-label": label,
        "date": when,
        "status-label": "Draft" if job.draft else "Approved",
        "signed": job.signed,
        "classification": classification,
        "draft": "yes" if job.draft else "no",
        "footer": f"{info.reference} · {label} · {when}",
    }
    return values


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


def properties(loaded: Loaded, job: Job) -> dict[str, str]:
    """What a built file says about its source, so a returned copy can be matched (`scr receive`).

    The review's reference, and for a file made from one source: its path, version and the sha256 of its bytes.
    """
    values = {"scr-reference": loaded.review.info.reference}
    if len(job.parts) == 1 and "*" not in job.parts[0] and (loaded.root / job.parts[0]).is_file():
        rel = job.parts[0]
        values["scr-path"] = rel
        values["scr-sha256"] = hashlib.sha256(fileio.read_bytes(loaded.root / rel, rel)).hexdigest()
        if job.version is not None:
            values["scr-version"] = str(job.version)
    return values


def _render(loaded: Loaded, job: Job, fmt: OutputFormat, text: str, meta: dict[str, str], tmp: Path) -> None:
    root = loaded.root
    fonts = [root / FONTS_DIR] if (root / FONTS_DIR).is_dir() else []
    if loaded.config.build.house_font:
        meta = {**meta, "font": loaded.config.build.house_font}
    contents = job.contents if job.contents is not None else contents_depth(job.markdown.lines)
    page = Page(text, meta, root, epoch_of(job.when), job.draft, contents=contents, fonts=fonts, figure=job.figure,
                properties=properties(loaded, job))
    assert fmt.write is not None  # every format scr build makes is written to a file
    try:
        fmt.write(page, tmp)
    except TypstProblem as problem:
        raise _typst_error(job, job.markdown, problem) from None


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


def _stage(root: Path, file: Path, data: bytes) -> None:
    """Write a file a document shows (the family's drawing) 0600 in 0700 folders of the build folder."""
    try:
        file.parent.mkdir(mode=private.FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(file.parent, exc) from None
    private.close_folder(root, file.parent.parent)
    private.close_folder(root, file.parent)
    atomic.write_bytes(file, data, mode=private.FILE_MODE)


def build_job(loaded: Loaded, job: Job, fmt: OutputFormat, out_dir: Path) -> Built:
    """Build one document atomically, with the files its Markdown shows staged (privately) while it is made."""
    staged = [loaded.root / rel for rel, _ in job.staged]
    try:
        for (_, data), file in zip(job.staged, staged, strict=True):
            _stage(loaded.root, file, data)
        return _build_one(loaded, job, fmt, out_dir)
    finally:
        for file in staged:
            file.unlink(missing_ok=True)
        for folder in {f.parent for f in staged}:
            with contextlib.suppress(OSError):  # left when something else is in it
                folder.rmdir()


def _build_one(loaded: Loaded, job: Job, fmt: OutputFormat, out_dir: Path) -> Built:
    """One document; a public edition is scanned and removed if any name remains."""
    matcher = matcher_for(loaded) if job.public else None
    md = job.markdown
    meta = metadata(loaded, job)
    suffix = PUBLIC_SUFFIX if job.public and job.target != "summary" else ""
    final = out_dir / f"{job.stem}{suffix}{fmt.suffix}"
    try:
        out_dir.mkdir(mode=private.FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    if matcher is not None:
        _check_source(loaded, job, meta, matcher, final)  # before any file is written
    fileio.refuse_read_only(final)  # as every write: a read-only file or folder is left as it is
    private.close_folder(loaded.root, out_dir)  # restricted editions are plaintext: 0600 in a 0700 folder
    try:
        fd, name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=fmt.suffix, dir=out_dir)
    except OSError as exc:
        raise _unwritable(out_dir, exc) from None
    os.close(fd)
    tmp = Path(name)
    try:
        _render(loaded, job, fmt, md.text, meta, tmp)
        if matcher is not None:
            leaks = scan(tmp, matcher)
            if leaks:
                raise _leak_error(loaded.root, job, md, matcher, leaks[0].label, leaks[0].where, final)
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644 if job.public else private.FILE_MODE)
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
    output = formats.for_build(fmt)
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
    drawn = [j.stem for j in jobs if not j.figure]
    if output.drawing and drawn:
        raise DataError(f"{drawn[0]} cannot be built as SVG: only the genogram is a drawing",
                        hint="build it as pdf, docx or html, or build the genogram alone")
    out_dir = out or default_out(root)
    built: list[Built] = []
    for n, job in enumerate(jobs):
        if progress:
            progress(f"{job.stem}{output.suffix}", n, len(jobs))
        built.append(build_job(loaded, job, output, out_dir))
    if progress:
        progress("done", len(jobs), len(jobs))
    return BuildResult(root, tuple(built))


def build_demo_pack(root: Path) -> Path:
    """The demo's full pack as one PDF (called by `scr demo`); returns its path."""
    return build(root, ["pack"], "pdf").built[0].path
