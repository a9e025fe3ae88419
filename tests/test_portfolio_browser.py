"""The portfolio's HTML dashboard in a real browser: headless Chromium, with no network, renders it (the DOM
it built names every review) and draws it (a screenshot that is not blank). Skipped where
Chromium is absent; CI installs it (.ci/run).
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.test_portfolio import TODAY, board  # noqa: F401 - the module fixture with its repositories

CHROMIUM = "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed")


def _chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--hide-scrollbars"]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, timeout=120)


def _png_rows(data: bytes) -> tuple[int, int, set[bytes]]:
    """Width, height and the distinct pixel rows of an 8-bit RGB(A) PNG (enough to tell a blank page)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 4
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, _depth, colour = struct.unpack(">IIBB", chunk[:10])
            channels = {2: 3, 6: 4}[colour]
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels + 1
    return width, height, {raw[i * stride + 1:(i + 1) * stride] for i in range(height)}


def test_chromium_renders_and_draws_the_dashboard(board: Path, tmp_path: Path, scr) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    page = tmp_path / "dashboard.html"
    assert scr("portfolio", board, "--html", page, "--today", TODAY).code == 0
    dom = _chromium(tmp_path / "profile-dom", "--dump-dom", page.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    text = dom.stdout.decode("utf-8", "replace")
    assert "SCR-T-21" in text and "SCR-T-22" in text and "publication held by crown-court-trial" in text
    shot = tmp_path / "dashboard.png"
    # the page has no script (tests/test_portfolio.py), so what is drawn is what a reader without scripts sees;
    # headless Chromium needs its own scripting to take the picture, so scripts are not switched off here
    drawn = _chromium(tmp_path / "profile-shot", f"--screenshot={shot}", "--window-size=1280,1600", page.as_uri())
    assert drawn.returncode == 0 and shot.is_file(), drawn.stderr[-2000:]
    width, height, rows = _png_rows(shot.read_bytes())
    assert (width, height) == (1280, 1600)
    assert len(rows) > 50  # text and tables drawn: a blank or failed page has a handful of distinct rows
    shutil.rmtree(tmp_path / "profile-dom", ignore_errors=True)
    shutil.rmtree(tmp_path / "profile-shot", ignore_errors=True)
