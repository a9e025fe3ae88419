"""Appointment checks: the independent chair and author hold current records of their appointment. Pure.

The regime names the roles and the records (`appointments`: indemnity, supervision, data protection,
contract under the 2015 procedure, §3 and Appendix 16); people.yaml holds each record's expiry date. A record
missing, or past its expiry on `today`, is a warning: the appointment stands, but the board should act.
"""

from __future__ import annotations

from datetime import date

from scr_cli.review.model import Issue, Review
from scr_cli.review.regime import Regime


def appointment_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    rule = regime.appointments
    if rule is None:
        return []
    found: list[Issue] = []
    source = f" (procedure {rule.source})" if rule.source else ""
    for person in review.people:
        roles = [r for r in rule.roles if r in person.roles]
        if not roles:
            continue
        held = {name: (expires, pos) for name, expires, pos in person.appointment}
        for record in rule.records:
            label = record.replace("_", " ")
            if record not in held:
                found.append(Issue.at(person.pos, "appointment-missing",
                                      f"{person.id} ({roles[0]}) has no {label} record",
                                      f"add `appointment: {{{record}: {{expires: YYYY-MM-DD}}}}`{source}", "warning"))
                continue
            expires, pos = held[record]
            if expires < today:
                found.append(Issue.at(pos, "appointment-expired",
                                      f"{person.id}'s {label} record expired on {expires}",
                                      f"ask for the renewed record and write its new expiry date{source}", "warning"))
    return found
