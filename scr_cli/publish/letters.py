"""Letters from review data: a board's Markdown templates (templates/letters/) filled for each recipient.

A template's front matter says who it goes to (`to: agency | person | family`), which of the regime's roles
receive it when no recipient is named (`role:`), and the event that sending it stands for (`log:`). Its
text holds `{{field}}`s filled from the registry, the log and the plan; an unknown field is an error at the
template's line. Letters are written through the same writers as every document (house style), one file a
recipient. A letter naming a family member by a real name is refused unless it is built private (0600 files
in a 0700 folder). A template may attach review documents (`attach:`, e.g. the terms of reference): each
follows the letter on a page of its own, under its title, version and date.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import fileio, paths
from scr_cli.adapters.unicode_data import unicode_data
from scr_cli.crypto import private
from scr_cli.errors import DataError
from scr_cli.publish.formats import OutputFormat
from scr_cli.publish.house import PAGE_BREAK, long_date
from scr_cli.publish.jobs import epoch_of
from scr_cli.publish.markdown import body_lines
from scr_cli.publish.writers import Page
from scr_cli.review.model import Review
from scr_cli.review.pseudonyms import Name, NameMatcher
from scr_cli.store.frontmatter import parse_front, split
from scr_cli.store.loader import Loaded

LETTERS = "letters"
_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@dataclass(frozen=True)
class Template:
    """One letter template: its kind (file name), front matter, body, and where the body starts."""

    kind: str
    path: Path
    front: dict[str, Any]
    body: str
    body_line: int


@dataclass(frozen=True)
class Recipient:
    """Who one letter goes to, and the fields it fills."""

    id: str
    fields: dict[str, str]
    agency: str | None = None


@dataclass
class Written:
    """The letters written, the folder they are in, and whether it is the private one."""

    files: list[Path] = field(default_factory=list)
    private: bool = False
    log_event: str = ""
    agencies: list[str] = field(default_factory=list)


def template_dir(root: Path) -> Path:
    """The review's own letter templates (a board's house style) first, scr's otherwise."""
    own = root / ".scr" / "templates" / LETTERS
    return own if own.is_dir() else paths.templates_dir() / LETTERS


def kinds(root: Path) -> list[str]:
    return sorted(p.stem for p in template_dir(root).glob("*.md"))


def load_template(root: Path, kind: str) -> Template:
    folder = template_dir(root)
    file = folder / f"{kind}.md"
    if not kind.replace("-", "").isalnum() or not file.is_file():
        raise DataError(f"no letter '{kind}'", hint=f"the letters: {', '.join(kinds(root))}")
    shown = f"templates/{LETTERS}/{kind}.md"
    front_text, body, body_line = split(fileio.read_bytes(file, shown).decode("utf-8"), shown)
    data = parse_front(front_text, shown).data
    return Template(kind, file, data if isinstance(data, dict) else {}, body, body_line)


def _person_fields(review: Review, person_id: str) -> dict[str, str]:
    person = review.person(person_id)
    if person is None:
        return {}
    agency = review.agency(person.agency or "")
    return {"recipient_name": person.name, "recipient_job": person.job_title,
            "agency_name": agency.name if agency else person.organisation}


def _agency_fields(loaded: Loaded, agency_id: str) -> dict[str, str]:
    review, regime = loaded.review, loaded.regime
    agency = review.agency(agency_id)
    out = {"agency_name": agency.name if agency else agency_id}
    author = next((p for p in review.people if p.agency == agency_id and regime.scr_roles.imr_author in p.roles),
                  None)
    if author is not None:
        out |= {"author_name": author.name, "author_job": author.job_title}
    due = review.plan_for(regime.scr_events.imr_received, agency_id)
    if due is not None:
        out["due_date"] = long_date(due.date)
    return out


def _interview_fields(loaded: Loaded, person_id: str) -> dict[str, str]:
    notices = [e for e in loaded.review.events_of(loaded.regime.scr_events.interview_notice)
               if e.fields.get("interviewee") == person_id]
    if not notices:
        return {}
    last = max(notices, key=lambda e: (e.date, e.index))
    when = last.fields.get("interview_date")
    out = {"interview_date": long_date(when) if isinstance(when, date) else str(when)}
    agency = str(last.fields.get("agency") or "")
    return out | ({k: v for k, v in _agency_fields(loaded, agency).items() if k != "due_date"} if agency else {})


