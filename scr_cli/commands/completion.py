"""What the shell completes: the review's event ids, document paths, agency ids and build targets.

Each is read from the review around `folder` (the -C folder, else the current one) as cheaply as it can be:
the regime's events without pydantic, agencies.yaml with the fast parser, the documents by their paths.
Completion must never fail: outside a review the default regime's events are offered, and nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

from scr_cli.errors import ScrError
from scr_cli.gate.transition import load_regime_fast
from scr_cli.review import layout
from scr_cli.review.regime import Regime
from scr_cli.store.root import find_root
from scr_cli.store.tree import WorkTree
from scr_cli.store.yamlfile import decode, parse


def _root(folder: Path) -> Path | None:
    try:
        return find_root(folder)
    except ScrError:
        return None


def _regime(folder: Path) -> Regime | None:
    root = _root(folder)
    try:  # outside a review no review.yaml names one: the default regime
        return load_regime_fast(WorkTree(root or folder))
    except ScrError:
        return None


def event_ids(folder: Path) -> list[str]:
    regime = _regime(folder)
    return [e.id for e in regime.events] if regime else []


def field_values(folder: Path, event: str | None, incomplete: str) -> list[str]:
    """`name=` for each field the event takes; after `name=`, the values it takes (agencies, choices)."""
    regime = _regime(folder)
    spec = regime.event(event) if regime and event else None
    if spec is None:
        return []
    if "=" not in incomplete:
        return [f"{f.name}=" for f in spec.fields]
    name = incomplete.split("=", 1)[0]
    found = next((f for f in spec.fields if f.name == name), None)
    if found is None:
        return []
    values = list(found.choices) if found.type == "choice" else agency_ids(folder) if found.type == "agency" else []
    return [f"{name}={v}" for v in values]


def agency_ids(folder: Path) -> list[str]:
    root = _root(folder)
    file = root / layout.AGENCIES if root else None
    if file is None or not file.is_file():
        return []
    try:
        data = parse(decode(file.read_bytes(), layout.AGENCIES)[0], layout.AGENCIES).data
    except ScrError:
        return []
    rows = data.get("agencies") if isinstance(data, dict) else None
    return [str(a["id"]) for a in rows or [] if isinstance(a, dict) and a.get("id")]


def document_paths(folder: Path) -> list[str]:
    """Every document of the review (an encrypted one by its plaintext name), relative to `folder`."""
    root = _root(folder)
    if root is None:
        return []
    found: set[str] = set()
    for stage in layout.DOCUMENT_FOLDERS:
        for file in (root / stage).rglob("*"):
            rel = file.relative_to(root).as_posix().removesuffix(".gpg")
            if file.is_file() and layout.is_document(rel):
                found.add(rel)
    base = folder.resolve()
    return sorted(os.path.relpath(root / rel, base) for rel in found)


def build_targets(folder: Path, previous: str | None) -> list[str]:
    """After `imr`, the agencies; else the targets `scr build` knows."""
    if previous == "imr":
        return agency_ids(folder)
    from scr_cli.publish.jobs import TARGETS  # only when completing `scr build`: it loads the build modules

    return list(TARGETS)
