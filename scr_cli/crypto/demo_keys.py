"""Demo keys for `scr demo`: a throwaway GNUPGHOME inside the demo folder, readers signed, review locked.

The readers are the core ones (chairs, business manager, overview author) and every agency's IMR author and
senior officer, so the demo's papers are scoped as a real review's: each agency's folder to its own two.

The keys have no passphrase and are for the fictional demo only. The folder `.demo-gnupg` is git-ignored;
when its path is too long for gpg's sockets, a short /tmp symlink is used to reach it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scr_cli.adapters import gpg
from scr_cli.crypto.homes import DEMO_HOME
from scr_cli.crypto.lock import Judge, lock
from scr_cli.crypto.readers import described_roles, render, signing_entry
from scr_cli.crypto.readers import people as people_entries
from scr_cli.crypto.state import write_atomic
from scr_cli.review.layout import READERS, SIGNATURE
from scr_cli.review.layout import key_file as key_path
from scr_cli.store import yamledit
from scr_cli.store.settings import regime_facts
from scr_cli.store.tree import WorkTree

DEMO_READERS = ("board-chair", "business-manager", "panel-chair", "overview-author")
CHAIRS = ("board-chair", "panel-chair")


def _set_fingerprints(people: Path, fprs: dict[str, str]) -> None:
    """Set `key_fingerprint:` on the chairs' entries of people.yaml, keeping everything else as it is."""
    def change(data: Any) -> None:
        for person in data.get("people") or []:
            if person.get("id") in fprs:
                person["key_fingerprint"] = fprs[person["id"]]

    yamledit.edit(people, "people.yaml", change)


def _agency_readers(root: Path) -> list[str]:
    """The people who read their own agency's folder (an IMR author, a senior officer): scoped readers."""
    tree = WorkTree(root)
    roles = regime_facts(tree).scopes.agency
    found = []
    for person in people_entries(tree.read("people.yaml")):
        held = person.get("roles")
        if isinstance(person.get("agency"), str) and isinstance(held, list) and roles & set(map(str, held)):
            found.append(str(person.get("id")))
    return found


def _ignore(root: Path) -> None:
    file = root / ".gitignore"
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    if f"/{DEMO_HOME}/" not in text.splitlines():
        text += ("" if not text or text.endswith("\n") else "\n") + f"# demo keys (never commit keys)\n/{DEMO_HOME}/\n"
        write_atomic(file, text.encode("utf-8"), 0o644)


def demo_keys_and_lock(root: Path, judge: Judge | None = None,
                       also_sign: tuple[str, ...] = ()) -> dict[str, object]:
    """Demo keys for the demo's people, a readers list signed by the demo chair, the review locked.

    `also_sign`: more people who sign (an agency's senior manager): they get keys, fingerprints and a place on
    the list, since a sign-off counts only with a key on it.
    """
    home_dir = root / DEMO_HOME
    home_dir.mkdir(mode=0o700, exist_ok=True)
    os.chmod(home_dir, 0o700)
    _ignore(root)
    home = gpg.short_home_path(home_dir)
    people = root / "people.yaml"
    ids = {ln.strip()[len("- id: "):] for ln in people.read_text(encoding="utf-8").splitlines()
           if ln.strip().startswith("- id: ")}
    readers = list(dict.fromkeys(pid for pid in (*DEMO_READERS, *also_sign, *_agency_readers(root)) if pid in ids))
    try:
        fprs = {pid: gpg.generate_key(home, f"{pid} (scr demo) <{pid}@demo.invalid>") for pid in readers}
        _set_fingerprints(people, {p: f for p, f in fprs.items() if p in (*CHAIRS, *also_sign)})
        (root / ".scr/keys").mkdir(parents=True, exist_ok=True)
        for pid, fpr in fprs.items():
            write_atomic(root / key_path(pid), gpg.export_public(home, fpr), 0o644)
        # the trust root: each reader's key and the signing roles people.yaml gives them (the chairs')
        tree = WorkTree(root)
        described = described_roles(tree.read("people.yaml"), regime_facts(tree).signing_roles)
        entries = [signing_entry(pid, fpr, tree.read(key_path(pid)) or b"", described) for pid, fpr in fprs.items()]
        write_atomic(root / READERS, render(entries, previous="none"), 0o644)
        signer = fprs.get("board-chair") or fprs.get("panel-chair")
        if signer is None:
            raise ValueError("the demo has no chair")
        write_atomic(root / SIGNATURE, gpg.sign_detached(home, (root / READERS).read_bytes(), signer), 0o644)
        result = lock(root, None, home, judge=judge)
    finally:
        gpg.stop_agents(home)
    return {"locked": len(result.encrypted), "readers": len(fprs), "gnupghome": str(home_dir),
            "hint": "scr unlock (in the demo folder, scr uses the demo's keys)"}
