"""The rules of the process applied to a loaded review. Each rule returns Issues; nothing here prints.

Which rules exist (order of events, independence, panel coverage, event fields) is read from the regime.
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from datetime import date

from scr_cli.review.appointments import appointment_issues
from scr_cli.review.clocks import WorkingCalendar, shift
from scr_cli.review.intake import decision_issues, lead_issues
from scr_cli.review.model import Document, Event, Issue, Review
from scr_cli.review.references import MISSING
from scr_cli.review.regime import Regime


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "see `scr log --list` for the events"


def event_issues(event: Event, review: Review, regime: Regime, today: date) -> list[Issue]:
    """Problems with one logged event: unknown id, fields against the regime, a future date."""
    spec = regime.event(event.event)
    if spec is None:
        known = [e.id for e in regime.events]
        hint = did_you_mean(event.event, known)
        return [Issue.at(event.pos, "unknown-event", f"unknown event '{event.event}'", hint)]
    found: list[Issue] = []
    if event.date > today:
        found.append(Issue.at(event.pos, "future-date", f"'{event.event}' is dated {event.date}, in the future",
                              "log events when they have happened"))
    specs = {f.name: f for f in spec.fields}
    for name, value in event.fields.items():
        fs = specs.get(name)
        if fs is None:
            allowed = ", ".join(specs) or "none"
            found.append(Issue.at(event.pos, "unknown-field", f"'{event.event}' has no field '{name}'",
                                  f"fields it takes: {allowed} (plus note)"))
            continue
        problem = _field_problem(fs.type, fs.choices, value, review)
        if problem:
            found.append(Issue.at(event.pos, "bad-field", f"'{event.event}' {name}: {problem[0]}", problem[1]))
    for fs in spec.fields:
        if fs.required and fs.name not in event.fields:
            example = f"{fs.name}={fs.choices[0]}" if fs.choices else f"{fs.name}=..."
            found.append(Issue.at(event.pos, "missing-field", f"'{event.event}' needs '{fs.name}'",
                                  f"add it, e.g. `scr log {event.event} --date {event.date} {example}`"))
    return found


def _field_problem(kind: str, choices: tuple[str, ...], value: object, review: Review) -> tuple[str, str] | None:
    if kind == "date" and not isinstance(value, date):
        return f"{value!r} is not a date", "write it as YYYY-MM-DD"
    if kind == "choice" and str(value) not in choices:
        return f"{value!r} is not allowed", f"use one of: {', '.join(choices)}"
    if kind == "agency" and review.agency(str(value)) is None:
        return f"no agency '{value}' in agencies.yaml", "add the agency or correct the id"
    if kind == "person" and review.person(str(value)) is None:
        return f"no person '{value}' in people.yaml", "add the person or correct the id"
    if kind == "text" and not str(value).strip():
        return "is empty", "write the text"
    return None


def log_issues(review: Review, regime: Regime, today: date) -> list[Issue]:
    found = [i for e in review.events for i in event_issues(e, review, regime, today)]
    firsts: dict[str, Event] = {}
    for e in review.events:
        if e.event not in firsts or e.date < firsts[e.event].date:
            firsts[e.event] = e
    return found + order_issues(firsts, regime)


def new_order_issues(candidate: Event, review: Review, regime: Regime, today: date) -> list[Issue]:
    """Order rules (e.g. decision not before referral) a new event breaks; those already broken are check's."""
    before = {i.message for i in log_issues(review, regime, today) if i.code == "order"}
    after = log_issues(replace(review, events=(*review.events, candidate)), regime, today)
    return [i for i in after if i.code == "order" and i.message not in before]


def order_issues(firsts: dict[str, Event], regime: Regime) -> list[Issue]:
    """Events dated against the order the procedure expects, each a warning naming the rule's section.

    A regime may make a rule an error instead. A log records what happened, so an unusual order is flagged, not refused.
    """
    found: list[Issue] = []
    for rule in regime.order:
        a, b = firsts.get(rule.earlier), firsts.get(rule.later)
        if a and b and b.date < a.date:
            who = f"procedure {rule.source}" if rule.source else "the regime"
            found.append(Issue.at(b.pos, "order", f"'{rule.later}' ({b.date}) is dated before "
                                                  f"'{rule.earlier}' ({a.date})",
                                  f"{who} expects '{rule.earlier}' first; "
                                  "if both dates are right, keep them: the log records what happened",
                                  "error" if rule.severity == "error" else "warning"))
    return found


