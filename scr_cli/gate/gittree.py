"""`Tree`s over what git stores: the index (what the next commit will hold) and a commit (what a push brings).

Both read blobs through one `git cat-file --batch` per batch of paths and cache them; `prefetch()` lets a
caller ask for every path it will need in one process. The index tree honours GIT_INDEX_FILE because git
is run with the caller's environment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli.adapters import git
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.canonical import body_key, fingerprint, plan_body_key, plan_fingerprint
from scr_cli.review.drafts import Snapshot
from scr_cli.review.layout import ACTION_PLAN, MODEL_FILES
from scr_cli.review.model import Agency, Document, Person, Pos, Review, ReviewInfo, SignOff
from scr_cli.review.references import attachments
from scr_cli.review.signoff import Reopened, mark_void
from scr_cli.review.tracking_build import plan_actions
from scr_cli.store.frontmatter import parse_front, split
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import decode, parse


class ObjectTree:
    """A read-only tree of git objects. `rev` is a commit id, or None for the index."""

    def __init__(self, repo: Path | str | None, rev: str | None) -> None:
        self.repo = repo
        self.rev = rev
        self._blobs: dict[str, bytes | None] = {}
        self._entries: dict[str, tuple[str, str]] | None = None

    def _spec(self, path: str) -> str:
        return f":{path}" if self.rev is None else f"{self.rev}:{path}"

    def _all_entries(self) -> dict[str, tuple[str, str]]:
        if self._entries is None:
            self._entries = git.list_entries(self.rev, self.repo) if self.rev != git.EMPTY_TREE else {}
        return self._entries

    def prefetch(self, paths: Iterable[str]) -> None:
        missing = [p for p in dict.fromkeys(paths) if p not in self._blobs]
        if not missing:
            return
        if self.rev == git.EMPTY_TREE:
            self._blobs.update(dict.fromkeys(missing))
            return
        got = git.cat_blobs([self._spec(p) for p in missing], self.repo)
        for path in missing:
            self._blobs[path] = got[self._spec(path)]

    def paths(self) -> Iterable[str]:
        return sorted(self._all_entries())

    def read(self, path: str) -> bytes | None:
        if path not in self._blobs:
            self.prefetch([path])
        return self._blobs[path]

    def mode(self, path: str) -> str | None:
        entry = self._all_entries().get(path)
        return entry[0] if entry else None


class IndexTree(ObjectTree):
    """What the next commit will store (the staged blobs)."""

    def __init__(self, repo: Path | str | None = None) -> None:
        super().__init__(repo, None)


class CommitTree(ObjectTree):
    """The files of one commit (pre-receive, `scr drafts`, `scr diff`)."""

    def __init__(self, sha: str | None, repo: Path | str | None = None) -> None:
        super().__init__(repo, sha or git.EMPTY_TREE)



# --- the review model read out of any Tree (work tree, index, commit), without pydantic: hooks stay fast



def _yaml(tree: Tree, path: str) -> Any:
    raw = tree.read(path)
    if raw is None:
        return None
    text, _ = decode(raw, path)
    return parse(text, path).data


def _mapping(data: Any, path: str) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise DataError(
            "expected a mapping at the top of the file",
            path=path,
            line=1,
            column=1,
            hint="run `scr check` to see the file's problems",
        )
    return data


def _rows(data: dict[str, Any], key: str, path: str) -> list[dict[str, Any]]:
    rows = data.get(key) or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise DataError(
            f"'{key}' must be a list of mappings",
            path=path,
            line=1,
            column=1,
            hint="run `scr check` to see the file's problems",
        )
    return rows


def _whole(value: Any) -> int:
    """A version number as the schema has it: an int, never a bool (`version: true` is not version 1)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"version must be a whole number, not {value!r}")
    return value


def _date(value: Any) -> date | None:
    return value if isinstance(value, date) else None


def read_document(tree: Tree, path: str) -> tuple[Document, Snapshot] | None:
    """A document (Markdown or the action plan) and its draft snapshot; None when absent."""
    raw = tree.read(path)
    if raw is None:
        return None
    text, _ = decode(raw, path)
    if path.endswith(".md"):
        front_text, body, _ = split(text, path)
        front = _mapping(parse_front(front_text, path).data, path)
        rows: list[dict[str, Any]] = []
        attached = attachments(path, body, tree.read)
        content, key = fingerprint(front, body, attached), body_key(body)
    else:
        front = _mapping(parse(text, path).data, path)
        body, rows, attached = "", _rows(front, "actions", path), ()
        content, key = plan_fingerprint(str(front.get("title", "")), rows), plan_body_key(rows)
    version = front.get("version")
    version = version if isinstance(version, int) and not isinstance(version, bool) else None
    doc = Document(
        path,
        Pos(path, 1, 1),
        str(front.get("title", "")),
        version,
        _date(front.get("date")),
        str(front.get("status", "draft")),
        front.get("agency"),
        body,
        front,
        attached=attached,
    )
    return doc, Snapshot(path, version, doc.date, doc.status, key, content)


def read_review(tree: Tree, documents: Iterable[Document] = ()) -> tuple[Review, list[dict[str, Any]]]:
    """The parts of the review the draft and sign-off rules need, plus log.yaml's raw events."""
    if isinstance(tree, ObjectTree):
        tree.prefetch(MODEL_FILES)
    people = _rows(_mapping(_yaml(tree, layout.PEOPLE), layout.PEOPLE), "people", layout.PEOPLE)
    agencies = _rows(_mapping(_yaml(tree, layout.AGENCIES), layout.AGENCIES), "agencies", layout.AGENCIES)
    signoffs = _rows(_mapping(_yaml(tree, layout.SIGNOFFS), layout.SIGNOFFS), "signoffs", layout.SIGNOFFS)
    events = _rows(_mapping(_yaml(tree, layout.LOG), layout.LOG), "events", layout.LOG)
    plan = _rows(_mapping(_yaml(tree, ACTION_PLAN), ACTION_PLAN), "actions", ACTION_PLAN)
    try:
        review = Review(
            root="",
            info=ReviewInfo("?", "?", "?", "?", Pos("review.yaml")),
            people=tuple(
                Person(
                    str(p["id"]),
                    str(p.get("name", "")),
                    tuple(p.get("roles") or ()),
                    Pos("people.yaml"),
                    p.get("agency"),
                    key_fingerprint=p.get("key_fingerprint"),
                )
                for p in people
            ),
            agencies=tuple(
                Agency(
                    str(a["id"]),
                    str(a.get("name", "")),
                    str(a.get("sector", "")),
                    Pos("agencies.yaml"),
                    bool(a.get("imr", True)),
                )
                for a in agencies
            ),
            events=(),
            documents=tuple(documents),
            signoffs=mark_void(
                Reopened(str(s["document"]), s["date"]) if s.get("void") else
                SignOff(
                    str(s["document"]),
                    _whole(s["version"]),
                    str(s["fingerprint"]),
                    str(s["person"]),
                    str(s["role"]),
                    s["date"],
                    Pos("signoffs.yaml", 0, 0),
                    s.get("agency"),
                    str(s.get("signature") or ""),
                )
                for s in signoffs
            ),
            # every field: the plan's sign-off fingerprint covers the whole of each action
            actions=plan_actions({"actions": plan}, lambda path, key: Pos(ACTION_PLAN)),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(
            f"a required field is missing or wrong ({exc})",
            path="people.yaml, agencies.yaml or signoffs.yaml",
            hint="run `scr check` to find it",
        ) from None
    return review, events
