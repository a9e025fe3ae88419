"""Output of `scr agency`, `scr person`, `scr imr`, `scr interview` and `scr letter`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.table import Table

from scr_cli.render import line, table, warn
from scr_cli.render.crypto import keys_changed
from scr_cli.review import layout

if TYPE_CHECKING:
    from scr_cli.commands.agency import AgencyResult
    from scr_cli.commands.imr import ImrResult
    from scr_cli.commands.interview import InterviewResult
    from scr_cli.commands.letter import LetterResult
    from scr_cli.commands.person import PeopleList, PersonResult
    from scr_cli.commands.send import SendResult, SentList


def agency_changed(result: AgencyResult) -> None:
    verb = "removed" if result.removed else "added"
    line(f"{verb} agency {result.id} ({result.sector}) in agencies.yaml — not committed")
    if not result.removed:
        line(f"its IMR folder is made when you commission it: `scr imr commission {result.id} --author ...`")


def person_added(result: PersonResult) -> None:
    where = f" at {result.agency}" if result.agency else ""
    line(f"added {result.id} ({', '.join(result.roles)}{where}) to people.yaml — not committed")
    if result.keys is not None:
        line("key imported; its fingerprint is in people.yaml")
        keys_changed(result.keys, "added")
    else:
        line(f"to let them read sensitive files: `scr keys add THEIR-KEY.asc --person {result.id}` (see docs/keys.md)")


def people_listed(result: PeopleList) -> None:
    t = Table(title="People", title_justify="left")
    for col in ("Id", "Name", "Roles", "Agency", "Key"):
        t.add_column(col)
    for p in result.people:
        key = p.key_fingerprint[-16:] if p.key_fingerprint else "—"
        t.add_row(p.id, escape(p.name), ", ".join(p.roles), p.agency or "—", key)
    table(t)


def imr_done(result: ImrResult) -> None:
    for rel in result.written:
        line(f"wrote {rel}")
    line(f"logged {result.event} for {result.agency} on {result.date} — not committed")
    if result.due is not None:
        line(f"planned {result.due_event} for {result.agency} on {result.due} (plan.yaml); `scr status` shows it")
        line("next: `scr lock` encrypts the IMR and its chronology before you commit")


def interview_planned(result: InterviewResult) -> None:
    line(f"logged {result.event} on {result.notice_date} for {result.interviewee}'s interview on "
         f"{result.interview_date} — not committed")
    if result.record:
        line(f"wrote {result.record} (the record; final only with the interviewee's sign-off)")
    for issue in result.warnings:
        warn(f"short notice: {issue.message} — {issue.hint}")


def letters_written(result: LetterResult) -> None:
    for file in result.files:
        line(f"wrote {file}" + (" (private: 0600)" if result.private else ""))
    for event in result.logged:
        line(f"logged {event} — not committed")


def package_sent(result: SendResult) -> None:
    line(f"wrote {result.file} for {result.to} ({result.agency}): {', '.join(result.papers)}")
    if result.protection == "key":
        line(f"encrypted to {result.to}'s key only ({result.fingerprint[-16:]}); they open it with their OpenPGP "
             "software (Gpg4win's Kleopatra on Windows)")
    else:
        if not result.asked:
            line(f"{result.to} has no key on the signed readers list, so the package is password-protected")
        line(f"password (shown once, stored nowhere): {result.password}")
        line("give it to them by another channel (telephone, text message), never with the package; "
             "Word and Excel ask for it")
    line(f"recorded in {result.record} — not committed; `scr lock` encrypts it")
    if result.logged:
        line(f"logged {result.logged} for {result.agency} ({result.to}) — not committed")


def packages_listed(result: SentList) -> None:
    if not result.sent:
        line("no package sent yet")
    t = Table(title="Packages sent", title_justify="left")
    for col in ("Date", "Agency", "To", "Protection", "Papers"):
        t.add_column(col)
    for s in result.sent:
        held = ", ".join(p.name + (f" v{p.version}" if p.version else "") for p in s.papers)
        t.add_row(s.date.isoformat(), s.agency, s.to, s.protection, escape(held))
    if result.sent:
        table(t)
    for agency in result.locked:
        warn(f"the record of {agency} is locked: run `scr unlock {layout.sent_record(agency)}` to list it")