def recipients(loaded: Loaded, template: Template, to: str | None) -> list[Recipient]:
    """Everyone this letter goes to (only `to` when given), each with their own fields."""
    review, regime = loaded.review, loaded.regime
    kind = str(template.front.get("to") or "person")
    if kind == "family":
        members = loaded.family.members if loaded.family else []
        out = [Recipient(_slug(m.pseudonym), {"recipient_name": m.real_names[0] if m.real_names else m.pseudonym})
               for m in members if not m.subject]
        return [r for r in out if to is None or r.id == to]
    if kind == "agency":
        ids = [to] if to else [a.id for a in review.agencies if a.imr_required]
        if template.front.get("commissioned") and not to:
            ids = [a for a in ids if review.plan_for(regime.scr_events.imr_received, a) is not None]
        for agency_id in ids:
            if review.agency(agency_id) is None:
                raise DataError(f"no agency '{agency_id}' in agencies.yaml", path="agencies.yaml",
                                hint="give an agency id, or a person id for this letter")
        return [Recipient(a, _agency_fields(loaded, a), a) for a in ids]
    role = getattr(regime.scr_roles, str(template.front.get("role") or ""), "")
    if to:
        ids = [to]
    elif template.front.get("noticed"):
        ids = sorted({str(e.fields.get("interviewee")) for e in review.events_of(regime.scr_events.interview_notice)
                      if e.fields.get("interviewee")})
    elif role:
        ids = [p.id for p in review.people if role in p.roles]
    else:
        raise DataError(f"say who the '{template.kind}' letter is for", hint="give --to PERSON")
    out = []
    for person_id in ids:
        person = review.person(person_id)
        if person is None:
            raise DataError(f"no person '{person_id}' in people.yaml", path="people.yaml",
                            hint="give a person id from people.yaml")
        fields = _person_fields(review, person_id)
        if person.agency:
            fields = _agency_fields(loaded, person.agency) | fields
        out.append(Recipient(person_id, fields | _interview_fields(loaded, person_id), person.agency))
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "family"


def common_fields(loaded: Loaded, template: Template, today: date) -> dict[str, str]:
    review, regime = loaded.review, loaded.regime
    sender = next((p for p in review.people if regime.scr_roles.sender in p.roles), None)
    event = str(template.front.get("log") or "")
    planned = review.plan_for(event) if event else None
    return {"board": review.info.board, "reference": review.info.reference, "child": review.info.child,
            "today": long_date(today), "sender_name": sender.name if sender else "",
            "sender_job": sender.job_title if sender else "",
            "event_date": long_date(planned.date) if planned else "a date to be confirmed"}


def fill(template: Template, values: dict[str, str], recipient: str) -> str:
    """The letter's Markdown; a field the template uses that has no value is an error at its line."""
    lines = template.body.split("\n")
    for i, line in enumerate(lines):
        for match in _FIELD.finditer(line):
            if not values.get(match.group(1)):
                raise DataError(f"the letter to '{recipient}' has no value for '{{{{{match.group(1)}}}}}'",
                                path=f"templates/{LETTERS}/{template.kind}.md", line=template.body_line + i,
                                column=match.start() + 1, hint=_hint(match.group(1)))
    # a line break after each header line, as in a printed letter's address block
    text = _FIELD.sub(lambda m: values[m.group(1)], template.body)
    return re.sub(r"(?m)^(\*\*.+\*\*|Our reference: .+)$", r"\1\\", text)


def attachments(loaded: Loaded, template: Template) -> str:
    """The documents the template attaches (`attach:`), each after a page break under its title and version."""
    listed = template.front.get("attach") or []
    shown = f"templates/{LETTERS}/{template.kind}.md"
    out = []
    for rel in [listed] if isinstance(listed, str) else listed:
        doc = loaded.review.document(str(rel))
        if doc is None or doc.locked:
            raise DataError(f"the '{template.kind}' letter attaches {rel}, which is "
                            f"{'locked' if doc else 'not in the review'}", path=shown,
                            hint=f"run `scr unlock {rel}` first" if doc else
                            "write it first, or take it out of the template's attach: list")
        state = "final" if doc.status == "final" else "draft"
        body = body_lines(loaded.root, str(rel), shift=1).text  # as the pack has it: includes, images, headings
        out.append(f"{PAGE_BREAK}# Attached: {doc.title or rel}\n\n"
                   f"Version {doc.version}, {long_date(doc.date)} ({state}).\n\n{body}")
    return "".join(out)


