"""Pandoc, always the copy bundled with pypandoc-binary (never whatever `pandoc` is on PATH).

pypandoc on its own picks the highest pandoc version it finds on the machine; we pin the bundled
binary by its path so a build gives the same bytes everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from scr_cli.adapters import proc
from scr_cli.errors import DataError, ToolFailed, ToolMissing

# Markdown as authors write it; metadata blocks inside the body are switched off so no stray YAML
# can reach the output's properties.
READER = "markdown-yaml_metadata_block-citations-tex_math_dollars"


@lru_cache(maxsize=1)
def pandoc_path() -> Path:
    """The pandoc executable shipped inside the pypandoc-binary wheel."""
    try:
        import pypandoc  # noqa: F401  (located, not called: its own search prefers other pandocs)
    except ImportError as exc:  # pragma: no cover - a dependency of scr
        raise ToolMissing("pypandoc-binary is not installed", hint="pip install pypandoc-binary") from exc
    import pypandoc as module

    folder = Path(module.__file__).resolve().parent / "files"
    for name in ("pandoc", "pandoc.exe"):
        if (folder / name).is_file():
            return folder / name
    raise ToolMissing(
        "the pandoc bundled with pypandoc-binary was not found",
        hint="reinstall it: pip install --force-reinstall pypandoc-binary",
    )


def version() -> str:
    done = proc.run([str(pandoc_path()), "--version"])
    return done.out.splitlines()[0].split()[-1]


def convert(
    markdown: str,
    to: str,
    *,
    args: Sequence[str] = (),
    cwd: Path | None = None,
    epoch: int | None = None,
    output: Path | None = None,
) -> bytes:
    """Convert Markdown text to `to`; returns the bytes written to stdout, or b'' when `output` is given."""
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/")}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = str(epoch)
    cmd = [str(pandoc_path()), "--from", READER, "--to", to, *args]
    if output is not None:
        cmd += ["--output", str(output)]
    done = proc.run(cmd, cwd=cwd, env=env, input=markdown.encode("utf-8"), check=False)
    if done.returncode != 0:
        first = next((ln for ln in done.err.splitlines() if ln.strip()), f"exit code {done.returncode}")
        raise ToolFailed(
            f"pandoc could not convert the document to {to}: {first}",
            hint="check the Markdown near the place named, or report it",
        )
    return done.stdout


def from_docx(docx: Path, *, track_changes: str, media: Path) -> str:
    """A DOCX read back as pandoc Markdown (one line per paragraph); its images are extracted below `media`.

    `track_changes` is pandoc's `--track-changes` (accept or reject); Word's comments are dropped here (scr
    reads them from the file itself).
    """
    env = {"PATH": os.environ.get("PATH", ""), "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/")}
    cmd = [str(pandoc_path()), "--from", "docx", "--to", "markdown", "--wrap=none",
           f"--track-changes={track_changes}", f"--extract-media={media}", str(docx)]
    done = proc.run(cmd, cwd=media.parent, env=env, check=False)
    if done.returncode != 0:
        first = next((ln for ln in done.err.splitlines() if ln.strip()), f"exit code {done.returncode}")
        raise DataError(f"the Word document cannot be read: {first[:120]}",
                         hint="open it in Word, save it again as .docx, and receive that file")
    return done.stdout.decode("utf-8", "replace")
