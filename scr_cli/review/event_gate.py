"""Events the records beside a review forbid for now. Pure: `scr log`, pre-commit and pre-receive ask it.

- the regime's closing event (the board signs off the completed plan) while any action is not complete with
  evidence and a valid sign-off by its owning agency;
- an event an open proceeding holds (adoption, publication), or one Ofsted's unaddressed issues hold;
- the destruction of papers before their retention period ends.
Each refusal is an Issue at the line of the record that forbids it.
"""

from __future__ import annotations

from datetime import date

from scr_cli.review.clocks import WorkingCalendar, shift
from scr_cli.review.model import Event, Issue, Review
from scr_cli.review.monitoring import action_states, open_actions
from scr_cli.review.proceedings import holding
from scr_cli.review.publication import evaluation_holds, first
from scr_cli.review.regime import Regime
from scr_cli.review.signoff import Verify


def _closing(event: Event, review: Review, regime: Regime, cal: WorkingCalendar, verify: Verify | None) -> list[Issue]:
    blocked = open_actions(action_states(review, regime, event.date, cal, verify))
    if not blocked:
        return []
    first_open = blocked[0]
    where = first_open.latest.pos if first_open.latest else first_open.action.pos
    listed = ", ".join(f"{s.action.id} ({s.label})" for s in blocked[:4]) + (" ..." if len(blocked) > 4 else "")
    return [Issue.at(where, "plan-open",
                     f"'{event.event}' is refused: {len(blocked)} of {len(review.actions)} actions are not complete "
                     f"with signed evidence: {listed}",
                     "record each completion with `scr action update ID --status complete --evidence ...` and have "
                     "the owning agency's senior manager sign it with `scr action signoff ID`")]


def _held(event: Event, review: Review, regime: Regime) -> list[Issue]:
    found = [Issue.at(w.proceeding.pos, "held",
                      f"'{event.event}' is held ({w.hold.title.lower()}): {w.reason}",
                      "when it ends record `concluded:` and, once the panel has considered its findings, "
                      "`findings_considered:` in proceedings.yaml (procedure " + (w.hold.source or "14") + ")")
             for w in holding(review, regime, event.event)]
    ev = evaluation_holds(review, regime)
    hold = regime.followup.proceedings.hold(regime.followup.evaluation.holds)
    if ev is not None and hold is not None and event.event in hold.events:
        found.append(Issue.at(ev.pos, "held", f"'{event.event}' waits on the issues Ofsted's evaluation raised",
                              "record `issues_addressed: DATE` in 08-publication/evaluation.yaml once they are "
                              f"addressed (procedure {regime.followup.evaluation.source or '8'})"))
    return found


def _too_early(event: Event, review: Review, regime: Regime, cal: WorkingCalendar) -> list[Issue]:
    rules = regime.followup.retention
    item = rules.item_for(event.event)
    if item is None:
        return []
    start = first(review, rules.after)
    if start is None:
        return [Issue.at(event.pos, "kept-until", f"'{event.event}' before '{rules.after}': {item.title.lower()} "
                         "are kept until the retention period has run", f"procedure {item.source or '15'}")]
    earliest = shift(start.date, item.keep, cal)
    if event.date >= earliest:
        return []
    return [Issue.at(event.pos, "kept-until",
                     f"'{event.event}' on {event.date} is too early: {item.title.lower()} are kept "
                     f"{item.keep.describe()} after '{rules.after}' ({start.date}), until {earliest}",
                     f"keep them until {earliest} (procedure {item.source or '15'})")]


def event_refusals(event: Event, review: Review, regime: Regime, cal: WorkingCalendar,
                   verify: Verify | None) -> list[Issue]:
    """Why this event may not be logged now (empty when it may); `review` is the review before it."""
    found: list[Issue] = []
    if regime.followup.monitoring.closed_by and event.event == regime.followup.monitoring.closed_by:
        found += _closing(event, review, regime, cal, verify)
    return found + _held(event, review, regime) + _too_early(event, review, regime, cal)


def gated_events(regime: Regime) -> frozenset[str]:
    """Every event this module may refuse: the hooks look further only when one of them is new."""
    rules = regime.followup
    held = {e for h in rules.proceedings.holds for e in h.events}
    return frozenset({rules.monitoring.closed_by, *held, *(i.destroyed_by for i in rules.retention.items)} - {""})


def new_events(before: list[Event], after: list[Event]) -> list[Event]:
    """Events in `after` that `before` does not have (by id, date and fields), in log order."""
    seen: dict[tuple[str, date, str], int] = {}
    for e in before:
        key = (e.event, e.date, repr(sorted(e.fields.items())))
        seen[key] = seen.get(key, 0) + 1
    out = []
    for e in after:
        key = (e.event, e.date, repr(sorted(e.fields.items())))
        if seen.get(key):
            seen[key] -= 1
        else:
            out.append(e)
    return out
