"""What a document needs before it may become final: its standard headings, no empty section, no placeholder.

The hooks (pre-commit and the server's pre-receive) call `refusals` for the documents a change makes final;
the rule itself is `review.sections`, fed by `store.standard` from the tree being judged.
"""

from __future__ import annotations

from collections.abc import Sequence

from scr_cli.review.drafts import Refusal
from scr_cli.review.model import Document
from scr_cli.review.regime import Regime
from scr_cli.store import standard
from scr_cli.store.tree import Tree


def refusals(new: Tree, finals: Sequence[Document], regime: Regime) -> list[Refusal]:
    """One refusal per document made final with a heading missing, a section empty or a placeholder left."""
    paths = {doc.path for doc in finals}
    found = [i for i in standard.issues(new.read, finals, regime, paths) if i.severity == "error"]
    out: list[Refusal] = []
    for path in sorted(paths):
        first = next((i for i in found if i.path == path), None)
        if first is not None:
            more = sum(1 for i in found if i.path == path) - 1
            extra = f" (and {more} more)" if more else ""
            out.append(Refusal(f"{path}:{first.line}", f"cannot be final: {first.message}{extra}",
                               f"scr check {path}"))
    return out
