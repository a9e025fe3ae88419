"""Where things are in a review repository: every path fact, written once.

The regime file owns the documents (their paths, draft rules and sign-offs) and lists the paths that may be
committed in plaintext (`public:`); this module holds the paths the code itself must know: the registries,
the stage folders, the keys and settings, and the built-in sensitive paths that nothing can make public.
Everything here is a plain value or a pure function (no I/O).
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
PLAN = "plan.yaml"  # planned dates of events still to come (the log records only what happened)
PROGRESS = "07-action-plan/progress.yaml"  # progress on each action, beside the signed plan
PROCEEDINGS = "proceedings.yaml"  # trials, inquests and other proceedings running beside the review
FOI = "08-publication/foi.yaml"  # freedom-of-information requests (names the requester: sensitive)
EVALUATION = "08-publication/evaluation.yaml"  # Ofsted's evaluation letter: inspector and grades
CRITERIA_ANSWERS = "02-decision/criteria.yaml"  # the criteria answered for the decision (`scr decide`); sensitive
SETTINGS_DIR = ".scr"
CONFIG = f"{SETTINGS_DIR}/config.yaml"
REGIME_VARIANT = f"{SETTINGS_DIR}/regime.yaml"  # a board's local variant of the review's regime
CALENDAR_STATE = f"{SETTINGS_DIR}/calendar.yaml"  # the dates and sequence numbers `scr calendar` last wrote
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
REGISTRIES = (REVIEW, CONFIG, REGIME_VARIANT, PEOPLE, AGENCIES, LOG, PLAN, SIGNOFFS, FAMILY, PROCEEDINGS)
# What is recorded beside the documents and read without decrypting (hooks, scr portfolio).
TRACKING_FILES = (PROGRESS, PROCEEDINGS, EVALUATION)
# What the draft and sign-off rules read besides the documents themselves.
MODEL_FILES = (PEOPLE, AGENCIES, SIGNOFFS, LOG, ACTION_PLAN, *TRACKING_FILES)

# Default deny: a file whose path the regime does not list as public is committed only as its `.gpg`.
# These are sensitive whatever a board adds to its public paths (matched in any case). The globs also find
# the plaintext of a first `scr lock`, which .gitignore hides from git.
SENSITIVE = (
    FAMILY,
    "family.*",
    "01-referral/**",
    "02-decision/**",
    "05-imr/**",
    "06-overview/overview-report*",
    FOI,  # names the member of the public who asked
)
# Where scr itself expects sensitive plaintext: found by `scr lock` even while .gitignore hides it.
KNOWN_PLAINTEXT = (
    FAMILY,
    "01-referral/*.md",
    "02-decision/*.md",
    CRITERIA_ANSWERS,
    "05-imr/*/imr.md",
    "05-imr/*/chronology.yaml",
    "05-imr/*/interviews/*.md",
    "05-imr/*/sent.yaml",
    "05-imr/*/notes.yaml",  # Word's comments and tracked changes that came back (`scr receive`)
    "06-overview/overview-report.md",
    FOI,
)


def sent_record(agency: str) -> str:
    """Where `scr send` records every package of one agency's papers: whom, which files and versions, when."""
    return f"{IMR_FOLDER}/{agency}/sent.yaml"


def is_document(path: str) -> bool:
    """Whether a path is one of the review's documents: Markdown in a stage folder, or the action plan."""
    return (path.endswith(".md") and path.startswith(tuple(f + "/" for f in DOCUMENT_FOLDERS))) or path == ACTION_PLAN


def may_be_evidence(path: str) -> bool:
    """A changed file that could be an action's evidence (not a document, registry, key or ciphertext)."""
    return not (path.endswith((".md", ".gpg")) or path in MODEL_FILES or path in REGISTRIES
                or path.startswith(SETTINGS_DIR + "/"))


def touches_follow_up(paths: set[str]) -> bool:
    """Whether a change reaches what the follow-up rules guard: the log, progress.yaml or possible evidence."""
    return bool(paths & {LOG, PROGRESS}) or any(may_be_evidence(p) for p in paths)


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


def matches(path: str, globs: Iterable[str]) -> bool:
    """Whether a path matches a glob exactly as written (case counts; `**` spans folders)."""
    parts = path.split("/")
    return any(_match_parts(parts, g.strip("/").split("/")) for g in globs)


def is_sensitive(path: str, globs: Iterable[str]) -> bool:
    """Whether a plaintext path matches a sensitive glob (`*` stays inside one folder, `**` spans folders).

    Case is ignored: on Windows and macOS `Referral.MD` is the same file as `referral.md`.
    """
    parts = path.lower().split("/")
    return any(_match_parts(parts, g.lower().strip("/").split("/")) for g in globs)


def is_public(path: str, public: Iterable[str]) -> bool:
    """Whether a path may hold plaintext by name.

    It matches a public glob exactly as written (case counts: `People.YAML` is not public), and no built-in
    sensitive glob in any case.
    """
    parts = path.split("/")
    return any(_match_parts(parts, g.strip("/").split("/")) for g in public) and not is_sensitive(path, SENSITIVE)


def gitignore_line(path: str) -> str:
    """The .gitignore line that hides exactly this file (anchored; git's pattern characters escaped)."""
    escaped = "".join("\\" + c if c in "*?[\\" else c for c in path.strip("/"))
    escaped = escaped.rstrip(" ") + "\\ " * (len(escaped) - len(escaped.rstrip(" ")))  # trailing spaces count
    return "/" + escaped
