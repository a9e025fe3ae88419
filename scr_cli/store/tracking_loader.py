"""Load the records kept beside a review (progress, proceedings, FOI, evaluation) from its folder.

Each file is optional, checked against its schema (issues at file:line:column) and then built into the
model by the same pure builder the hooks and `scr portfolio` use (review/tracking_build.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from scr_cli.review import layout
from scr_cli.review.model import Pos, Tracking
from scr_cli.review.tracking_build import tracking
from scr_cli.store.schema_followup import EvaluationFile, FoiFile, ProceedingsFile, ProgressFile
from scr_cli.store.yamlfile import YamlDoc

ReadYaml = Callable[..., tuple[Any, YamlDoc | None]]  # loader._Reader.yaml: (rel, model, optional=) -> (model, doc)
_FILES: tuple[tuple[str, type[BaseModel]], ...] = (
    (layout.PROGRESS, ProgressFile),
    (layout.PROCEEDINGS, ProceedingsFile),
    (layout.FOI, FoiFile),
    (layout.EVALUATION, EvaluationFile),
)


def file_digest(root: Path, rel: str) -> str:
    """sha256 of a file inside the review; "missing" when absent, "outside" when the path leaves the review."""
    base = root.resolve()
    try:
        target = (base / rel).resolve()
        target.relative_to(base)
    except (ValueError, OSError):
        return "outside"
    try:
        return "sha256:" + hashlib.sha256(target.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def load_tracking(root: Path, read: ReadYaml) -> Tracking:
    docs: dict[str, YamlDoc] = {}
    data: dict[str, Any] = {}
    for rel, model in _FILES:
        parsed, doc = read(rel, model, optional=True)
        if doc is not None:
            docs[rel] = doc
            if parsed is not None:
                data[rel] = doc.data

    def where(rel: str, key: tuple[Any, ...]) -> Pos:
        doc = docs.get(rel)
        if doc is None:
            return Pos(rel)
        line, col = doc.where(key)
        return Pos(rel, line, col)

    locked = not (root / layout.FOI).exists() and (root / f"{layout.FOI}.gpg").is_file()
    return tracking(data, where, lambda rel: file_digest(root, rel), locked)
