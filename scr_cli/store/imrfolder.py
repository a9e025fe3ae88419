"""An agency's IMR folder made from the review's templates (.scr/templates/imr/), its front matter filled.

The review's own templates come first (a board may have edited them); scr's shipped ones otherwise. What a
template leaves for the user to fill in the front matter (the agency, the author, the date) is filled from
the registry, and the chronology starts empty, so no placeholder of the template reaches the review.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from scr_cli import atomic, fileio, paths
from scr_cli.review import layout

TEMPLATES = f"{layout.SETTINGS_DIR}/templates/imr"
_FRONT = re.compile(r"\A---\n(.*?\n)---\n", re.S)


def template_dir(root: Path) -> Path:
    own = root / TEMPLATES
    return own if own.is_dir() else paths.review_template_dir() / TEMPLATES


def _set_front(text: str, values: dict[str, str]) -> str:
    """`text` with these front-matter keys set (added when the template lacks them)."""
    match = _FRONT.match(text)
    if match is None:
        return text
    front = match.group(1)
    for key, value in values.items():
        line = f"{key}: {value}\n"
        pattern = re.compile(rf"^{re.escape(key)}:.*\n", re.M)
        front = pattern.sub(lambda _m, new=line: new, front, count=1) if pattern.search(front) else front + line
    return f"---\n{front}---\n" + text[match.end():]


def _chronology(text: str, agency: str) -> str:
    """The chronology template with the agency filled and its sample entry taken out (comments kept)."""
    head = re.sub(r"^agency:.*$", f"agency: {agency}", text, count=1, flags=re.M)
    cut = head.find("\nentries:")
    return (head[:cut + 1] if cut >= 0 else head) + "entries: []\n"


def create(root: Path, agency: str, author: str, today: date) -> list[str]:
    """Write 05-imr/AGENCY/ (imr.md, chronology.yaml, interviews/); the paths written, relative to root."""
    source = template_dir(root)
    folder = f"{layout.IMR_FOLDER}/{agency}"
    imr = fileio.read_bytes(source / "imr.md", f"{TEMPLATES}/imr.md").decode("utf-8")
    chronology = fileio.read_bytes(source / "chronology.yaml", f"{TEMPLATES}/chronology.yaml").decode("utf-8")
    front = {"version": "1", "date": today.isoformat(), "status": "draft", "agency": agency, "author": author}
    written = {f"{folder}/imr.md": _set_front(imr, front), layout.chronology(agency): _chronology(chronology, agency),
               f"{folder}/interviews/.gitkeep": ""}
    for rel, text in written.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(root / rel, text)
    return list(written)


def interview_record(root: Path, agency: str, interviewee: str, today: date) -> str | None:
    """Write 05-imr/AGENCY/interviews/INTERVIEWEE.md from the template (None when one is there already)."""
    rel = f"{layout.IMR_FOLDER}/{agency}/interviews/{interviewee}.md"
    if (root / rel).exists():
        return None
    source = template_dir(root) / "interviews" / "interview-record.md"
    text = fileio.read_bytes(source, f"{TEMPLATES}/interviews/interview-record.md").decode("utf-8")
    front = {"version": "1", "date": today.isoformat(), "status": "draft", "interviewee": interviewee}
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(root / rel, _set_front(text, front))
    return rel
