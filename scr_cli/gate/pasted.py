"""The pre-commit check no server can make: sensitive text pasted into a file that goes into git in plaintext.

Only the member's own machine holds the plaintext, so this runs in pre-commit alone, and without gpg:
- each staged plaintext file's passages (review/passages.py) that its committed version did not have are
  looked up among the keyed hashes of the passages of every sensitive file this member locked or unlocked
  (crypto/state.py: the lock cache);
- the file is searched for the family's real names from the unlocked family.yaml (whole words, with the
  public editions' matcher, review/pseudonyms.py: NameMatcher).
Messages name the file, the line and the sensitive file or the family member's pseudonym, never the text.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from scr_cli.adapters import git
from scr_cli.crypto.state import sensitive_passages
from scr_cli.errors import ScrError
from scr_cli.gate.gittree import ObjectTree
from scr_cli.review import layout
from scr_cli.review.passages import passages
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import decode, parse

if TYPE_CHECKING:  # the matcher (regex, Unicode data: ~25 ms) is imported only when family.yaml names someone
    from scr_cli.review.pseudonyms import NameMatcher


def family_matcher(root: Path) -> NameMatcher | None:
    """The family's real names from the unlocked family.yaml (None when it is locked, absent or names nobody)."""
    file = root / layout.FAMILY
    if not file.is_file() or file.is_symlink():
        return None
    try:
        data = parse(decode(file.read_bytes(), layout.FAMILY)[0], layout.FAMILY).data
    except (ScrError, OSError):
        return None  # `scr check` reports a broken family.yaml
    members = data.get("members") if isinstance(data, dict) else None
    found: list[tuple[str, str, tuple[str, ...]]] = []
    for m in members if isinstance(members, list) else []:
        real = m.get("real_names") if isinstance(m, dict) else None
        if isinstance(real, list) and real and isinstance(m.get("pseudonym"), str):
            pseudonym = m["pseudonym"]
            found.append((f"family member '{pseudonym}'", pseudonym, tuple(str(r) for r in real if r)))
    if not found:
        return None
    from scr_cli.adapters.unicode_data import unicode_data
    from scr_cli.review.pseudonyms import Name, NameMatcher

    return NameMatcher([Name(*f) for f in found], data=unicode_data())


def _text(tree: Tree, path: str) -> str | None:
    raw = tree.read(path)
    if raw is None:
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _pasted(path: str, text: str, before: str | None, key: bytes, macs: dict[str, str]) -> str | None:
    old = {unit for _, unit in passages(before)} if before else set()
    for number, unit in passages(text):
        if unit in old:
            continue
        source = macs.get(hmac.new(key, unit.encode(), hashlib.sha256).hexdigest()[:16])
        if source is not None:
            return (f"{path}:{number}: repeats a passage of the sensitive file {source} — write it anew for "
                    "this file, or keep it in the sensitive one")
    return None


def pasted_lines(repo: Path, base: Tree, index: Tree, present: Sequence[str]) -> list[str]:
    """One line per staged plaintext file that repeats sensitive text or names a family member."""
    texts = [p for p in present if not p.endswith(".gpg") and index.mode(p) in ("100644", "100755")]
    if not texts:
        return []
    root = git.toplevel(repo)
    cached = sensitive_passages(root)
    matcher = family_matcher(root)
    if cached is None and matcher is None:
        return []
    for tree in (index, base):
        if isinstance(tree, ObjectTree):
            tree.prefetch(texts)
    lines: list[str] = []
    for path in texts:
        text = _text(index, path)
        if text is None:
            continue
        found = _pasted(path, text, _text(base, path), *cached) if cached else None
        if found:
            lines.append(found)
        leaks = matcher.leaks(text) if matcher is not None else []
        if leaks:
            from scr_cli.review.pseudonyms import line_of

            lines.append(f"{path}:{line_of(text, leaks[0].start)}: names {leaks[0].name.label} by their real name "
                         "— write their pseudonym")
    return lines
