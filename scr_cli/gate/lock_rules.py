"""The draft rules for encrypted documents, applied where their plaintext is still in hand: `scr lock`.

In git an IMR or the overview report is only ciphertext, so the hooks cannot see whether its text changed,
whether its version went up, or whether a final one was edited. Before encrypting, `scr lock` judges each
changed document that has draft rules against the version in the last commit (decrypted with the user's
key) by the hooks' own rules (`check_transition`), as if the commit were made today. A committed version
the user cannot decrypt (encrypted before they became a reader) is not judged: there is nothing to compare.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scr_cli.adapters import git
from scr_cli.adapters.git import Change
from scr_cli.gate.gittree import CommitTree
from scr_cli.gate.signatures import work_trust
from scr_cli.gate.transition import check_transition, load_regime_fast
from scr_cli.review.drafts import Refusal
from scr_cli.review.layout import is_document
from scr_cli.store.tree import Overlay, WorkTree


def refusals(root: Path, changed: list[str], home: Path | None, work: Path, today: date,
             edited: dict[str, bytes] | None = None) -> list[Refusal]:
    """What the draft rules refuse among the documents about to be encrypted.

    `changed`: plaintext paths; `edited`: plaintext not in the work tree, as `scr edit` holds it.
    Only documents the regime gives rules to (dated drafts, sign-offs) are judged: a note kept beside an IMR
    is encrypted as it is.
    """
    regime = load_regime_fast(WorkTree(root))  # review.yaml is never encrypted
    specs = {rel: regime.document_for(rel) for rel in changed if is_document(rel)}
    docs = [rel for rel, spec in specs.items() if spec is not None and (spec.dated_drafts or spec.signoffs)]
    if not docs:
        return []
    head = git.head(root)
    blobs = git.cat_blobs([f"HEAD:{rel}.gpg" for rel in docs], root) if head else {}
    committed = [(rel, blobs.get(f"HEAD:{rel}.gpg")) for rel in docs]
    present = [(rel, data) for rel, data in committed if data is not None]
    from scr_cli.adapters import gpg_files  # only when a document is judged: a no-op lock never loads it

    folder = work / "committed"
    folder.mkdir(mode=0o700)
    sources = []
    for i, (_, data) in enumerate(present):
        source = folder / f"{i}.blob"
        source.write_bytes(data)
        sources.append(source)
    plain: dict[str, bytes] = {}
    unreadable: set[str] = set()
    for (rel, _), dec in zip(present, gpg_files.decrypt_files(home, sources, folder), strict=True):
        if dec.ok:
            plain[rel] = dec.path.read_bytes()
        else:
            unreadable.add(rel)
    changes = [Change(rel, "M" if rel in plain else "A") for rel in docs if rel not in unreadable]
    if not changes:
        return []
    new = Overlay(WorkTree(root), edited) if edited else WorkTree(root)
    return check_transition(Overlay(CommitTree(head, root), plain), new, changes, [today], work_trust(root))
