"""The draft and sign-off rules on going from one tree to another (`check_transition`), as both hooks apply them.

A commit is judged against its parent. `aggregate=True` judges many commits at once (a merge against its
first parent, a branch's new tip against its old one): the rules about what state may enter still hold
(final only with valid sign-offs, final means frozen, reopening needs a logged reason), while the ones about
single steps (a version rises by one, a new draft carries the commit's date) are left to each commit.
Heavy things (gpg, the regime) are loaded only when a changed file needs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from scr_cli import paths
from scr_cli.adapters.git import Change
from scr_cli.errors import DataError, ScrError
from scr_cli.gate import standard_rules
from scr_cli.gate.gittree import ObjectTree, read_document, read_review
from scr_cli.gate.signatures import reopen_markers, verifier
from scr_cli.gate.trust import Trust
from scr_cli.review import layout
from scr_cli.review.drafts import Refusal, Snapshot, check_change, reopened_paths
from scr_cli.review.layout import MODEL_FILES, is_document
from scr_cli.review.model import Document
from scr_cli.review.regime import Regime, regime_from_dict
from scr_cli.review.signoff import Requirement, SignatureCheck, SignoffState, missing_signoffs, signoff_state
from scr_cli.review.variant import resolve
from scr_cli.store.tree import Tree
from scr_cli.store.yamlfile import decode, parse


def _shipped_data(regime_id: str) -> dict[str, Any] | None:
    file = paths.regime_file(regime_id)
    return parse(file.read_text(encoding="utf-8"), file.name).data if file else None


def load_regime_fast(tree: Tree) -> Regime:
    """The review's regime with its local variant, read without pydantic.

    The shipped regime files are checked by the tests; the variant is merged by the same function `scr check`
    uses, and refused at its line.
    """
    regime_id = "scr-2015"
    raw = tree.read(layout.REVIEW)
    if raw is not None:
        data = parse(decode(raw, "review.yaml")[0], "review.yaml").data
        if isinstance(data, dict) and isinstance(data.get("regime"), str):
            regime_id = data["regime"]
    base = _shipped_data(regime_id)
    if base is None:
        raise ScrError(f"unknown regime '{regime_id}'", path="review.yaml", hint="use a regime scr ships")
    local = tree.read(layout.REGIME_VARIANT)
    if local is None:
        return regime_from_dict(base)
    doc = parse(decode(local, layout.REGIME_VARIANT)[0], layout.REGIME_VARIANT)
    merged, problems = resolve(doc.data, _shipped_data, paths.shipped_regimes(), regime_id)
    if merged is None:
        first = problems[0]
        line, col = doc.locate(first.key, first.on_key)
        raise DataError(first.message, path=layout.REGIME_VARIANT, line=line, column=col,
                        hint=first.hint)
    return regime_from_dict(merged)


def _rules_refusals(new: Tree, changes: Sequence[Change]) -> list[Refusal]:
    """A change to review.yaml or the local variant must leave rules the review can be read by."""
    if not any(c.status != "D" and c.path in (layout.REVIEW, layout.REGIME_VARIANT) for c in changes):
        return []
    try:
        load_regime_fast(new)
    except ScrError as exc:
        return [Refusal(exc.location() or layout.REGIME_VARIANT, f"{exc.message}: {exc.hint}", "scr check")]
    return []


def _states(tree: Tree, finals: Sequence[tuple[Document, Snapshot]], regime: Regime, trust: Trust
            ) -> tuple[Any, list[SignoffState]]:
    review, _ = read_review(tree, [doc for doc, _ in finals])
    current = {doc.path: snap.content for doc, snap in finals}
    relevant = [s for s in review.signoffs if s.document in current]
    states: list[SignoffState] = []
    if relevant:
        verify = verifier(trust.get())
        signers = trust.signers()
        states = [signoff_state(s, review, regime, current[s.document], verify, signers) for s in relevant]
    return review, states


def _pairs(old: Tree, new: Tree, docs: Sequence[Change]
           ) -> tuple[list[tuple[Snapshot | None, Snapshot, Document]], list[Refusal]]:
    """(old snapshot, new snapshot, document) of each changed document; refusals for unreadable ones."""
    refusals: list[Refusal] = []
    pairs: list[tuple[Snapshot | None, Snapshot, Document]] = []
    for change in docs:
        try:
            got = read_document(new, change.path)
        except ScrError as exc:
            refusals.append(Refusal(exc.path or change.path, exc.message, f"scr check {change.path}"))
            continue
        try:
            before = read_document(old, change.old_path or change.path)
        except ScrError:
            before = None  # the previous version was broken: this commit repairs it, judge it as new
        if got is not None:
            pairs.append((before[1] if before else None, got[1], got[0]))
    return pairs, refusals


def reopened(old: Tree, new: Tree, event: str) -> set[str]:
    """Documents this change reopens: the regime's reopen `event` logged and a void marker in signoffs.yaml.

    `scr draft reopen` writes both together, so the earlier sign-offs cannot make it final again.
    """
    markers_before, markers_after = reopen_markers(old), reopen_markers(new)
    marked = {p for p, n in markers_after.items() if n > markers_before.get(p, 0)}
    return reopened_paths(_events(old), _events(new), event) & marked


def check_transition(old: Tree, new: Tree, changes: Sequence[Change], dates: Sequence[date], trust: Trust,
                     aggregate: bool = False) -> list[Refusal]:
    """Every rule broken by going from `old` to `new`, one refusal per file.

    `trust`: the signed readers list current in `new`, which alone decides whose sign-offs count.
    """
    rules = _rules_refusals(new, changes)
    if rules:
        return rules
    records: list[Refusal] = []
    if layout.touches_follow_up({c.path for c in changes}):  # only then is the follow-up gate imported (~15 ms)
        from scr_cli.gate.followup_gate import followup_refusals

        records = followup_refusals(old, new, changes, load_regime_fast,
                                    lambda _tree: SignatureCheck(lambda: (verifier(trust.get()), trust.signers())))
    return _document_refusals(old, new, changes, dates, trust, aggregate) + records


def _document_refusals(old: Tree, new: Tree, changes: Sequence[Change], dates: Sequence[date], trust: Trust,
                       aggregate: bool) -> list[Refusal]:
    """The draft and sign-off rules on the documents the change touches."""
    docs = [c for c in changes if c.status != "D" and is_document(c.path)]
    docs += _finals_showing(old, new, changes, {c.path for c in docs})
    if not docs:
        return []
    if isinstance(new, ObjectTree):
        new.prefetch([*(c.path for c in docs), *MODEL_FILES, layout.REVIEW])
    if isinstance(old, ObjectTree):
        old.prefetch([*((c.old_path or c.path) for c in docs), layout.LOG, layout.SIGNOFFS])
    pairs, refusals = _pairs(old, new, docs)
    if not pairs:
        return refusals
    regime = load_regime_fast(new)
    reopens = reopened(old, new, regime.scr_events.reopened)
    finals = [
        (doc, snap) for old_s, snap, doc in pairs if snap.status == "final" and not (old_s and old_s.status == "final")
    ]
    review, states = _states(new, finals, regime, trust) if finals else (None, [])
    refusals += standard_rules.refusals(new, [doc for doc, _ in finals], regime)  # gate/standard_rules.py
    final_paths = {doc.path for doc, _ in finals}
    for old_s, snap, doc in pairs:
        missing = missing_signoffs(doc, review, regime, states) if review and doc.path in final_paths else []
        spec = regime.document_for(doc.path) or (regime.document_for(old_s.path) if old_s else None)
        refusal = check_change(old_s, snap, spec, dates, doc.path in reopens, missing, _why(states, missing),
                               aggregate=aggregate)
        if refusal:
            refusals.append(refusal)
    return refusals


def _finals_showing(old: Tree, new: Tree, changes: Sequence[Change], seen: set[str]) -> list[Change]:
    """Final documents that include or show a file this change touches (an appendix, a genogram).

    They are judged as changed, so `final means frozen` covers what a sign-off covers. Read only when such a
    file changed.
    """
    touched = {
        p for c in changes for p in (c.path, c.old_path)
        if p and not p.endswith(".gpg") and p not in MODEL_FILES and not p.startswith(".scr/")
    }
    if not touched:
        return []
    candidates = sorted(p for p in old.paths() if p.endswith(".md") and is_document(p) and p not in seen)
    if isinstance(old, ObjectTree):
        old.prefetch(candidates)  # one git process for all of them
    out: list[Change] = []
    for path in candidates:
        try:
            got = read_document(old, path)
        except ScrError:
            continue
        if got and got[1].status == "final" and touched & {p for p, _ in got[0].attached} and new.read(path):
            out.append(Change(path, "M"))
    return out


def _why(states: Sequence[SignoffState], missing: Sequence[Requirement]) -> str:
    """Why a sign-off given for the first missing requirement does not count ("" when none was given)."""
    if not missing:
        return ""
    want = missing[0]
    given = [st for st in states if st.signoff.document == want.document and st.signoff.role == want.role]
    bad = [st for st in given if st.state != "valid"]
    return f"{bad[-1].state}: {bad[-1].reason}" if bad else ""


def _events(tree: Tree) -> list[dict[str, Any]]:
    raw = tree.read(layout.LOG)
    if raw is None:
        return []
    try:
        data = parse(decode(raw, layout.LOG)[0], layout.LOG).data
    except ScrError:
        return []
    events = data.get("events") if isinstance(data, dict) else None
    return [e for e in events if isinstance(e, dict)] if isinstance(events, list) else []
