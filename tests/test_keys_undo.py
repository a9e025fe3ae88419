"""`scr keys add|remove|sign` change nothing on disk when signing the new readers list fails."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest

from scr_cli.adapters import gpg
from scr_cli.app import main
from scr_cli.commands.demo import make_demo
from tests.conftest import TODAY, snapshot


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("undo") / "demo"
    make_demo(root, TODAY)
    return root


def _home() -> Path:
    home = Path(tempfile.mkdtemp(prefix="g-", dir="/tmp"))
    home.chmod(0o700)
    return home


@pytest.mark.parametrize("how", ["add", "remove", "sign"])
def test_a_failed_signature_leaves_the_readers_list_as_it_was(demo: Path, tmp_path: Path, how: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    review = tmp_path / "review"
    shutil.copytree(demo, review, symlinks=True, ignore=shutil.ignore_patterns(".demo-gnupg"))
    (review / ".demo-gnupg").mkdir(mode=0o700)  # an empty demo keyring: no chair's secret key here
    newcomer, empty = _home(), _home()
    try:
        key = tmp_path / "newcomer.asc"
        key.write_bytes(gpg.export_public(newcomer, gpg.generate_key(newcomer, "IMR author <imr@example.invalid>")))
        before = {k: v for k, v in snapshot(review).items() if not k.startswith(".git/")}
        args = {"add": ["keys", "add", str(key), "--person", "imr-police"],
                "remove": ["keys", "remove", "business-manager"],
                "sign": ["keys", "sign"]}[how]
        code = main([*args, "--as", "panel-chair", "--gnupghome", str(empty), "-C", str(review)])
        err = capsys.readouterr().err
        assert code == 2 and "Traceback" not in err, err
        after = {k: v for k, v in snapshot(review).items() if not k.startswith(".git/")}
        assert after == before
    finally:
        for home in (newcomer, empty):
            gpg.stop_agents(home)
            shutil.rmtree(home, ignore_errors=True)