def _hint(name: str) -> str:
    return {
        "due_date": "commission the IMR first (`scr imr commission AGENCY --due ...`)",
        "interview_date": "give notice first (`scr interview plan AGENCY --interviewee ...`)",
        "author_name": "add the agency's IMR author to people.yaml (`scr person add`)",
        "sender_name": "add the business manager to people.yaml",
    }.get(name, "fill it in people.yaml, agencies.yaml or the plan, or take it out of the template")


def family_matcher(loaded: Loaded) -> NameMatcher | None:
    members = loaded.family.members if loaded.family else []
    names = [Name(f"family member '{m.pseudonym}'", m.pseudonym, tuple(m.real_names)) for m in members
             if m.real_names]
    return NameMatcher(names, (), data=unicode_data()) if names else None


def letter_page(loaded: Loaded, template: Template, text: str, common: dict[str, str], today: date) -> Page:
    """One filled letter as a page in the house style (no cover, no numbers, no DRAFT mark)."""
    meta = {"reference": common["reference"], "board": common["board"], "subtitle": "", "version-label": "",
            "date": common["today"], "status-label": "", "signed": "", "classification": "", "draft": "no"}
    title = str(template.front.get("title") or template.kind)
    return Page(text, {**meta, "title": title, "footer": f"{common['reference']} · {common['today']}"},
                loaded.root, epoch_of(today), False, cover=False, numbered=False)


def addressed_to(loaded: Loaded, agency: str, person: str, today: date) -> list[tuple[Template, Page]]:
    """Every letter of the board's templates addressed to this agency or this person (of it), as pages.

    A letter that stands for an event (`log:`) goes only once that event is planned or logged (a debriefing
    invitation is not sent with the first papers); a letter to people goes when it names whom by a role or
    a notice; family letters never.
    """
    review = loaded.review
    out = []
    for kind in kinds(loaded.root):
        template = load_template(loaded.root, kind)
        to = str(template.front.get("to") or "person")
        event = str(template.front.get("log") or "")
        if to == "family" or (to == "person" and not (template.front.get("role") or template.front.get("noticed"))):
            continue
        if event and review.plan_for(event) is None and not review.events_of(event):
            continue
        mine = [r for r in recipients(loaded, template, None) if r.id in (agency, person)]
        common = common_fields(loaded, template, today)
        out += [(template, letter_page(loaded, template, fill(template, common | r.fields, r.id), common, today))
                for r in mine]
    return out


def write_all(loaded: Loaded, template: Template, to: str | None, fmt: OutputFormat, today: date,
              keep_private: bool, render: Callable[[Page, Path], None]) -> Written:
    """Every recipient's letter, checked for family names before any file is written."""
    common = common_fields(loaded, template, today)
    attached = attachments(loaded, template)
    letters = [(r, fill(template, common | r.fields, r.id) + attached) for r in recipients(loaded, template, to)]
    if not letters:
        raise DataError(f"nobody to send the '{template.kind}' letter to",
                        hint="give --to, or add the people or agencies it is for")
    matcher = family_matcher(loaded)
    named = [r.id for r, text in letters if matcher is not None and matcher.hits(text)]
    if named and not keep_private:
        raise DataError(f"the letter to '{named[0]}' names a family member",
                        hint="build it with --private (0600 files in build/letters/private/), never public")
    out_dir = loaded.root / "build" / LETTERS / ("private" if keep_private else "")
    out_dir.mkdir(parents=True, exist_ok=True, mode=private.FOLDER_MODE if keep_private else 0o777)
    if keep_private:
        private.close_folder(loaded.root, out_dir)
    written = Written(private=keep_private)
    for recipient, text in letters:
        page = letter_page(loaded, template, text, common, today)
        final = out_dir / f"{template.kind}-{recipient.id}{fmt.suffix}"
        tmp = final.with_name(f".{final.name}.tmp")
        render(page, tmp)
        os.chmod(tmp, private.FILE_MODE if keep_private else 0o644)
        os.replace(tmp, final)
        written.files.append(final)
        if recipient.agency:
            written.agencies.append(recipient.agency)
    written.log_event = str(template.front.get("log") or "")
    return written