def notice_issues(review: Review, regime: Regime, cal: WorkingCalendar) -> list[Issue]:
    """Events that gave less notice than the regime requires (e.g. two weeks before a staff interview)."""
    found: list[Issue] = []
    for rule in regime.notices:
        for event in review.events_of(rule.event):
            target = event.fields.get(rule.date_field)
            if not isinstance(target, date):
                continue
            latest = shift(target, rule.at_least, cal, back=True)
            if event.date > latest:
                found.append(Issue.at(event.pos, f"notice:{rule.id}",
                                      f"notice given {event.date} for {target}: less than {rule.at_least.describe()}",
                                      f"{rule.title} (procedure {rule.source}); "
                                      f"give notice by {latest} or move the date",
                                      "warning"))
    return found


def extension_issues(review: Review, regime: Regime, cal: WorkingCalendar) -> list[Issue]:
    """A clock's extension must move its date later: after the day it was agreed and after the original date."""
    found: list[Issue] = []
    for spec in regime.clocks:
        if not spec.extended_by or not spec.starts:
            continue
        starts = sorted(review.events_of(spec.starts), key=lambda e: (e.date, e.index))
        original = shift(starts[0].date, spec.due, cal) if starts else None
        for event in review.events_of(spec.extended_by):
            new_date = event.fields.get("new_date")
            if not isinstance(new_date, date):
                continue
            if new_date <= event.date:
                found.append(Issue.at(event.pos, "extension-date",
                                      f"the new date {new_date} is not after the day it was agreed ({event.date})",
                                      "check new_date in log.yaml"))
            elif original is not None and new_date <= original:
                found.append(Issue.at(event.pos, "extension-date",
                                      f"the new date {new_date} is not later than the original {original} "
                                      f"({spec.title.lower()})",
                                      "an extension moves the date later; check new_date", "warning"))
    return found


def people_issues(review: Review, regime: Regime) -> list[Issue]:
    found: list[Issue] = []
    involved = {a.id for a in review.agencies}
    for person in review.people:
        for role in person.roles:
            spec = regime.role(role)
            if spec is None:
                found.append(Issue.at(person.pos, "unknown-role", f"{person.id}: unknown role '{role}'",
                                      did_you_mean(role, [r.id for r in regime.roles])))
            elif spec.agency and person.agency is None:
                found.append(Issue.at(person.pos, "role-needs-agency", f"{person.id}: role '{role}' needs an agency",
                                      "add `agency: <id>` from agencies.yaml"))
        if person.agency is not None and person.agency not in involved:
            found.append(Issue.at(person.pos, "unknown-agency", f"{person.id}: no agency '{person.agency}'",
                                  "add it to agencies.yaml or correct the id"))
    for spec in regime.roles:
        holders = [p for p in review.people if spec.id in p.roles]
        if spec.unique and len(holders) > 1:
            found.append(Issue.at(holders[1].pos, "role-twice", f"more than one {spec.title.lower()}",
                                  f"only one person may hold '{spec.id}'"))
    seen: set[str] = set()
    for person in review.people:
        if person.id in seen:
            found.append(Issue.at(person.pos, "duplicate-id", f"person id '{person.id}' is used twice", "rename one"))
        seen.add(person.id)
    return found + independence_issues(review, regime)


def independence_issues(review: Review, regime: Regime) -> list[Issue]:
    found: list[Issue] = []
    involved = {a.id for a in review.agencies}
    for rule in regime.independence:
        for person in (p for p in review.people if rule.role in p.roles):
            broken = ""
            if rule.kind == "not-also":
                clash = [r for r in rule.roles if r in person.roles]
                if clash:
                    broken = f"{person.id} is {rule.role} and also {', '.join(clash)}"
            elif rule.kind == "not-employed-by-involved":
                if person.agency in involved:
                    broken = f"{person.id} is {rule.role} but works for involved agency '{person.agency}'"
            elif rule.kind == "not-flagged":
                flags = [f for f in rule.flags if getattr(person, f, False)]
                if flags:
                    broken = f"{person.id} is {rule.role} but is marked {', '.join(flags)}"
            if broken:
                found.append(Issue.at(person.pos, f"independence:{rule.id}", broken,
                                      f"independence rule {rule.id} (procedure {rule.source}): appoint someone else"))
    return found + panel_issues(review, regime)


