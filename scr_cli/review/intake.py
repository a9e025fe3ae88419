"""Intake rules: the decision held to the criteria answered for it, and the board that should lead.

Pure: the criteria and the lead-board rule come from the regime, the answers and areas from the review.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from scr_cli.review.model import DecisionAnswers, Event, Issue, Review, Where
from scr_cli.review.regime import Criteria, LeadRule, Regime

MET = ("yes", "no", "not-known")


def held_outcome(regime: Regime) -> str | None:
    """The decision outcome under which the review goes ahead (`proceeds_if`), when it is the decision event's."""
    cond, crit = regime.proceeds_if, regime.criteria
    if cond is None or crit is None or cond.event != crit.decides:
        return None
    return cond.equals


def required_met(answers: DecisionAnswers, criteria: Criteria) -> list[str]:
    """The ids of the criteria that require a review and were answered yes."""
    return [a.criterion for a in answers.answers
            if a.met == "yes" and (c := criteria.get(a.criterion)) is not None and c.kind == "requires"]


def answer_issues(answers: DecisionAnswers, regime: Regime) -> list[Issue]:
    """Unknown, repeated or missing criteria, and a decision that contradicts its own answers."""
    criteria = regime.criteria
    if criteria is None:
        return [Issue.at(answers.pos, "criteria", f"the regime {regime.id} has no criteria to answer",
                         "remove 02-decision/criteria.yaml, or follow a regime that has them")]
    found: list[Issue] = []
    seen: set[str] = set()
    known = [c.id for c in criteria.items]
    for a in answers.answers:
        if criteria.get(a.criterion) is None:
            close = difflib.get_close_matches(a.criterion, known, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "see the criteria with `scr decide --list`"
            found.append(Issue.at(a.pos, "criteria", f"unknown criterion '{a.criterion}'", hint))
        elif a.criterion in seen:
            found.append(Issue.at(a.pos, "criteria", f"criterion '{a.criterion}' is answered twice",
                                  "keep one answer"))
        seen.add(a.criterion)
    missing = [c for c in known if c not in seen]
    if missing:
        found.append(Issue.at(answers.pos, "criteria", f"{len(missing)} criteria not answered, first "
                                                       f"'{missing[0]}'", "answer each: yes, no or not-known"))
    return found + _contradiction(answers, regime, criteria)


def _contradiction(answers: DecisionAnswers, regime: Regime, criteria: Criteria) -> list[Issue]:
    spec = regime.event(criteria.decides)
    choices = next((f.choices for f in spec.fields if f.name == "outcome"), ()) if spec else ()
    if choices and answers.outcome not in choices:
        return [Issue.at(answers.outcome_pos, "criteria", f"outcome '{answers.outcome}' is not a decision",
                         f"use one of: {', '.join(choices)}")]
    held = held_outcome(regime)
    required = required_met(answers, criteria)
    if held and required and answers.outcome != held and not answers.override.strip():
        c = criteria.get(required[0])
        section = f"procedure {c.source}" if c and c.source else "the regime"
        return [Issue.at(answers.outcome_pos, "criteria-contradiction",
                         f"'{required[0]}' is met and requires a review ({section}), but the decision is "
                         f"'{answers.outcome}'",
                         "hold the review, or write the chair's reason under `override:`")]
    return []


def decision_issues(review: Review, regime: Regime) -> list[Issue]:
    """The logged decision against the answers: one without answers, or answers the log does not match."""
    criteria = regime.criteria
    if criteria is None:
        return []
    logged = review.events_of(criteria.decides)
    answers = review.answers
    if answers is None:
        if logged and not review.answers_kept:
            return [Issue.at(logged[-1].pos, "decision-without-answers",
                             f"'{criteria.decides}' is logged without the criteria answered",
                             "record them with `scr decide --answers FILE` (a decision made elsewhere may stay "
                             "as it is: keep its record in 02-decision/)", "warning")]
        return []
    found = answer_issues(answers, regime) + decided_by_issues(answers, review)
    if not logged:
        found.append(Issue.at(answers.outcome_pos, "criteria", f"the answers record a decision ({answers.outcome}) "
                                                             "that log.yaml does not hold",
                              f"run `scr decide --answers {answers.pos.path}` to log it"))
    elif not any(_matches(e, answers) for e in logged):  # a later decision (revised) may stand on its own
        found.append(Issue.at(logged[-1].pos, "criteria", f"the decision logged ({logged[-1].fields.get('outcome')}, "
                                                        f"{logged[-1].date}) is not the one the answers record "
                                                        f"({answers.outcome}, {answers.date})",
                              "correct log.yaml or 02-decision/criteria.yaml so they agree"))
    return found


def decided_by_issues(answers: DecisionAnswers, review: Review) -> list[Issue]:
    """Who decided must be someone in people.yaml, when named."""
    if not answers.decided_by or review.person(answers.decided_by) is not None:
        return []
    return [Issue.at(answers.pos, "criteria", f"decided_by '{answers.decided_by}' is not in people.yaml",
                     "use the person's id from people.yaml, e.g. board-chair")]


def _matches(event: Event, answers: DecisionAnswers) -> bool:
    return str(event.fields.get("outcome", "")) == answers.outcome and event.date == answers.date


@dataclass(frozen=True)
class Lead:
    """The board the rule says should lead, why, and whether that is this board."""

    area: str
    board: str  # this board's name, a co-operating board's, or "the board for AREA"
    why: str
    ours: bool
    agree: bool  # the rule does not settle it: the boards must agree
    source: str


def lead_board(board: str, where: Where, rule: LeadRule) -> Lead | None:
    """Which board should lead by the rule, or None when review.yaml does not say enough to tell."""
    for step in rule.steps:
        area = where.value(step.field)
        if not area or area.lower() == "none":
            continue
        ours = area.casefold() == where.area.casefold()
        named = board if ours else next((b for b, a in where.cooperating if a.casefold() == area.casefold()),
                                        f"the board for {area}")
        return Lead(area, named, step.why, ours, step.agree, rule.source)
    return None


def lead_issues(review: Review, regime: Regime) -> list[Issue]:
    """A warning when the rule names another board than this one, or cannot settle the lead alone."""
    where, rule = review.info.where, regime.lead
    if where is None or rule is None or where.lead_agreed.strip():
        return []
    at = where.lines.get("area", review.info.pos)
    if not where.area:
        return [Issue.at(at, "lead-board", "review.yaml gives the child's areas but not this board's `area`",
                         "add `area:` (the area this board covers) so the lead board can be worked out")]
    lead = lead_board(review.info.board, where, rule)
    if lead is None:
        if where.residence.lower() == "none":
            return [Issue.at(where.lines.get("residence", at), "lead-board",
                             "no fixed residence, and review.yaml does not say where the harm happened",
                             "add `harmed_in:` (the area), or record the boards' agreement in `lead_agreed:`",
                             "warning")]
        return []
    section = f"procedure {lead.source}" if lead.source else "the regime"
    if not lead.ours:
        return [Issue.at(at, "lead-board", f"{lead.board} should lead ({section}: {lead.why}: {lead.area}), "
                                           f"not this board ({where.area})",
                         "hand the review to that board, or record the boards' agreement in `lead_agreed:`",
                         "warning")]
    if lead.agree:
        return [Issue.at(at, "lead-board", f"this board leads only by agreement ({section}: {lead.why})",
                         "record who agreed, when, in `lead_agreed:`", "warning")]
    return []
