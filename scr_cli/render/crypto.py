"""Output of the encryption commands."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from scr_cli.render import line, warn
from scr_cli.review.scopes import label

if TYPE_CHECKING:
    from scr_cli.crypto.doctor import DoctorResult
    from scr_cli.crypto.keys import KeysResult
    from scr_cli.crypto.lock import LockResult
    from scr_cli.crypto.rekey import RekeyResult
    from scr_cli.crypto.unlock import UnlockResult
    from scr_cli.gate.edit import EditResult


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def locked(result: LockResult) -> None:
    for rel in result.encrypted:
        line(f"locked {rel}.gpg")
    line(f"{_count(len(result.encrypted), 'file')} encrypted, {len(result.unchanged)} unchanged"
         + (f", {len(result.not_unlocked)} not unlocked" if result.not_unlocked else ""))
    for rel in result.stale:
        warn(f"{rel}.gpg changed in git since you unlocked it and your copy has no edits: run `scr unlock {rel}`")
    if result.gitignore_updated:
        line(".gitignore now lists the sensitive plaintext paths")


def unlocked(result: UnlockResult) -> None:
    for rel in result.written:
        line(f"unlocked {rel}")
    line(f"{_count(len(result.written), 'file')} decrypted, {len(result.unchanged)} already up to date")
    groups: dict[str, int] = {}
    for rel in result.skipped:
        groups[label(rel)] = groups.get(label(rel), 0) + 1
    for scope, n in sorted(groups.items()):
        where = "of the core readers' files" if scope == "core" else f"{'file' if n == 1 else 'files'} of {scope}"
        line(f"skipped {n} {where}: not in your scope, so not encrypted to you")


def rekeyed(result: RekeyResult) -> None:
    if result.resumed:
        line(f"finished an interrupted re-encryption ({_count(result.resumed, 'file')})")
    line(f"{_count(len(result.changed), 'file')} re-encrypted to the signed readers, {len(result.unchanged)} unchanged")


def keys_changed(result: KeysResult, verb: str) -> None:
    if result.person:
        line(f"{verb} reader {result.person} ({result.fingerprint})")
    if result.signed_by:
        line(f"readers list signed by {result.signed_by}")
    if result.rekey is not None:
        rekeyed(result.rekey)
    if result.pending_signature:
        warn("the readers list is now unsigned: the board or panel chair must run `scr keys sign` "
             "(it also re-encrypts the files); until then `scr lock` refuses to run")
    if verb == "removed":
        line(f"{result.person} can no longer read the current files, but can still read up to "
             f"{_count(result.history_versions, 'earlier encrypted version')} kept in git history: "
             "old versions were encrypted to them, and git keeps every version. Re-encryption protects only "
             "new versions.")


def keys_list(result: KeysResult) -> None:
    width = max([len(r.person) for r in result.rows] + [6])
    rows = [(r, ", ".join(r.roles) + (f" ({r.agency})" if r.agency and r.roles else "") or "-") for r in result.rows]
    signs = max([len(roles) for _, roles in rows] + [8])
    reads = max([len(r.reads) for r in result.rows] + [5])
    line(f"{'person':<{width}}  {'fingerprint':<40}  {'expires':<10}  encrypt  {'roles':<{signs}}  "
         f"{'reads':<{reads}}  state")
    for row, roles in rows:  # the state last, so a damaged key is at the end of its row
        expires = time.strftime("%Y-%m-%d", time.gmtime(row.expires)) if row.expires else "never"
        line(f"{row.person:<{width}}  {row.fingerprint:<40}  {expires:<10}  {'yes' if row.can_encrypt else 'no':<7}  "
             f"{roles:<{signs}}  {row.reads:<{reads}}  {row.state}")
    line(f"signature: {result.signature}")


def edited(result: EditResult) -> None:
    line(f"re-encrypted {result.path}.gpg" if result.changed else f"no changes to {result.path}")


def doctor(result: DoctorResult) -> None:
    for finding in result.findings:
        mark = "cleaned" if finding.cleaned else ("fix" if finding.problem else "note")
        line(f"{mark}: {finding.path}: {finding.message}" + (f" — {finding.hint}" if finding.hint and
                                                               not finding.cleaned else ""))
    if not result.findings:
        line("no leftovers, plaintext objects, wrong readers or expired keys found")
    else:
        line(f"{_count(len(result.findings), 'finding')}, {result.problems_left} left to fix")
