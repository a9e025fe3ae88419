"""JSON Schemas stay in step with the pydantic models; editors find them; the regime is consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scr_cli import paths
from scr_cli.store import loader, schema
from scr_cli.store.schema import FILE_MODELS
from scr_cli.store.schema_regime import RegimeFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import load_file

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
TEMPLATE = paths.review_template_dir()
# Templates under .scr/templates/ are written for the place they are copied to.
COPIED_TO = {".scr/templates/imr": "05-imr/agency-id"}
EXPECTED_SCHEMA = {
    "review.yaml": "review", "people.yaml": "people", "agencies.yaml": "agencies", "log.yaml": "log",
    "family.yaml": "family", "signoffs.yaml": "signoffs", "action-plan.yaml": "action-plan",
    "chronology.yaml": "chronology", "config.yaml": "config", "plan.yaml": "plan", "regime.yaml": "regime-variant",
    "proceedings.yaml": "proceedings",
}


@pytest.mark.parametrize("name", sorted(FILE_MODELS))
def test_committed_schema_matches_the_model(name: str) -> None:
    committed = paths.SCHEMAS_DIR / f"{name}.schema.json"
    assert committed.is_file(), f"run `python -m scr_cli.store.schema` to write {committed.name}"
    assert committed.read_text(encoding="utf-8") == schema.render_schema(name), (
        f"{committed.name} is out of date: run `python -m scr_cli.store.schema`")


def test_no_stale_schema_files() -> None:
    assert {p.name for p in paths.SCHEMAS_DIR.glob("*.json")} == {f"{n}.schema.json" for n in FILE_MODELS}


def test_new_review_carries_the_same_schemas(new_review: Path) -> None:
    carried = new_review / ".scr" / "schemas"
    for name in FILE_MODELS:
        assert (carried / f"{name}.schema.json").read_text(encoding="utf-8") == schema.render_schema(name)


def _yaml_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.yaml") if ".git" not in p.relative_to(root).parts)


@pytest.mark.parametrize("file", _yaml_files(TEMPLATE), ids=lambda p: p.relative_to(TEMPLATE).as_posix())
def test_template_yaml_points_at_its_schema(file: Path) -> None:
    rel = file.relative_to(TEMPLATE)
    first = file.read_text(encoding="utf-8").splitlines()[0]
    m = SCHEMA_LINE.match(first)
    assert m, f"{rel}: first line must be '# yaml-language-server: $schema=...'"
    folder = rel.parent.as_posix()
    placed = Path(COPIED_TO.get(folder, folder))
    target = Path("/review") / placed / m.group(1)
    resolved = Path(*Path(target.as_posix()).parts).resolve().relative_to(Path("/review").resolve())
    assert resolved.parent.as_posix() == ".scr/schemas", f"{rel}: {m.group(1)} is not in .scr/schemas/"
    assert (paths.SCHEMAS_DIR / resolved.name).is_file(), f"{rel}: no schema {resolved.name}"
    assert resolved.name == f"{EXPECTED_SCHEMA[file.name]}.schema.json", f"{rel}: wrong schema {resolved.name}"


def test_new_review_yaml_files_point_at_existing_schemas(new_review: Path) -> None:
    checked = 0
    for file in _yaml_files(new_review):
        rel = file.relative_to(new_review)
        if rel.parts[:2] == (".scr", "templates"):
            continue  # covered above, resolved where they are copied to
        m = SCHEMA_LINE.match(file.read_text(encoding="utf-8").splitlines()[0])
        assert m, rel
        assert (file.parent / m.group(1)).resolve().is_file(), f"{rel}: {m.group(1)} does not exist"
        checked += 1
    assert checked >= 8


def test_every_template_yaml_file_validates_against_its_model() -> None:
    for file in _yaml_files(TEMPLATE):
        rel = file.relative_to(TEMPLATE).as_posix()
        model = FILE_MODELS[EXPECTED_SCHEMA[file.name]]
        parsed, issues = validate(load_file(file, rel), model)
        assert parsed is not None and not issues, (rel, issues)


# --- the regime file ---

REGIME_FILE = paths.REGIMES_DIR / "scr-2015.yaml"


def test_regime_file_validates() -> None:
    parsed, issues = validate(load_file(REGIME_FILE, "scr-2015.yaml"), RegimeFile)
    assert parsed is not None, issues
    assert not issues


def test_regime_ids_are_unique_and_roles_known() -> None:
    regime = loader.load_regime("scr-2015")
    for group in (regime.events, regime.stages, regime.clocks, regime.documents, regime.roles, regime.independence):
        ids = [item.id for item in group]
        assert len(ids) == len(set(ids)), ids
    roles = {r.id for r in regime.roles}
    for d in regime.documents:
        assert {s.role for s in d.signoffs} <= roles, d.id
    for rule in regime.independence:
        assert {rule.role, *rule.roles} <= roles, rule.id
    assert regime.panel is not None and regime.panel.role in roles


def test_regime_has_the_events_the_issue_names() -> None:
    names = ("incident-known", "national-panel-notified", "board-notified", "referral-received",
             "agencies-notified", "ofsted-notified", "panel-convened", "case-to-chair", "decision",
             "decision-notified", "chair-appointed", "author-appointed", "terms-of-reference-sent",
             "imr-authors-briefed", "imr-circulated", "presentation-meeting", "extension-agreed",
             "extension-notified", "monthly-update", "adopted", "evaluation-letter-received",
             "summary-sent-to-ofsted", "summary-published", "action-plan-completed", "papers-destroyed")
    regime = loader.load_regime("scr-2015")
    assert set(names) <= {e.id for e in regime.events}
    decision = regime.event("decision")
    assert decision is not None
    outcome = {f.name: f for f in decision.fields}["outcome"]
    assert outcome.choices == ("review", "no-review")
    extension = regime.event("extension-agreed")
    assert extension is not None and {"new_date", "reason"} <= {f.name for f in extension.fields}


def test_every_document_rule_matches_a_template_file_or_folder() -> None:
    regime = loader.load_regime("scr-2015")
    template_docs = {p.relative_to(TEMPLATE).as_posix() for p in TEMPLATE.rglob("*") if p.is_file()}
    for d in regime.documents:
        if "*" in d.path:
            continue  # per-agency documents come from .scr/templates/imr
        assert d.path in template_docs, d.path
