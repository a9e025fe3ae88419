"""Every review under some folders, read from git objects only: the data of `scr portfolio`.

A business manager points it at the folder where the shared repositories live (bare clones) or at work
trees. Each repository costs one `git cat-file --batch` for the few committed files the portfolio needs (run
a few at a time: git waits on the disk, not the processor); nothing is decrypted, no key is needed, and no
pydantic is loaded. A repository whose HEAD holds no review.yaml is not a review and is passed over; a review
that cannot be read gets a row saying why.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from scr_cli import paths
from scr_cli.errors import DataError, ScrError
from scr_cli.gate.gittree import CommitTree
from scr_cli.gate.tracking_tree import BOARD_FILES, tree_review
from scr_cli.review import layout
from scr_cli.review.board import BoardRow, board_row, error_row
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.regime import Regime, regime_from_dict
from scr_cli.store import bankholidays
from scr_cli.store.yamlfile import parse

MAX_DEPTH = 3  # folders below each one given: a board's repositories are rarely deeper
WORKERS = 6


@dataclass
class Portfolio:
    """The rows of every review found, the folders searched and how many repositories were not reviews."""

    today: date
    folders: list[Path]
    rows: list[BoardRow] = field(default_factory=list)
    passed_over: int = 0


def is_repository(folder: Path) -> bool:
    if (folder / ".git").exists():
        return True
    return (folder / "HEAD").is_file() and (folder / "objects").is_dir() and (folder / "refs").is_dir()


def _walk(folder: Path, depth: int) -> Iterator[Path]:
    if is_repository(folder):
        yield folder
        return
    if depth >= MAX_DEPTH:
        return
    try:
        children = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for child in children:
        hidden = child.name.startswith(".") and not child.name.endswith(".git")
        if not hidden and child.is_dir(follow_symlinks=False):
            yield from _walk(Path(child.path), depth + 1)


def find_repositories(folders: Sequence[Path]) -> list[Path]:
    found: dict[Path, None] = {}
    for folder in folders:
        if not folder.is_dir():
            raise DataError(f"{folder} is not a folder", hint="give folders that hold review repositories")
        for repo in _walk(folder.resolve(), 0):
            found[repo] = None
    return list(found)


@lru_cache(maxsize=8)
def _regime(regime_id: str) -> Regime:
    file = paths.regime_file(regime_id)
    if file is None:
        raise DataError(f"unknown regime '{regime_id}'", path=layout.REVIEW, hint="use a regime scr ships")
    return regime_from_dict(parse(file.read_text(encoding="utf-8"), file.name).data)


def _fetch(repo: Path) -> tuple[Path, CommitTree | None, str]:
    tree = CommitTree("HEAD", repo)
    try:
        tree.prefetch(BOARD_FILES)
    except ScrError as exc:
        return repo, None, exc.message
    return repo, tree, ""


def _key(tree: CommitTree) -> str:
    """The same review reached twice (its work tree and its bare clone, at the same commit) is shown once."""
    digest = hashlib.sha256()
    for path in BOARD_FILES:
        digest.update((tree.read(path) or b"") + b"\0")
    return digest.hexdigest()


def _row(repo: Path, tree: CommitTree, today: date) -> BoardRow:
    try:
        review = tree_review(tree, BOARD_FILES)
        regime = _regime(review.info.regime)
    except ScrError as exc:
        return error_row(str(repo), str(exc))
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    return board_row(review, regime, today, cal, str(repo))


def read_portfolio(folders: Sequence[Path], today: date) -> Portfolio:
    repos = find_repositories(folders)
    result = Portfolio(today, list(folders))
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        fetched = list(pool.map(_fetch, repos))
    seen: set[str] = set()
    for repo, tree, problem in fetched:
        if tree is None:
            result.rows.append(error_row(str(repo), problem))
            continue
        if tree.read(layout.REVIEW) is None:
            result.passed_over += 1
            continue
        key = _key(tree)
        if key in seen:
            continue
        seen.add(key)
        result.rows.append(_row(repo, tree, today))
    result.rows.sort(key=lambda r: (r.closed, r.reference, r.path))
    return result
