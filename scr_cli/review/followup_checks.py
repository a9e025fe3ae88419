"""`scr check`'s rules for the records beside a review: what their schemas cannot know. Pure.

Progress entries must name an action of the plan, a new date who agreed it, a completion its evidence;
proceedings, FOI requests and the evaluation must use the regime's kinds, exemptions, outcomes and grades,
and their dates must follow one another. Signatures are checked elsewhere (they need gpg).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from scr_cli.review.checks import did_you_mean
from scr_cli.review.model import Issue, Pos, Review
from scr_cli.review.regime import Regime


def _choice(pos: Pos, code: str, what: str, value: str, allowed: Iterable[str]) -> list[Issue]:
    choices = list(allowed)
    if value in choices:
        return []
    hint = did_you_mean(value, choices)
    if not hint.startswith("did you mean"):
        hint = f"use one of: {', '.join(choices) or 'none (the regime lists none)'}"
    return [Issue.at(pos, code, f"unknown {what} '{value}'", hint)]


def _order(pos: Pos, code: str, earlier: tuple[str, date | None], later: tuple[str, date | None]) -> list[Issue]:
    a, b = earlier[1], later[1]
    if a is None or b is None or b >= a:
        return []
    return [Issue.at(pos, code, f"{later[0]} {b} is before {earlier[0]} {a}", "check both dates")]


def _future(pos: Pos, what: str, day: date | None, today: date) -> list[Issue]:
    if day is None or day <= today:
        return []
    return [Issue.at(pos, "future-date", f"{what} {day} is in the future", "record it once it has happened")]


def _duplicates(items: Iterable[tuple[str, Pos]], what: str) -> list[Issue]:
    seen: set[str] = set()
    found = []
    for ident, pos in items:
        if ident in seen:
            found.append(Issue.at(pos, "duplicate-id", f"{what} id '{ident}' is used twice", "rename one"))
        seen.add(ident)
    return found


def progress_issues(review: Review, today: date) -> list[Issue]:
    actions = {a.id for a in review.actions}
    found: list[Issue] = []
    for e in review.tracking.progress:
        if e.action not in actions:
            found += _choice(e.pos_of("action"), "progress-action", "action", e.action, sorted(actions))
        found += _future(e.pos_of("date"), "the entry's date", e.date, today)
        if e.new_due is not None and not e.agreed_by:
            found.append(Issue.at(e.pos_of("new_due"), "progress-agreed", f"a new date for {e.action} without who "
                                  "agreed it", "add `agreed_by: PERSON` (an id in people.yaml)"))
        if e.agreed_by and e.new_due is None:
            found.append(Issue.at(e.pos_of("agreed_by"), "progress-agreed", "agreed_by without a new date",
                                  "add `new_due: YYYY-MM-DD` or remove agreed_by"))
        if e.agreed_by and review.person(e.agreed_by) is None:
            found.append(Issue.at(e.pos_of("agreed_by"), "unknown-person", f"no person '{e.agreed_by}' in people.yaml",
                                  "use the id of the person who agreed the date"))
        if e.status == "complete" and not e.evidence:
            found.append(Issue.at(e.pos_of("status"), "progress-evidence", f"{e.action} is complete without evidence",
                                  "add `evidence:` with a `file:` in the review or a `ref:` to where it is kept"))
        for j, ev in enumerate(e.evidence):
            if ev.kind == "file" and ev.digest in ("missing", "outside"):
                where = "is not in the review" if ev.digest == "missing" else "is outside the review"
                found.append(Issue.at(e.pos_of(f"evidence[{j}]"), "progress-evidence", f"evidence '{ev.value}' {where}",
                                      "add the file to the review, or record where it is kept as `ref:`"))
    return found


def proceeding_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    rules = regime.followup.proceedings
    found = _duplicates(((p.id, p.pos_of("id")) for p in review.tracking.proceedings), "proceeding")
    for p in review.tracking.proceedings:
        found += _choice(p.pos_of("kind"), "proceeding-kind", "kind of proceeding", p.kind, [k.id for k in rules.kinds])
        for j, hold in enumerate(p.holds):
            found += _choice(p.pos_of(f"holds[{j}]"), "proceeding-holds", "hold", hold, [h.id for h in rules.holds])
        clocks = sorted(c.id for c in rules.clocks if p.kind in c.kinds)
        for clock, _ in p.told:
            found += _choice(p.pos_of(f"told[{clock}]"), "proceeding-told", "clock", clock, clocks)
        found += _future(p.pos_of("concluded"), "concluded", p.concluded, today)
        found += _future(p.pos_of("findings_considered"), "findings_considered", p.findings_considered, today)
        if p.findings_considered and p.concluded is None:
            found.append(Issue.at(p.pos_of("findings_considered"), "proceeding-dates",
                                  "findings considered before the proceeding concluded",
                                  "add `concluded: YYYY-MM-DD`, or remove findings_considered"))
        found += _order(p.pos_of("findings_considered"), "proceeding-dates", ("concluded", p.concluded),
                        ("findings_considered", p.findings_considered))
    return found


def foi_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    rules = regime.followup.foi
    found = _duplicates(((r.id, r.pos_of("id")) for r in review.tracking.foi), "FOI request")
    for r in review.tracking.foi:
        found += _future(r.pos_of("received"), "received", r.received, today)
        found += _order(r.pos_of("responded"), "foi-dates", ("received", r.received), ("responded", r.responded))
        for j, ex in enumerate(r.considered):
            found += _choice(r.pos_of(f"exemptions[{j}]"), "foi-exemption", "exemption", ex,
                             [k.id for k in rules.exemptions])
        if r.outcome:
            found += _choice(r.pos_of("outcome"), "foi-outcome", "outcome", r.outcome, rules.outcomes)
        if r.responded and not r.outcome:
            found.append(Issue.at(r.pos_of("responded"), "foi-outcome", f"{r.id} was answered without an outcome",
                                  f"add `outcome:` ({', '.join(rules.outcomes)})"))
    return found


def evaluation_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    ev = review.tracking.evaluation
    if ev is None:
        return []
    rules = regime.followup.evaluation
    found = _choice(ev.pos_of("overall"), "evaluation-grade", "grade", ev.overall, rules.grades)
    for element, grade in ev.grades:
        found += _choice(ev.pos_of(f"grades[{element}]"), "evaluation-element", "element", element,
                         [k.id for k in rules.elements])
        found += _choice(ev.pos_of(f"grades[{element}]"), "evaluation-grade", "grade", grade, rules.grades)
    found += _future(ev.pos_of("received"), "received", ev.received, today)
    found += _order(ev.pos_of("issues_addressed"), "evaluation-dates", ("received", ev.received),
                    ("issues_addressed", ev.issues_addressed))
    logged = review.events_of(rules.letter) if rules.letter else []
    if rules.letter and ev.received and ev.received not in {e.date for e in logged}:
        found.append(Issue.at(ev.pos_of("received"), "evaluation-logged",
                              f"the letter received {ev.received} is not logged as '{rules.letter}'",
                              f"`scr log {rules.letter} --date {ev.received}` (it starts the clock for the summary)",
                              "warning"))
    return found


def followup_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    return (progress_issues(review, today) + proceeding_issues(review, regime, today)
            + foi_issues(review, regime, today) + evaluation_issues(review, regime, today))
