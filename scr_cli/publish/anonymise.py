"""`scr anonymise`: propose the replacements that make a document publishable, and make them as an edit.

Every name of a family member or a member of staff (other than the chairs and the overview author) found
in the files is proposed for its pseudonym, or listed for the author to rewrite when replacing it would not
be safe (scr_cli/review/anonymise.py says when). With `apply`, the safe replacements are written into the
files as one normal edit: each document becomes its next draft (version up, dated today) for the author to
commit; a final document is refused (it must be reopened first). `write_docx` shows the same proposal as
Word tracked changes, with each name to rewrite carrying a comment.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import atomic
from scr_cli.adapters import pandoc
from scr_cli.adapters.wordlist import ordinary_words
from scr_cli.errors import DataError, Refused
from scr_cli.gate.drafting import committed_state, set_keys
from scr_cli.gate.gittree import read_document
from scr_cli.publish.jobs import matcher_for
from scr_cli.review import worddiff
from scr_cli.review.anonymise import Proposal, apply, plan
from scr_cli.review.layout import BUILD_DIR, FAMILY, is_document
from scr_cli.store.frontmatter import split
from scr_cli.store.loader import Loaded, load
from scr_cli.store.root import find_root
from scr_cli.store.tree import WorkTree

TEXT_SUFFIXES = (".md", ".yaml", ".yml")
_MARKS = ("\ue000", "\ue001", "\ue002", "\ue003")  # comment start/end markers carried through the word diff


@dataclass(frozen=True)
class FileProposal:
    """The proposal for one file: its text now and each name found in it."""

    path: str  # inside the review
    text: str
    proposals: tuple[Proposal, ...]

    @property
    def new_text(self) -> str:
        return apply(self.text, self.proposals)


@dataclass(frozen=True)
class Drafted:
    """A file written by --apply: how many replacements, and the draft it became (None: not a document)."""

    path: str
    replaced: int
    version: int | None
    date: date | None


@dataclass(frozen=True)
class AnonymiseResult:
    """What `scr anonymise` found (and, with --apply, wrote)."""

    root: Path
    files: tuple[FileProposal, ...]
    written: tuple[Drafted, ...] = ()
    docx: Path | None = None

    @property
    def replacements(self) -> int:
        return sum(p.replaced for f in self.files for p in f.proposals)

    @property
    def listed(self) -> int:
        return sum(not p.replaced for f in self.files for p in f.proposals)


def _loaded(root: Path) -> Loaded:
    loaded = load(root)
    for issue in loaded.errors():
        if issue.path in (FAMILY, "people.yaml"):
            raise DataError(issue.message, path=issue.path, line=issue.line, column=issue.column, hint=issue.hint)
    if loaded.family is None:
        locked = (root / f"{FAMILY}.gpg").is_file()
        raise DataError(
            f"family.yaml is {'locked' if locked else 'missing'}, so there are no names to look for",
            path=FAMILY,
            hint="run `scr unlock family.yaml` first" if locked else "list the family's real names in family.yaml",
        )
    return loaded


def _files(root: Path, paths: Sequence[Path]) -> list[str]:
    out: list[str] = []
    for given in paths:
        path = given.resolve()
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)
            out += [rel for p in found if _wanted(rel := p.relative_to(root).as_posix())]
            continue
        if not path.is_file():
            hint = "run `scr unlock` first" if path.with_name(path.name + ".gpg").is_file() else "check the path"
            raise DataError(f"{given} is not a file", hint=hint)
        try:
            out.append(path.relative_to(root).as_posix())
        except ValueError:
            raise DataError(f"{given} is outside the review", hint="give a file inside the review") from None
    return list(dict.fromkeys(out))


def _wanted(rel: str) -> bool:
    return (rel.endswith(".md") or is_document(rel)) and not rel.startswith((".", f"{BUILD_DIR}/", FAMILY))


def propose(start: Path, paths: Sequence[Path]) -> AnonymiseResult:
    """Every name in the files, with its proposed replacement or the reason it is left for the author."""
    root = find_root(start)
    loaded = _loaded(root)
    matcher = matcher_for(loaded)
    is_word = ordinary_words()
    files = []
    for rel in _files(root, paths or [root]):
        data = (root / rel).read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise DataError("the file is not UTF-8 text", path=rel, hint="save it as UTF-8") from None
        hits = matcher.hits(text, source=rel.endswith(".md"))
        files.append(FileProposal(rel, text, tuple(plan(text, hits, is_word))))
    return AnonymiseResult(root, tuple(files))


def _draft_keys(root: Path, rel: str) -> tuple[int, dict[str, str]] | None:
    """(next version, keys to set) for a document; None for a file with no draft rules. Refuses a final one."""
    if not is_document(rel):
        return None
    current = read_document(WorkTree(root), rel)
    if current is None:
        return None
    committed, committed_status = committed_state(root, rel)
    if current[1].status == "final" or committed_status == "final":
        raise Refused(
            f"{rel} is final, so its text is frozen",
            path=rel,
            hint=f'reopen it first: scr draft reopen {rel} --reason "anonymise for publication"',
        )
    version = committed + 1 if committed is not None else (current[1].version or 1)
    return version, {"version": str(version)}


def apply_proposals(result: AnonymiseResult, today: date) -> AnonymiseResult:
    """Write the safe replacements: each changed document becomes its next draft, dated `today`."""
    plans = []
    for f in result.files:
        count = sum(p.replaced for p in f.proposals)
        if count:
            plans.append((f, count, _draft_keys(result.root, f.path)))  # every refusal before any write
    written = []
    for f, count, draft in plans:
        text = f.new_text
        if draft is not None:
            text = set_keys(text, f.path, {**draft[1], "date": today.isoformat()})
        atomic.write_text(result.root / f.path, text)
        written.append(Drafted(f.path, count, draft[0] if draft else None, today if draft else None))
    return AnonymiseResult(result.root, result.files, tuple(written), result.docx)


def _marked(text: str, proposals: Sequence[Proposal]) -> str:
    """`text` with a comment marker around each listed name (numbered in the order of `proposals`)."""
    out, last = [], 0
    for n, p in enumerate(proposals):
        if p.replaced or p.start < last:
            continue
        out += [text[last : p.start], f"{_MARKS[0]}{n}{_MARKS[1]}", p.found, f"{_MARKS[2]}{n}{_MARKS[3]}"]
        last = p.end
    return "".join([*out, text[last:]])


def _body(text: str, rel: str) -> str:
    return split(text, rel)[1] if rel.endswith(".md") and text.startswith("---") else text


def _comments(markdown: str, proposals: Sequence[Proposal], when: str) -> str:
    for n, p in enumerate(proposals):
        note = p.reason.replace("[", "(").replace("]", ")").replace('"', "'")
        start = f'[{note}]{{.comment-start id="{n}" author="scr anonymise" date="{when}"}}'
        markdown = markdown.replace(f"{_MARKS[0]}{n}{_MARKS[1]}", start)
        markdown = markdown.replace(f"{_MARKS[2]}{n}{_MARKS[3]}", f'[]{{.comment-end id="{n}"}}')
    return markdown


def proposal_markdown(result: AnonymiseResult, today: date) -> str:
    """The proposal as Markdown: replacements as tracked changes, names to rewrite as comments."""
    when = f"{today.isoformat()}T00:00:00Z"
    parts = [f"**Proposed by scr anonymise on {today.isoformat()}: {result.replacements} replacements; "
             f"{result.listed} names for the author to rewrite (commented).**\n"]
    for f in result.files:
        if not f.proposals:
            continue
        old = _body(_marked(f.text, f.proposals), f.path)
        new = _body(_marked(f.new_text, _shifted(f)), f.path)
        body = worddiff.markdown(worddiff.diff_lines(old, new), "scr anonymise", when)
        parts.append(f"\n# {f.path}\n\n" + _comments(body, f.proposals, when))
    return "\n".join(parts)


def _shifted(f: FileProposal) -> list[Proposal]:
    """The proposals placed in the new text (in text order, as plan() gives them): replacements shift what follows."""
    out, delta, last = [], 0, 0
    for p in f.proposals:
        out.append(Proposal(p.line, p.column, p.start + delta, p.end + delta, p.found, p.members, p.replacement,
                            p.reason))
        if p.replacement is not None and p.start >= last:
            delta += len(p.replacement) - (p.end - p.start)
            last = p.end
    return out


def write_docx(result: AnonymiseResult, today: date, output: Path | None) -> AnonymiseResult:
    """The proposal as a Word file (tracked changes and comments), private to its owner: it holds names."""
    target = output or result.root / BUILD_DIR / "anonymise" / "anonymise-proposal.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="scr-anon-") as tmp:
        out = Path(tmp) / "proposal.docx"
        # --sandbox: the proposal's image paths are not read (pandoc shows their captions instead)
        pandoc.convert(proposal_markdown(result, today), "docx", args=["--sandbox"], output=out)
        atomic.write_bytes(target, out.read_bytes(), mode=0o600)
    return AnonymiseResult(result.root, result.files, result.written, target)
