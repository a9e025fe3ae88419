"""scr interview plan: give a staff member notice of an interview, and start its record. No commit.

The notice is the regime's event (`scr_events.interview_notice`) dated today with the interview's date, the
interviewee and any supporter; the regime's notice rule (two weeks under the 2015 procedure) is judged at
once and a short notice is shown as a warning (it is still recorded: the log says what happened). The record
is made from the template in the agency's interviews/ folder; it is final only with the interviewee's
sign-off, as the regime says.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path

from scr_cli.dates import parse_date
from scr_cli.errors import DataError, Refused
from scr_cli.review import layout
from scr_cli.review.checks import event_issues, notice_issues
from scr_cli.review.clocks import WorkingCalendar
from scr_cli.review.model import Event, Issue, Pos
from scr_cli.store import bankholidays, imrfolder, loader, registry

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE, layout.LOG)


@dataclass(frozen=True)
class InterviewResult:
    """The notice logged, the record started, and the notice warning when it was short."""

    agency: str
    interviewee: str
    event: str
    notice_date: datetime.date
    interview_date: datetime.date
    record: str | None
    warnings: list[Issue] = field(default_factory=list)


def _check_interviewee(loaded: loader.Loaded, agency: str, interviewee: str) -> None:
    person = loaded.review.person(interviewee)
    if person is None:
        raise DataError(f"no person '{interviewee}' in people.yaml", path=layout.PEOPLE,
                        hint=f"add them: `scr person add {interviewee} --name ... --role interviewee "
                             f"--agency {agency}`")
    pos = person.pos
    role = loaded.regime.scr_roles.interviewee
    if role and role not in person.roles:
        raise Refused(f"{interviewee} does not hold the role '{role}'", path=pos.path, line=pos.line,
                      column=pos.column, hint=f"add '{role}' to their roles (the record needs their sign-off)")
    if person.agency != agency:
        raise Refused(f"{interviewee} works for '{person.agency or 'no agency'}', not '{agency}'", path=pos.path,
                      line=pos.line, column=pos.column, hint="interview staff of the agency whose IMR it is")


def plan(path: Path, agency: str, interviewee: str, when: str, supporter: str,
         today: datetime.date) -> InterviewResult:
    loaded = registry.load_clean(path, _READ)
    review, regime = loaded.review, loaded.regime
    event_id = regime.scr_events.interview_notice
    if not event_id:
        raise DataError("the review's regime names no interview notice (scr_events.interview_notice)",
                        path=layout.REGIME_VARIANT, hint="add scr_events.interview_notice to the regime")
    if review.agency(agency) is None:
        raise DataError(f"no agency '{agency}' in agencies.yaml", path=layout.AGENCIES,
                        hint="see agencies.yaml for the ids")
    folder = f"{layout.IMR_FOLDER}/{agency}"
    if not (loaded.root / folder).is_dir():
        raise Refused(f"{folder} does not exist: the agency's IMR is not commissioned",
                      hint=f"commission it first: `scr imr commission {agency} --author ... --due ...`")
    _check_interviewee(loaded, agency, interviewee)
    day = parse_date(when, "--date")
    if day <= today:
        raise DataError(f"--date {day} is not after today ({today})", hint="give the date the interview will be")
    fields: dict[str, object] = {"agency": agency, "interview_date": day, "interviewee": interviewee}
    if supporter.strip():
        fields["supporter"] = supporter.strip()
    candidate = Event(event_id, today, Pos(layout.LOG), "", fields, len(review.events))
    problems = event_issues(candidate, review, regime, today)
    if problems:
        raise DataError(problems[0].message, hint=problems[0].hint)
    cal = WorkingCalendar(bankholidays.for_review(review, today))
    short = notice_issues(replace(review, events=(candidate,)), regime, cal)
    record = imrfolder.interview_record(loaded.root, agency, interviewee, today)
    registry.log_event(loaded.root, event_id, today, fields)
    return InterviewResult(agency, interviewee, event_id, today, day, record, short)
