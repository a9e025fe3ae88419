"""scr person add | list: the professionals taking part, in people.yaml (comments kept). No commit.

A person is checked before anything is written: a role the regime knows, an agency in agencies.yaml when the
role belongs to one, a role only one may hold still free, the independence rules kept. With `--key` the key
is imported and the person added to the readers list through `scr keys add`'s own code, and its fingerprint
written to people.yaml, so nobody types one; the list then waits for the chair's `scr keys sign`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from scr_cli import atomic, fileio
from scr_cli.crypto import keys
from scr_cli.crypto.homes import gnupg_home
from scr_cli.crypto.keys import KeysResult
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.review.checks import independence_issues
from scr_cli.review.model import Person, Pos, Review
from scr_cli.review.regime import Regime
from scr_cli.store import registry
from scr_cli.store.schema_base import ID

_READ = (layout.REVIEW, layout.REGIME_VARIANT, layout.AGENCIES, layout.PEOPLE)
_HERE = Pos("command line")


@dataclass(frozen=True)
class PersonResult:
    """The person added to people.yaml, and what adding their key did."""

    id: str
    roles: tuple[str, ...]
    agency: str | None
    path: Path
    keys: KeysResult | None = None


@dataclass(frozen=True)
class PeopleList:
    """Everyone in people.yaml, with the title of each role."""

    people: list[Person]
    role_titles: dict[str, str]


def _role_problem(role: str, agency: str | None, review: Review, regime: Regime) -> str | None:
    spec = regime.role(role)
    if spec is None:
        return f"unknown role '{role}' (the regime's roles: {', '.join(r.id for r in regime.roles)})"
    if spec.agency and not agency:
        return f"role '{role}' belongs to an agency: give --agency"
    holder = next((p for p in review.people if role in p.roles), None)
    if spec.unique and holder is not None:
        return f"only one person may be {role}, and '{holder.id}' is"
    return None


def check_person(person: Person, review: Review, regime: Regime) -> None:
    """Refuse a new person the registry rules or the independence rules would not accept."""
    if not re.match(ID, person.id):
        raise DataError(f"person '{person.id}' is not a valid id",
                        hint="use lower-case letters, digits and single hyphens, e.g. 'imr-police'")
    existing = review.person(person.id)
    if existing is not None:
        pos = existing.pos
        raise DataError(f"person '{person.id}' is already in people.yaml", path=pos.path, line=pos.line,
                        column=pos.column, hint="choose another id, or edit the entry there")
    if not person.name.strip():
        raise DataError("--name is empty", hint="give the person's name")
    if person.agency and person.agency not in {a.id for a in review.agencies}:
        raise DataError(f"no agency '{person.agency}' in agencies.yaml", path=layout.AGENCIES,
                        hint=f"add it first with `scr agency add {person.agency} --name ... --sector ...`")
    for role in person.roles:
        problem = _role_problem(role, person.agency, review, regime)
        if problem:
            raise DataError(problem, hint="see `scr regime show` for the roles and their rules")
    broken = [i for i in independence_issues(replace(review, people=(*review.people, person)), regime)
              if i.path == _HERE.path and i.code.startswith("independence:")]
    if broken:
        raise DataError(broken[0].message, hint=broken[0].hint)


def add(path: Path, person_id: str, name: str, roles: list[str], agency: str | None = None,
        keyfile: Path | None = None, gnupghome: Path | None = None, job_title: str = "") -> PersonResult:
    loaded = registry.load_clean(path, _READ)
    person = Person(person_id, name, tuple(roles), _HERE, agency or None)
    check_person(person, loaded.review, loaded.regime)
    if keyfile is not None and not keyfile.is_file():
        raise DataError(f"{keyfile} does not exist", hint="give the path of the exported public key (.asc)")
    file = loaded.root / layout.PEOPLE
    before = fileio.read_bytes(file, layout.PEOPLE)
    registry.append_entry(file, layout.PEOPLE, "people", registry.person_entry(person_id, name, roles, agency,
                                                                                job_title.strip()))
    if keyfile is None:
        return PersonResult(person_id, tuple(roles), agency, file)
    try:
        added = keys.add(loaded.root, keyfile, person_id, gnupg_home(gnupghome, loaded.root))
    except BaseException:
        atomic.write_bytes(file, before)  # a refused key leaves people.yaml as it was
        raise
    registry.set_field(file, layout.PEOPLE, "people", person_id, "key_fingerprint", added.fingerprint)
    return PersonResult(person_id, tuple(roles), agency, file, added)


def list_people(path: Path) -> PeopleList:
    loaded = registry.load_clean(path, (layout.REVIEW, layout.PEOPLE))
    return PeopleList(list(loaded.review.people), {r.id: r.title for r in loaded.regime.roles})
