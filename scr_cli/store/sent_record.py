"""05-imr/<agency>/sent.yaml: every package of an agency's papers that `scr send` made, for §15's list.

One entry per package: the day, the person it went to, how it was protected (their key's fingerprint, or a
password that is never written down), the package's file name and digest, and each paper with the review file
it was made from, that file's version and the digest of its bytes. The file sits in the agency's IMR folder,
so it is sensitive like everything there: committed only as its `.gpg`, read by whoever reads that folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scr_cli import atomic
from scr_cli.errors import DataError
from scr_cli.review import layout
from scr_cli.store import yamledit
from scr_cli.store.yamlfile import load_file

_HEADER = ("# Packages of this agency's papers sent by `scr send` (docs/agencies.md): to whom, which files and\n"
           "# versions, when. Sensitive: committed only encrypted. The board lists from it who holds what.\n")


@dataclass(frozen=True)
class SentPaper:
    """One file of a package as recorded."""

    name: str
    source: str
    version: int | None


@dataclass(frozen=True)
class Sent:
    """One package as recorded."""

    agency: str
    date: date
    to: str
    protection: str  # "key" or "password"
    file: str
    papers: tuple[SentPaper, ...]


def record(root: Path, agency: str, entry: dict[str, Any]) -> str:
    """Append one package's entry (made when missing); returns the record's review-relative path."""
    rel = layout.sent_record(agency)
    file = root / rel
    if not file.exists():
        atomic.write_bytes(file, (_HEADER + "packages: []\n").encode("utf-8"), mode=0o600)
    yamledit.append_to(file, rel, "packages", entry)
    return rel


def _paper(item: object) -> SentPaper:
    data = item if isinstance(item, dict) else {}
    version = data.get("version")
    return SentPaper(str(data.get("name") or ""), str(data.get("source") or ""),
                     version if isinstance(version, int) else None)


def _entries(agency: str, rel: str, data: object) -> list[Sent]:
    items = data.get("packages") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise DataError("expected a list under `packages:`", path=rel, hint="restore it from git")
    out = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("date"), date):
            raise DataError("a package entry has no date", path=rel, hint="restore it from git")
        papers = item.get("papers")
        out.append(Sent(agency, item["date"], str(item.get("to") or ""), str(item.get("protection") or ""),
                        str(item.get("file") or ""), tuple(_paper(p) for p in papers or () if papers)))
    return out


def read_all(root: Path) -> tuple[list[Sent], list[str]]:
    """Every package recorded, oldest first, and the agencies whose record is locked (only its `.gpg` here)."""
    sent: list[Sent] = []
    locked: list[str] = []
    for folder in sorted(p for p in (root / layout.IMR_FOLDER).glob("*") if p.is_dir()):
        rel = layout.sent_record(folder.name)
        if (root / rel).is_file():
            sent += _entries(folder.name, rel, load_file(root / rel, rel).data)
        elif (root / f"{rel}.gpg").is_file():
            locked.append(folder.name)
    return sorted(sent, key=lambda s: (s.date, s.agency)), locked