def panel_issues(review: Review, regime: Regime) -> list[Issue]:
    if regime.panel is None:
        return []
    rule = regime.panel
    members = [p for p in review.people if rule.role in p.roles]
    if not members:
        return [Issue("warning", "panel", "people.yaml", 1, 1, "the panel has no members yet",
                      f"add panel members from {', '.join(rule.must_cover)} (procedure {rule.source})")]
    sectors = {a.id: a.sector for a in review.agencies}
    covered = {sectors.get(p.agency or "") for p in members}
    missing = [s for s in rule.must_cover if s not in covered]
    if not missing:
        return []
    return [Issue.at(members[0].pos, "panel", f"the panel does not include {', '.join(missing)}",
                     f"add a panel member from each (procedure {rule.source})")]


def agency_issues(review: Review, present_imr_folders: set[str], decided_review: bool) -> list[Issue]:
    found: list[Issue] = []
    seen: set[str] = set()
    for agency in review.agencies:
        if agency.id in seen:
            found.append(Issue.at(agency.pos, "duplicate-id", f"agency id '{agency.id}' is used twice", "rename one"))
        seen.add(agency.id)
        if decided_review and agency.imr_required and agency.id not in present_imr_folders:
            found.append(Issue.at(agency.pos, "imr-missing", f"no IMR folder for agency '{agency.id}'",
                                  f"copy .scr/templates/imr to 05-imr/{agency.id}", "warning"))
    for folder in sorted(present_imr_folders - seen):
        found.append(Issue("error", "imr-unknown-agency", f"05-imr/{folder}", 0, 0,
                           f"IMR folder '{folder}' does not match any agency", "add the agency to agencies.yaml"))
    return found


def document_issues(review: Review, today: date) -> list[Issue]:
    found: list[Issue] = []
    for doc in review.documents:
        if doc.locked:
            continue
        if doc.date and doc.date > today:
            found.append(Issue.at(doc.pos, "future-date", f"dated {doc.date}, in the future",
                                  "date a draft on the day it is written (scr draft bump)"))
        parts = doc.path.split("/")
        if parts[0] == "05-imr" and len(parts) == 3 and doc.agency and doc.agency != parts[1]:
            found.append(Issue.at(doc.pos, "imr-agency", f"agency '{doc.agency}' does not match folder '{parts[1]}'",
                                  f"set `agency: {parts[1]}` in the front matter"))
        found += [
            Issue("error", "missing-file", doc.path, _line_naming(doc, path), 1,
                  f"'{path}', which this document shows or includes, does not exist",
                  "add the file, or fix the path (it is relative to this document)")
            for path, digest in doc.attached if digest == MISSING
        ]
    return found


def _line_naming(doc: Document, path: str) -> int:
    """The line of the body that names the file; the document's first line when an included file names it."""
    name = path.rsplit("/", 1)[-1]
    return next((doc.body_line + i for i, line in enumerate(doc.body.split("\n")) if name in line), doc.pos.line)


def action_issues(review: Review, today: date) -> list[Issue]:
    found: list[Issue] = []
    for action in review.actions:
        if review.agency(action.owner_agency) is None and action.owner_agency != "agency-id":
            found.append(Issue.at(action.pos, "unknown-agency",
                                  f"action {action.id}: no agency '{action.owner_agency}'",
                                  "use an id from agencies.yaml"))
        entries = [e for e in review.tracking.progress if e.action == action.id]
        due = next((e.new_due for e in reversed(entries) if e.new_due), action.due)  # the last agreed date
        status = entries[-1].status if entries else action.status
        if due and due < today and status != "complete":
            found.append(Issue.at(action.pos, "action-overdue", f"action {action.id} was due {due}",
                                  f"record progress or agree a new date: `scr action update {action.id} ...`",
                                  "warning"))
        if action.status == "complete" and action.completed_on is None:
            found.append(Issue.at(action.pos, "action-complete-date", f"action {action.id} is complete but undated",
                                  "add completed_on: YYYY-MM-DD"))
    return found


def decided_review(review: Review, regime: Regime) -> bool:
    """Whether the review goes ahead: the regime's `proceeds_if` holds for the latest such event."""
    cond = regime.proceeds_if
    decisions = review.events_of(cond.event) if cond else []
    return bool(decisions) and cond is not None and str(decisions[-1].fields.get(cond.field)) == cond.equals


def all_issues(review: Review, regime: Regime, today: date, imr_folders: set[str],
               cal: WorkingCalendar | None = None) -> list[Issue]:
    cal = cal or WorkingCalendar()
    return (log_issues(review, regime, today) + notice_issues(review, regime, cal)
            + extension_issues(review, regime, cal)
            + people_issues(review, regime)
            + agency_issues(review, imr_folders, decided_review(review, regime))
            + document_issues(review, today) + action_issues(review, today)
            + decision_issues(review, regime) + lead_issues(review, regime)
            + appointment_issues(review, regime, today))
