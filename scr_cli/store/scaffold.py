"""A new review folder from review-template/: the case filled in, git initialised, the first commit made."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scr_cli import __version__, atomic, fileio, paths
from scr_cli.adapters import git
from scr_cli.errors import DataError, EnvironmentProblem, FileProblem
from scr_cli.store import pristine, schema, yamledit
from scr_cli.store.loader import load_regime

TEMPLATE_VERSION = "1"
_FRONT_DATE = re.compile(pristine.FRONT_DATE.pattern.decode(), re.MULTILINE)


@dataclass(frozen=True)
class NewResult:
    """The result of `scr new`: the review's folder, its first commit and how many files it holds."""

    root: Path
    commit: str
    files: int


@dataclass(frozen=True)
class NewReview:
    """What `scr new` is asked to make: where, the case's reference, board, child and referral date."""

    path: Path
    reference: str
    board: str
    child: str
    referral_received: date
    regime: str = "scr-2015"
    today: date | None = None
    identity: tuple[str, str] | None = None  # (name, email) for the first commit; else the user's git config
    commit_date: str | None = None  # the first commit's date (ISO 8601); else now


def _refuse_early(req: NewReview, today: date) -> None:
    if req.path.exists() and (not req.path.is_dir() or any(req.path.iterdir())):
        raise DataError(f"{req.path} already exists and is not empty", hint="choose a new folder name")
    parent = fileio.resolve(req.path).parent
    if not parent.is_dir():
        raise DataError(f"{parent} is not an existing folder", hint="create it first, or choose another place")
    try:
        fileio.refuse_read_only(parent / req.path.name)  # a read-only folder: say so before copying anything
    except FileProblem as exc:
        raise EnvironmentProblem(f"cannot create the review in {parent} ({exc.message})",
                                 hint=exc.hint or "choose a folder you can write to") from None
    for value, flag in ((req.reference, "--ref"), (req.board, "--board"), (req.child, "--child")):
        if not value.strip():
            raise DataError(f"{flag} must not be empty", hint=f"give {flag} a value")
    if req.referral_received > today:
        raise DataError(f"--referral-received {req.referral_received} is in the future",
                        hint="give the date the referral actually arrived")
    regime = load_regime(req.regime)  # unknown regime -> one-line error before anything is written
    if not regime.scr_events.opened:
        raise DataError(f"the regime '{req.regime}' names no event for opening a review",
                        hint="add scr_events.opened to the regime")
    if req.identity is None:
        git.require_identity()


class _CopyFailed(Exception):
    """A file of the template could not be copied: raised past copytree, which would keep only its text."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _copy(source: str, target: str) -> object:
    try:
        return shutil.copy2(source, target)
    except OSError as exc:
        raise _CopyFailed(exc) from exc


def create(req: NewReview, prepare: Callable[[Path], object] | None = None) -> NewResult:
    """Make the review; `prepare` runs on the new repository before its first commit (the hooks go in)."""
    today = req.today or date.today()
    _refuse_early(req, today)
    target = fileio.resolve(req.path)
    staging = target.parent / f".{target.name}.scr-new"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        try:
            shutil.copytree(paths.review_template_dir(), staging, copy_function=_copy)
            overlay = load_regime(req.regime).template
            if overlay:  # the regime's own papers, laid over the common ones
                shutil.copytree(paths.regime_templates_dir() / overlay, staging, dirs_exist_ok=True,
                                copy_function=_copy)
        except (OSError, _CopyFailed) as exc:
            cause = fileio.problem(exc.error if isinstance(exc, _CopyFailed) else exc)
            raise EnvironmentProblem(f"cannot create the review in {target.parent} ({cause.message})",
                                     hint=cause.hint or "choose a folder you can write to") from None
        # Kept as `gitignore` in scr's own repository: as `.gitignore` it would hide the template's files from git.
        os.replace(staging / "gitignore", staging / ".gitignore")
        _fill(staging, req)
        if target.exists():
            target.rmdir()  # empty (checked above)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        git.init(target)
        if req.identity:
            git.set_identity(target, *req.identity)
        if prepare is not None:
            prepare(target)
        # through the hooks `prepare` installed, as every later commit goes
        commit = git.commit_all(target, f"Open review {req.reference}", date=req.commit_date)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)  # nothing half-made is left behind
        raise
    files = sum(1 for p in target.rglob("*") if p.is_file() and ".git" not in p.parts)
    return NewResult(target, commit, files)


def _fill(root: Path, req: NewReview) -> None:
    def fill_review(data: dict[str, object]) -> None:
        data["reference"] = req.reference
        data["board"] = req.board
        data["regime"] = req.regime
        data["child"] = req.child
        data["created_with"] = yamledit.mapping({"scr": __version__, "template": TEMPLATE_VERSION})

    yamledit.edit(root / "review.yaml", "review.yaml", fill_review)

    opened = load_regime(req.regime).scr_events.opened

    def first_event(data: dict[str, object]) -> None:
        data["events"] = [yamledit.mapping({"event": opened, "date": req.referral_received})]

    yamledit.edit(root / "log.yaml", "log.yaml", first_event)
    yamledit.edit(root / "family.yaml", "family.yaml",
                  lambda data: data["members"][0].__setitem__("pseudonym", req.child))
    plan = root / "07-action-plan/action-plan.yaml"
    documents = [*root.glob("0*/**/*.md"), *root.glob(".scr/templates/**/*.md"), plan]
    # The papers start on the referral day, so a review opened after the fact (a back-dated one) holds no
    # document dated after the events it records.
    for doc in documents:
        text = doc.read_text(encoding="utf-8")
        atomic.write_text(doc, _FRONT_DATE.sub(f"date: {req.referral_received.isoformat()}", text, count=1))
    schema.export_schemas(root / ".scr" / "schemas")
