"""Where scr's own files are: bundled in the installed package, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
REGIMES_DIR = DATA_DIR / "regimes"
SCHEMAS_DIR = DATA_DIR / "schemas"


def _bundled(name: str) -> Path:
    installed = PACKAGE_DIR / "_bundled" / name
    if installed.is_dir():
        return installed
    return PACKAGE_DIR.parent / name


def review_template_dir() -> Path:
    return _bundled("review-template")


def templates_dir() -> Path:
    return _bundled("templates")


def hooks_dir() -> Path:
    return _bundled("hooks")
