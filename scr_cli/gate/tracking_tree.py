"""A review's model read out of any Tree (the index, a commit, the work tree) without pydantic or decrypting.

What the hooks need to judge a new event (the log, the plan's actions, progress, proceedings, the
evaluation) and what `scr portfolio` shows of a review, in one `git cat-file --batch` for an ObjectTree.
Only files that are never encrypted are read; FOI requests (sensitive) are left out.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from scr_cli.errors import DataError, ScrError
from scr_cli.gate.gittree import ObjectTree
from scr_cli.review import layout
from scr_cli.review.model import Pos, Review, ReviewInfo
from scr_cli.review.tracking_build import agencies, events, people, plan_actions, tracking
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import YamlDoc, decode, parse

# What the hooks read to judge an event (people: to check a signature) and what the portfolio reads.
WANTED = (layout.REVIEW, layout.CONFIG, layout.PEOPLE, layout.AGENCIES, layout.LOG, layout.ACTION_PLAN,
          *layout.TRACKING_FILES)
BOARD_FILES = tuple(p for p in WANTED if p != layout.PEOPLE)


def _doc(tree: Tree, path: str) -> YamlDoc | None:
    raw = tree.read(path)
    if raw is None:
        return None
    return parse(decode(raw, path)[0], path)


def _digest(tree: Tree, path: str) -> str:
    if path.startswith("/") or ".." in path.split("/"):
        return "outside"
    raw = tree.read(path)
    return "sha256:" + hashlib.sha256(raw).hexdigest() if raw is not None else "missing"


def _info(data: Any) -> ReviewInfo:
    data = data if isinstance(data, dict) else {}

    def text(key: str, default: str = "?") -> str:
        value = data.get(key)
        return value if isinstance(value, str) and value else default

    themes = data.get("themes")
    return ReviewInfo(text("reference"), text("board"), text("regime", "scr-2015"), text("child"), Pos(layout.REVIEW),
                      text("title", ""), tuple(t for t in themes if isinstance(t, str)) if isinstance(themes, list)
                      else ())


def _holidays(data: Any) -> tuple[date, ...]:
    days = data.get("extra_bank_holidays") if isinstance(data, dict) else None
    return tuple(d for d in days if isinstance(d, date)) if isinstance(days, list) else ()


def tree_review(tree: Tree, files: Sequence[str] = WANTED) -> Review:
    """The review as the tree holds it (each file parsed once). A file that is not YAML raises DataError."""
    if isinstance(tree, ObjectTree):
        tree.prefetch(files)
    docs = {path: _doc(tree, path) for path in files}

    def where(path: str, key: tuple[Any, ...]) -> Pos:
        doc = docs.get(path)
        if doc is None:
            return Pos(path)
        line, col = doc.where(key)
        return Pos(path, line, col)

    def data(path: str) -> Any:
        doc = docs.get(path)
        return doc.data if doc is not None else None

    records = {path: data(path) for path in layout.TRACKING_FILES if docs.get(path) is not None}
    return Review(
        root="", info=_info(data(layout.REVIEW)), people=people(data(layout.PEOPLE), where),
        agencies=agencies(data(layout.AGENCIES), where), events=events(data(layout.LOG), where), documents=(),
        signoffs=(), actions=plan_actions(data(layout.ACTION_PLAN), where), extra_holidays=_holidays(
            data(layout.CONFIG)), tracking=tracking(records, where, lambda rel: _digest(tree, rel)))


def try_tree_review(tree: Tree) -> tuple[Review | None, str]:
    """The review, or None and the one-line reason it could not be read."""
    try:
        return tree_review(tree), ""
    except (ScrError, DataError) as exc:
        return None, str(exc)
