"""The demo's board pack as pictures, for the visual regression test (tests/test_visual.py).

A few pages are rendered small and grey and compared with the ones stored in tests/visual/, so a template
change that breaks the layout fails a test.

The demo is made with a fixed day (--today), so its dates, and with them every PDF timestamp, are the same on
every run; pdftoppm renders the chosen pages at 40 dpi in greyscale. After a layout change you meant to make,
look at the new pages and store them:

    python tests/visualkit.py --update      # writes tests/visual/pack-pNN.png and tests/visual/pack.json
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORED = HERE / "visual"
TODAY = "2026-12-01"
DPI = 40
# cover, contents, a document's first page, the landscape action plan, the genogram, the first chronology page
PAGES = (1, 2, 3, 6, 11, 12)
TOLERANCE = 2.0  # mean absolute difference per pixel (0-255) a page may drift (fonts, poppler versions)


def demo_pack(work: Path) -> Path:
    """Make the demo review (fixed day) in `work` and return its pack PDF, as `scr demo` builds it."""
    from scr_cli.app import main

    root = work / "demo"
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["demo", str(root), "--today", TODAY])
    if code != 0:
        raise RuntimeError(f"scr demo exited with {code}")
    return root / "build" / "review-pack.pdf"


def render(pdf: Path, out: Path, pages: tuple[int, ...] = PAGES) -> dict[int, Path]:
    """The chosen pages as greyscale PNGs (page number -> file)."""
    found = {}
    for n in pages:
        stem = out / f"page-{n:02d}"
        subprocess.run(["pdftoppm", "-gray", "-png", "-r", str(DPI), "-f", str(n), "-l", str(n), "-singlefile",
                        str(pdf), str(stem)], check=True, capture_output=True)
        found[n] = stem.with_suffix(".png")
    return found


def layout(pdf: Path) -> dict[str, object]:
    """Page count and which pages are landscape: stored beside the images."""
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    turned = [i for i, p in enumerate(pages, 1) if float(p.mediabox.width) > float(p.mediabox.height)]
    return {"pages": len(pages), "landscape": turned}


def stored_page(n: int) -> Path:
    """The stored picture of page `n`."""
    return STORED / f"pack-p{n:02d}.png"


def update() -> None:
    """Render the demo pack again and store its pictures and page layout."""
    sys.path.insert(0, str(HERE))
    from pngkit import read_grey, write_grey

    STORED.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scr-visual-") as tmp:
        pdf = demo_pack(Path(tmp))
        for n, png in render(pdf, Path(tmp)).items():
            write_grey(stored_page(n), read_grey(png))
            print(stored_page(n).relative_to(HERE.parent))
        (STORED / "pack.json").write_text(json.dumps(layout(pdf), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if "--update" not in sys.argv[1:] or shutil.which("pdftoppm") is None:
        sys.exit("usage: python tests/visualkit.py --update   (needs pdftoppm from poppler-utils)")
    update()
