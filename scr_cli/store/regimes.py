"""The shipped regimes, validated, and a review's local variant (.scr/regime.yaml) merged over one of them.

The merge itself is `review.variant.resolve`, the same pure function the git hooks' fast reader calls; this
module adds what `scr check` needs: the files checked against their schemas and every problem placed at
file:line:column.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from scr_cli import paths
from scr_cli.errors import DataError, ScrError
from scr_cli.review import layout
from scr_cli.review.model import Issue
from scr_cli.review.regime import Regime, regime_from_dict
from scr_cli.review.variant import Problem, resolve
from scr_cli.store.schema_regime import RegimeFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import YamlDoc, load_file


def shipped() -> list[str]:
    """The ids of the regimes scr ships."""
    return paths.shipped_regimes()


@lru_cache(maxsize=8)
def _validated(regime_id: str) -> dict[str, Any]:
    file = paths.regime_file(regime_id)
    if file is None:
        raise DataError(f"unknown regime '{regime_id}'", path=layout.REVIEW, hint=f"use one of: {', '.join(shipped())}")
    doc = load_file(file, f"regime {regime_id}")
    model, issues = validate(doc, RegimeFile)
    if model is None:
        first = issues[0]
        raise ScrError(f"the regime file is invalid: {first.message}", path=file.name, line=first.line,
                       column=first.column, hint="reinstall scr")
    return model.model_dump()


def regime_data(regime_id: str) -> dict[str, Any] | None:
    """A shipped regime's data (checked against its schema), or None for an unknown id."""
    if paths.regime_file(regime_id) is None:
        return None
    return _validated(regime_id)


@lru_cache(maxsize=8)
def load_regime(regime_id: str) -> Regime:
    """A shipped regime as rule values; an unknown id is a one-line error naming the known ones."""
    return regime_from_dict(_validated(regime_id))


def problem_issue(problem: Problem, doc: YamlDoc) -> Issue:
    """A variant's problem at its line and column in the file."""
    line, col = doc.locate(problem.key, problem.on_key)
    return Issue("error", "regime-variant", doc.path, line, col, problem.message, problem.hint)


def with_variant(doc: YamlDoc, expected: str) -> tuple[Regime | None, list[Issue]]:
    """The review's regime with its local variant applied, or None and the variant's problems."""
    merged, problems = resolve(doc.data, regime_data, shipped(), expected)
    if merged is None:
        return None, [problem_issue(p, doc) for p in problems]
    return regime_from_dict(merged), []
