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


def regime_templates_dir() -> Path:
    """Template files of each regime (regime-templates/<folder>/), laid over review-template/ by `scr new`."""
    return _bundled("regime-templates")


def templates_dir() -> Path:
    return _bundled("templates")


def hooks_dir() -> Path:
    return _bundled("hooks")


def regime_file(regime_id: str) -> Path | None:
    """The shipped regime file for an id, or None. Ids are plain words, so `../` cannot reach another file."""
    if not regime_id.replace("-", "").isalnum() or not regime_id.isascii():
        return None
    file = REGIMES_DIR / f"{regime_id}.yaml"
    return file if file.is_file() else None


def shipped_regimes() -> list[str]:
    """The ids of the regimes scr ships, sorted."""
    return sorted(p.stem for p in REGIMES_DIR.glob("*.yaml"))
