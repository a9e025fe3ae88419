"""Copies the top-level review-template/, regime-templates/, templates/ and hooks/ into the wheel.

They stay at the top of the checkout, where people read and edit them; an installed `scr` finds its
copies under scr_cli/_bundled/ (see scr_cli/paths.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

BUNDLED = ("review-template", "regime-templates", "templates", "hooks")


class BuildWithBundledFiles(build_py):
    """setuptools' build step, then the bundled folders copied into the built package."""

    def run(self) -> None:
        super().run()
        root = Path(__file__).resolve().parent
        for name in BUNDLED:
            target = Path(self.build_lib) / "scr_cli" / "_bundled" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(root / name, target)


setup(cmdclass={"build_py": BuildWithBundledFiles})
