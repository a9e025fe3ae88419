"""Visual regression: the demo's board pack, rendered small and grey, matches the pages stored in tests/visual/.

Within a tolerance; tests/visualkit.py renders them, and regenerates the stored ones after an intended change:
python tests/visualkit.py --update
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import visualkit as visual  # noqa: E402
from pngkit import Grey, mean_difference, read_grey  # noqa: E402


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return visual.demo_pack(tmp_path_factory.mktemp("visual"))


@pytest.mark.poppler
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_demo_pack_looks_as_stored(pack: Path, tmp_path: Path) -> None:
    assert visual.layout(pack) == json.loads((visual.STORED / "pack.json").read_text(encoding="utf-8"))
    drift = {}
    for n, png in visual.render(pack, tmp_path).items():
        drift[n] = round(mean_difference(read_grey(png), read_grey(visual.stored_page(n))), 2)
    assert all(d <= visual.TOLERANCE for d in drift.values()), f"pages drifted (mean grey difference): {drift}"


def test_the_comparison_notices_a_changed_page() -> None:
    white = Grey(4, 2, b"\xff" * 8)
    one_black = Grey(4, 2, b"\x00" + b"\xff" * 7)
    assert mean_difference(white, white) == 0
    assert mean_difference(white, one_black) == 255 / 8
    assert mean_difference(white, Grey(2, 4, b"\xff" * 8)) == 255  # a page turned is a different page
