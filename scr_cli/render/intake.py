"""Output of scr decide: the criteria, each question as it is asked, and the decision recorded."""

from __future__ import annotations

from typing import Any

from rich.markup import escape

from scr_cli.render import out, warn

KIND = {"requires": "requires a review when met", "consider": "the board weighs a review when met"}


def _where(c: Any) -> str:
    return f", procedure {c.source}" if c.source else ""


def criteria_list(walk: Any) -> None:
    out.print(f"Criteria of {escape(walk.regime.title)} (decision: {escape(walk.criteria.decides)}):")
    for c in walk.criteria.items:
        out.print(f"  {c.id:<26} {c.kind:<9} {escape(c.text)}{escape(_where(c))}")


def walk_header(walk: Any) -> None:
    out.print(f"Criteria of {escape(walk.regime.title)}: answer yes, no or not-known; the evidence is one line "
              "(it is kept encrypted).")


def criterion_prompt(n: int, total: int, c: Any) -> None:
    out.print(f"[{n}/{total}] {escape(c.id)} ({KIND.get(c.kind, c.kind)}{escape(_where(c))})")
    out.print(f"  {escape(c.text)}")


def decided(result: Any) -> None:
    out.print(f"Decided on {result.date}: {escape(result.outcome)}. Logged {escape(result.event)} in log.yaml; "
              f"the answers are in {escape(result.answers_file.relative_to(result.root).as_posix())} "
              "(not committed).")
    if result.required:
        out.print(f"Met, requiring a review: {escape(', '.join(result.required))}"
                  + (f" — overridden: {escape(result.override)}" if result.override else ""))
    if result.considered:
        out.print(f"Met, to consider: {escape(', '.join(result.considered))}")
    for issue in result.warnings:
        warn(f"{issue.message} — {issue.hint}" if issue.hint else issue.message)
    for clock in result.started:
        when = f"due {clock.due}" if clock.due else "started"
        out.print(f"Next: {escape(clock.title)} — {when}")
    out.print("Then: `scr lock` to encrypt the answers, and commit.")
