"""What the gate and the encryption commands read from a review's settings and regime, fast (no pydantic).

- `regime_facts(tree)`: from the review's regime file, the paths that may be committed in plaintext, the
  roles that sign documents and the roles that sign for an agency;
- `board_public(config_yaml)`: the paths a board adds under `public:` in .scr/config.yaml;
- `PublicPaths`: whether a path may hold plaintext in git. Default deny: only the regime's public paths,
  the board's additions that the chair-signed readers list repeats, empty files, the images a public
  document shows and the Markdown it includes; never a built-in sensitive path (review/layout.py:
  SENSITIVE), whatever a board adds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath

import yaml

from scr_cli import paths
from scr_cli.errors import DataError, ScrError
from scr_cli.review import layout
from scr_cli.review.layout import is_public, is_sensitive
from scr_cli.review.references import referenced
from scr_cli.review.scopes import CirculationRule, ScopeRules, SignerRule
from scr_cli.store.tree import Tree

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser: the hooks read these often

IMAGES = {".png": (b"\x89PNG",), ".jpg": (b"\xff\xd8\xff",), ".jpeg": (b"\xff\xd8\xff",),
          ".gif": (b"GIF87a", b"GIF89a"), ".webp": (b"RIFF",), ".svg": (b"<svg", b"<?xml")}
CHAIR_ROLES = ("board-chair", "panel-chair")  # they sign the readers list


@dataclass(frozen=True)
class RegimeFacts:
    """What the hooks need of the regime, read fast: its public paths and which roles sign."""

    public: tuple[str, ...]
    signing_roles: frozenset[str]  # roles the readers list binds: they sign a document or the list, or they read
    agency_roles: frozenset[str]  # roles held for an agency (a sign-off names it)
    scopes: ScopeRules = ScopeRules(frozenset(CHAIR_ROLES))  # who reads each sensitive file


def _load(data: bytes | str, path: str) -> object:
    try:
        return yaml.load(data, Loader=_Loader)  # noqa: S506 - the safe loader
    except yaml.YAMLError as exc:
        raise DataError("is not valid YAML", path=path, hint="fix it (see `scr check`)") from exc


@lru_cache(maxsize=8)
def _facts(regime_id: str) -> RegimeFacts:
    file = paths.regime_file(regime_id)
    if file is None:
        raise ScrError(f"unknown regime '{regime_id}'", path=layout.REVIEW, hint="use a regime scr ships")
    doc = _load(file.read_bytes(), file.name)
    data = doc if isinstance(doc, dict) else {}
    signing = set(CHAIR_ROLES)
    rules = []
    for spec in data.get("documents") or []:
        listed = [s for s in spec.get("signoffs") or [] if isinstance(s, dict) and "role" in s]
        signing |= {str(s["role"]) for s in listed}
        if not isinstance(spec.get("path"), str):
            continue
        for named in (False, True):  # the roles that sign any copy, and those that sign only their own
            roles = {str(s["role"]) for s in listed if (s.get("per") == "named") == named}
            if roles:
                rules.append(SignerRule(spec["path"], frozenset(roles), named))
    agency = {str(r["id"]) for r in data.get("roles") or [] if isinstance(r, dict) and r.get("agency")}
    found = data.get("readers")
    reading: dict[str, object] = found if isinstance(found, dict) else {}
    sent = reading.get("circulated")
    circulated = tuple(CirculationRule(str(c["event"]), frozenset(_names(c.get("roles"))), _names(c.get("paths")))
                       for c in (sent if isinstance(sent, list) else []) if isinstance(c, dict) and c.get("event"))
    scopes = ScopeRules(frozenset(_names(reading.get("core")) or CHAIR_ROLES), frozenset(_names(reading.get("agency"))),
                        tuple(rules), circulated)
    return RegimeFacts(tuple(str(g) for g in data.get("public") or ()), frozenset(signing | scopes.roles),
                       frozenset(agency), scopes)


def _names(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def regime_id(review_yaml: bytes | None) -> str:
    if review_yaml is None:
        return "scr-2015"
    try:
        doc = yaml.load(review_yaml, Loader=_Loader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return "scr-2015"  # `scr check` reports the file; the gate judges with the default regime
    found = doc.get("regime") if isinstance(doc, dict) else None
    return found if isinstance(found, str) else "scr-2015"


def regime_facts(tree: Tree) -> RegimeFacts:
    return _facts(regime_id(tree.read(layout.REVIEW)))


def logged_circulations(rules: ScopeRules, log_yaml: bytes | None) -> frozenset[str]:
    """The circulation events of `rules` that log.yaml records.

    The hooks ask this of every commit, and parsing a log of thousands of events costs ~100 ms, so only the
    lines that name a circulation event are read, each as the entry it starts (`- {event: X, ...}` or
    `- event: X`); a line that cannot be read that way sends the whole file to the parser.
    """
    wanted = {c.event.encode("utf-8") for c in rules.circulated}
    if not log_yaml or not any(e in log_yaml for e in wanted):
        return frozenset()
    found: set[str] = set()
    for line in log_yaml.splitlines():
        text = line.strip()
        if text.startswith(b"#") or not any(e in text for e in wanted):
            continue
        entry = _load_line(text.removeprefix(b"-").strip())
        if entry is None:
            return _parsed_circulations(log_yaml, wanted)
        if str(entry.get("event", "")).encode("utf-8") in wanted:
            found.add(str(entry["event"]))
    return frozenset(found)


def _load_line(text: bytes) -> dict[str, object] | None:
    try:
        entry = yaml.load(text, Loader=_Loader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return None
    return entry if isinstance(entry, dict) else None


def _parsed_circulations(log_yaml: bytes, wanted: set[bytes]) -> frozenset[str]:
    try:
        doc = yaml.load(log_yaml, Loader=_Loader)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return frozenset()  # `scr check` reports the file; until it parses, nothing is circulated
    events = doc.get("events") if isinstance(doc, dict) else None
    return frozenset(str(e["event"]) for e in events or []
                     if isinstance(e, dict) and str(e.get("event", "")).encode("utf-8") in wanted)


def scope_rules(review_yaml: bytes | None) -> ScopeRules:
    """Who reads what under the review's shipped regime (a board's variant cannot widen it)."""
    return _facts(regime_id(review_yaml)).scopes


def board_public(config_yaml: bytes | None) -> tuple[str, ...]:
    """The paths a board adds under `public:` in .scr/config.yaml (DataError when the file is not YAML)."""
    if config_yaml is None:
        return ()
    doc = _load(config_yaml, layout.CONFIG)
    found = doc.get("public") if isinstance(doc, dict) else None
    return tuple(str(g) for g in found) if isinstance(found, list) else ()


def addition_problem(glob: str) -> str | None:
    """Why a board may not add this public path (None when it may).

    It must start at a named folder or file (`*.md` would make every stray copy public), and may not reach a
    built-in sensitive path.
    """
    first = glob.strip("/").split("/")[0]
    if not first or any(c in first for c in "*?["):
        return f"public path '{glob}' must start with a named folder or file, not a pattern"
    probe = glob.strip("/").replace("**", "x").replace("*", "x").replace("?", "x")
    if is_sensitive(probe, layout.SENSITIVE):
        return f"public path '{glob}' reaches a built-in sensitive path"
    return None


def _shown_by(tree: Tree, docs: Iterable[str]) -> set[str]:
    """What the given Markdown documents show (images) or include (`!include`, followed to any depth)."""
    found: set[str] = set()
    queue = list(docs)
    seen: set[str] = set(queue)
    while queue:
        doc = queue.pop()
        raw = tree.read(doc)
        try:
            text = raw.decode("utf-8-sig") if raw is not None else None
        except UnicodeDecodeError:
            text = None
        for target in referenced(text, doc) if text is not None else []:
            suffix = PurePosixPath(target).suffix.lower()
            if suffix in IMAGES or suffix == ".md":
                found.add(target)
            if suffix == ".md" and target not in seen:
                seen.add(target)
                queue.append(target)
    return found


def looks_like_image(path: str, data: bytes) -> bool:
    """Whether the bytes begin as the image format the file name says (an SVG may start with a BOM or spaces)."""
    magic = IMAGES.get(PurePosixPath(path).suffix.lower(), ())
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n") if path.lower().endswith(".svg") else data
    return any(head.startswith(m) for m in magic) and (not path.lower().endswith(".webp") or data[8:12] == b"WEBP")


@dataclass
class PublicPaths:
    """Which paths of one tree may hold plaintext.

    `signed` gives the readers list's public additions: it is called (and the list's signature checked) only
    when a path needs a board's addition to be public.
    """

    tree: Tree
    builtin: tuple[str, ...]
    board: tuple[str, ...] = ()
    signed: Callable[[], tuple[str, ...]] = lambda: ()
    _shown: set[str] | None = field(default=None, repr=False)

    @classmethod
    def of(cls, tree: Tree, signed: Callable[[], tuple[str, ...]] = lambda: ()) -> PublicPaths:
        """The public paths of a tree (a settings file that is not YAML adds none; the gate reports it)."""
        try:
            board = tuple(g for g in board_public(tree.read(layout.CONFIG)) if addition_problem(g) is None)
        except DataError:
            board = ()
        return cls(tree, regime_facts(tree).public, board, signed)

    def by_name(self, path: str) -> bool:
        """Public by the regime's list (no board addition, no content needed)."""
        return is_public(path, self.builtin)

    def needs_signature(self, path: str) -> bool:
        return not self.by_name(path) and is_public(path, self.board)

    def allows(self, path: str, data: bytes | None = None) -> bool:
        """Whether `path` (holding `data`, read from the tree when not given) may be committed in plaintext."""
        if self.by_name(path):
            return True
        data = self.tree.read(path) if data is None else data
        if data == b"":
            return True  # an empty file holds nothing to protect (a .gitkeep), wherever it is
        if is_sensitive(path, layout.SENSITIVE):
            return False
        if is_public(path, self.board) and is_public(path, [g for g in self.signed() if g in self.board]):
            return True
        if data is None or path not in self.shown_images():
            return False
        return path.lower().endswith(".md") or looks_like_image(path, data)

    def shown_images(self) -> set[str]:
        """Images that public documents show and Markdown they include (never a built-in sensitive path)."""
        if self._shown is None:
            docs = [p for p in self.tree.paths() if p.endswith(".md") and self.by_name(p)]
            self._shown = {p for p in _shown_by(self.tree, docs) if not is_sensitive(p, layout.SENSITIVE)}
        return self._shown

    def unsigned(self, signed: Iterable[str]) -> list[str]:
        """The board's additions that the signed list does not repeat (they have no effect until signed)."""
        have = set(signed)
        return [g for g in self.board if g not in have]
