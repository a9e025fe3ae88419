"""Where things are in a review repository: every path fact, written once.

The regime file owns the documents (their paths, draft rules and sign-offs); this module holds the paths
the code itself must know: the registries, the stage folders, the keys and settings, and which paths
hold sensitive plaintext. Everything here is a plain value or a pure function (no I/O).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence

REVIEW = "review.yaml"
PEOPLE = "people.yaml"
AGENCIES = "agencies.yaml"
LOG = "log.yaml"
SIGNOFFS = "signoffs.yaml"
FAMILY = "family.yaml"
ACTION_PLAN = "07-action-plan/action-plan.yaml"
SETTINGS_DIR = ".scr"
CONFIG = f"{SETTINGS_DIR}/config.yaml"
SCHEMAS_DIR = f"{SETTINGS_DIR}/schemas"
FONTS_DIR = f"{SETTINGS_DIR}/fonts"  # the house font files, when the board has one (Typst has no Arial)
KEYS_DIR = f"{SETTINGS_DIR}/keys"
READERS = f"{KEYS_DIR}/readers.yaml"
SIGNATURE = f"{READERS}.sig"
BUILD_DIR = "build"

# The stage folders that hold the review's documents, in order.
DOCUMENT_FOLDERS = ("01-referral", "02-decision", "03-scoping", "04-terms-of-reference", "05-imr",
                    "06-overview", "07-action-plan", "08-publication")
IMR_FOLDER = "05-imr"
# The YAML files the review model is read from (with the documents in the stage folders).
REGISTRIES = (REVIEW, CONFIG, PEOPLE, AGENCIES, LOG, SIGNOFFS, FAMILY)
# What the draft and sign-off rules read besides the documents themselves.
MODEL_FILES = (PEOPLE, AGENCIES, SIGNOFFS, LOG, ACTION_PLAN)

# Plaintext that is never committed: only its `.gpg` may enter git.
SENSITIVE = (
    FAMILY,
    "01-referral/*.md",
    "02-decision/*.md",
    "05-imr/*/imr.md",
    "05-imr/*/chronology.yaml",
    "05-imr/*/interviews/*.md",
    "06-overview/overview-report.md",
)


def is_document(path: str) -> bool:
    """Whether a path is one of the review's documents: Markdown in a stage folder, or the action plan."""
    return (path.endswith(".md") and path.startswith(tuple(f + "/" for f in DOCUMENT_FOLDERS))) or path == ACTION_PLAN


def in_stage_folder(path: str) -> bool:
    return path.startswith(tuple(f + "/" for f in DOCUMENT_FOLDERS))


def chronology(agency: str) -> str:
    return f"{IMR_FOLDER}/{agency}/chronology.yaml"


def key_file(person: str) -> str:
    return f"{KEYS_DIR}/{person}.asc"


def _match_parts(parts: Sequence[str], pats: Sequence[str]) -> bool:
    if not pats:
        return not parts
    if pats[0] == "**":
        return any(_match_parts(parts[i:], pats[1:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatch.fnmatchcase(parts[0], pats[0]) and _match_parts(parts[1:], pats[1:])


def is_sensitive(path: str, globs: Iterable[str]) -> bool:
    """Whether a plaintext path matches a sensitive glob (`*` stays inside one folder, `**` spans folders).

    Case is ignored: on Windows and macOS `Referral.MD` is the same file as `referral.md`.
    """
    parts = path.lower().split("/")
    return any(_match_parts(parts, g.lower().strip("/").split("/")) for g in globs)


def gitignore_lines(globs: Iterable[str]) -> list[str]:
    return ["/" + g.strip("/") for g in globs]
