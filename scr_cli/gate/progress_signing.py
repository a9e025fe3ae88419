"""`scr action signoff ID`: the owning agency's senior manager signs an action's completion.

The signed record is the one `scr signoff` signs (review/canonical.record_bytes), naming the progress entry
(`07-action-plan/progress.yaml#ID`) and carrying the entry's fingerprint: its words, its evidence (each file by
the digest of its bytes) and the action's row in the plan. The signature is checked as the hooks will check
it (the signer's registered key, on the chair-signed readers list) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from scr_cli.crypto.homes import gnupg_home
from scr_cli.errors import DataError, Refused
from scr_cli.gate.signatures import work_check
from scr_cli.review.canonical import record_bytes
from scr_cli.review.layout import ACTION_PLAN, PEOPLE, PROGRESS
from scr_cli.review.model import Action, EntrySignature, Person, ProgressEntry, Review, SignOff
from scr_cli.review.monitoring import action_row, entries_for, entry_fingerprint, row_digest, signature_state
from scr_cli.review.regime import Regime
from scr_cli.store import loader
from scr_cli.store.progress_edit import set_signature


@dataclass(frozen=True)
class ActionSigned:
    """The result of `scr action signoff`: the action, who signed for which agency, the fingerprint, the day."""

    action: str
    person: str
    agency: str
    fingerprint: str
    date: date


def require_records(loaded: loader.Loaded) -> None:
    """Refuse to write beside a plan, progress file or people list that cannot be read."""
    broken = [i for i in loaded.errors() if i.path in (ACTION_PLAN, PROGRESS, PEOPLE)]
    if broken:
        e = broken[0]
        raise DataError(e.message, path=e.path, line=e.line or None, column=e.column or None, hint=e.hint)


def find_action(review: Review, action_id: str) -> Action:
    action = next((a for a in review.actions if a.id == action_id), None)
    if action is None:
        known = ", ".join(a.id for a in review.actions) or "none yet"
        raise DataError(f"no action '{action_id}' in the action plan", path=ACTION_PLAN,
                        hint=f"use an action id from {ACTION_PLAN} ({known})")
    return action


def _completion(review: Review, action: Action) -> ProgressEntry:
    entries = entries_for(review, action.id)
    latest = entries[-1] if entries else None
    if latest is None or latest.status != "complete":
        raise Refused(f"{action.id}'s latest progress entry is not a completion",
                      hint=f"record it first: `scr action update {action.id} --status complete --evidence ... "
                           "--note ...`")
    missing = [e.value for e in latest.evidence if e.kind == "file" and e.digest in ("missing", "outside")]
    if not latest.evidence or missing:
        where = f" ({missing[0]})" if missing else ""
        raise Refused(f"{action.id}'s completion has no evidence in the review{where}",
                      path=latest.pos.path, line=latest.pos.line or None,
                      hint="record the completion again with --evidence (a file in the review or a reference)")
    return latest


def _signer(review: Review, regime: Regime, action: Action, person_id: str | None, secret: set[str]) -> Person:
    role = regime.followup.monitoring.signer
    holders = [p for p in review.people if role in p.roles and p.agency == action.owner_agency]
    if person_id is not None:
        chosen = next((p for p in holders if p.id == person_id), None)
        if chosen is None:
            raise Refused(f"'{person_id}' is not a {role} of '{action.owner_agency}' in people.yaml",
                          hint=f"the owning agency's {role} signs its completion")
        return chosen
    mine = [p for p in holders if p.key_fingerprint and p.key_fingerprint.upper() in secret]
    if len(mine) == 1 or len(holders) == 1:
        return mine[0] if len(mine) == 1 else holders[0]
    if not holders:
        raise Refused(f"nobody in people.yaml is a {role} of '{action.owner_agency}'",
                      hint=f"add {role} to the roles of the agency's senior manager, with their agency")
    raise DataError(f"cannot tell who is signing for '{action.owner_agency}' "
                    f"(holders: {', '.join(p.id for p in holders)})", hint="add --person ID")


def sign_completion(root: Path, action_id: str, person_id: str | None, today: date,
                    home: Path | None = None) -> ActionSigned:
    """The owning agency's senior manager signs the completion entry of an action with the key in `home`."""
    from scr_cli.adapters import gpg

    home = gnupg_home(home, root)
    loaded = loader.load(root)
    require_records(loaded)
    review, regime = loaded.review, loaded.regime
    action = find_action(review, action_id)
    entry = _completion(review, action)
    secret = {f.upper() for f in gpg.list_keys(home, secret=True)}
    person = _signer(review, regime, action, person_id, secret)
    if not person.key_fingerprint or person.key_fingerprint.upper() not in secret:
        raise Refused(f"the secret key of '{person.id}' is not in this keyring" if person.key_fingerprint
                      else f"'{person.id}' has no key_fingerprint in people.yaml",
                      hint="sign on the computer that holds their key (check with `gpg -K`)")
    role = regime.followup.monitoring.signer
    fingerprint = entry_fingerprint(entry, row_digest(action_row(action)))
    record = SignOff(f"{PROGRESS}#{action.id}", 1, fingerprint, person.id, role, today, entry.pos, action.owner_agency)
    signature = gpg.sign_detached(home, record_bytes(record), person.key_fingerprint).decode("ascii")
    signed = replace(entry, signed=EntrySignature(person.id, role, action.owner_agency, today, fingerprint, signature,
                                                  entry.pos))
    state = signature_state(signed, action, review, regime, work_check(root))
    if state is not None and state.state != "valid":
        raise Refused(f"the sign-off would not count: {state.reason}", hint="nothing was written")
    set_signature(root, entry.index, {"person": person.id, "role": role, "agency": action.owner_agency,
                                      "date": today, "fingerprint": fingerprint, "signature": signature})
    return ActionSigned(action.id, person.id, action.owner_agency, fingerprint, today)
