"""`scr new`: a review scaffolded from the template, with scr's git hooks in place before the first commit."""

from __future__ import annotations

from scr_cli.gate.install import install_hooks
from scr_cli.store.scaffold import NewResult, NewReview, create

__all__ = ["NewResult", "NewReview", "new"]


def new(req: NewReview) -> NewResult:
    return create(req, prepare=install_hooks)
