"""Every shipped regime: consistent data, a source for every number, and the same clock engine tests for each.

The engine tests are written once, from each clock's own data (its start, length, roll, condition and what
meets it), and run over every clock of every regime: a new regime is tested the moment it ships. The due
dates they expect come from a plain day-by-day count written here, not from the engine.
"""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from scr_cli import paths
from scr_cli.review.clocks import WorkingCalendar, add_months, clock_status
from scr_cli.review.model import Event, PlannedEvent, Pos, Review, ReviewInfo
from scr_cli.review.regime import ClockSpec, Regime
from scr_cli.store import bankholidays, loader
from scr_cli.store.schema_regime import RegimeFile
from scr_cli.store.validate import validate
from scr_cli.store.yamlfile import load_file

REGIMES = paths.shipped_regimes()
PACKAGE = Path(__file__).resolve().parent.parent / "scr_cli"
HOLIDAYS = bankholidays.england(range(2024, 2034))
CAL = WorkingCalendar(HOLIDAYS)
START = date(2025, 12, 19)  # a Friday before Christmas, Boxing Day and New Year's Day


def test_both_regimes_ship() -> None:
    assert {"scr-2015", "cspr-2018"} <= set(REGIMES)


# --- no code names a clock or an event ---

def _ids() -> dict[str, str]:
    named: dict[str, str] = {}
    for regime_id in REGIMES:
        regime = loader.load_regime(regime_id)
        named.update({e.id: f"event of {regime_id}" for e in regime.events})
        named.update({c.id: f"clock of {regime_id}" for c in regime.clocks})
    return named


def _strings(tree: ast.AST) -> list[tuple[str, int]]:
    """Every string constant in a module, the parts of f-strings included, except docstrings."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    return [(node.value, node.lineno) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def _command_names() -> set[str]:
    """scr's own command names ('completion' is a command, and also a clock of scr-2015)."""
    import typer

    from scr_cli.app import build_app

    group = typer.main.get_command(build_app())
    return set(getattr(group, "commands", {}))


def test_no_module_names_a_clock_or_an_event_of_any_regime() -> None:
    commands = _command_names()
    named = {k: v for k, v in _ids().items() if k not in commands}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "_bundled" in path.parts:
            continue
        for text, line in _strings(ast.parse(path.read_text(encoding="utf-8"))):
            if text in named:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: '{text}' ({named[text]})")
    assert not found, "process rules belong in scr_cli/data/regimes/, not in code:\n" + "\n".join(found)


def test_the_name_finder_sees_plain_strings_and_f_string_parts() -> None:
    source = ('def f(r):\n    """rapid-review in a docstring is prose."""\n'
              '    return r.events_of("lcspr-decision"), f"{r}adopted"\n')
    found = {text for text, _ in _strings(ast.parse(source))}
    assert "lcspr-decision" in found and "adopted" in found
    assert not any("docstring" in text for text in found)


# --- the data of each regime ---

@pytest.fixture(params=REGIMES)
def regime(request: pytest.FixtureRequest) -> Regime:
    return loader.load_regime(request.param)


@pytest.mark.parametrize("regime_id", REGIMES)
def test_the_file_validates_against_the_regime_schema(regime_id: str) -> None:
    parsed, issues = validate(load_file(paths.REGIMES_DIR / f"{regime_id}.yaml", regime_id), RegimeFile)
    assert parsed is not None and not issues, issues
    assert parsed.id == regime_id


def _used_events(regime: Regime) -> dict[str, str]:
    used: dict[str, str] = {}
    for c in regime.clocks:
        for name in (c.starts, c.before, c.extended_by, c.extension_notified_by, c.repeat_until,
                     *c.met_by, *c.requires_also, c.only_if.event if c.only_if else None):
            if name:
                used[name] = f"clock {c.id}"
    for s in regime.stages:
        for name in (*s.reached_by, s.when.event if s.when else None):
            if name:
                used[name] = f"stage {s.id}"
    for o in regime.order:
        used[o.earlier] = used[o.later] = "order"
    for n in regime.notices:
        used[n.event] = f"notice {n.id}"
    used.update({d.then_log: f"document {d.id}" for d in regime.documents if d.then_log})
    logs = regime.scr_events
    for name in (logs.opened, logs.reopened, logs.switched, logs.imr_commissioned, logs.imr_received,
                 logs.interview_notice, logs.papers_sent, regime.proceeds_if.event if regime.proceeds_if else ""):
        if name:
            used[name] = "scr_events / proceeds_if"
    return used


def test_every_event_the_regime_uses_is_defined(regime: Regime) -> None:
    known = {e.id for e in regime.events}
    assert {name: where for name, where in _used_events(regime).items() if name not in known} == {}


def test_ids_are_unique_and_roles_known(regime: Regime) -> None:
    for group in (regime.events, regime.stages, regime.clocks, regime.documents, regime.roles, regime.independence,
                  regime.notices):
        ids = [item.id for item in group]
        assert len(ids) == len(set(ids)), ids
    roles = {r.id for r in regime.roles}
    for d in regime.documents:
        assert {s.role for s in d.signoffs} <= roles, d.id
    for rule in regime.independence:
        assert {rule.role, *rule.roles} <= roles, rule.id
    assert regime.panel is None or regime.panel.role in roles
    assert {regime.scr_roles.imr_author, regime.scr_roles.interviewee} - {""} <= roles


def test_every_number_and_rule_has_a_source(regime: Regime) -> None:
    missing = [c.id for c in regime.clocks if not c.source.strip()]
    missing += [n.id for n in regime.notices if not n.source.strip()]
    missing += [r.id for r in regime.independence if not r.source.strip()]
    missing += ["panel"] if regime.panel and not regime.panel.source.strip() else []
    assert not missing
    for c in regime.clocks:
        assert c.statutory or "local target" in c.source, f"{c.id}: a local target says so in its source"
        assert c.roll in ("back", "forward", "none")


def test_the_events_scr_writes_and_the_go_ahead_condition(regime: Regime) -> None:
    logs = regime.scr_events
    assert logs.opened and logs.reopened and logs.switched
    for event_id, fields in ((logs.reopened, {"document", "reason"}),
                             (logs.switched, {"from_regime", "to_regime", "reason"})):
        spec = regime.event(event_id)
        assert spec is not None and fields <= {f.name for f in spec.fields}, event_id
    cond = regime.proceeds_if
    assert cond is not None
    spec = regime.event(cond.event)
    assert spec is not None and cond.equals in {f.name: f for f in spec.fields}[cond.field].choices


def _template_files(regime: Regime) -> set[str]:
    files = {p.relative_to(paths.review_template_dir()).as_posix()
             for p in paths.review_template_dir().rglob("*") if p.is_file()}
    if regime.template:
        overlay = paths.regime_templates_dir() / regime.template
        assert overlay.is_dir(), regime.template
        files |= {p.relative_to(overlay).as_posix() for p in overlay.rglob("*") if p.is_file()}
    return files


def test_every_document_has_a_template(regime: Regime) -> None:
    files = _template_files(regime)
    for d in regime.documents:
        if "*" in d.path:  # one per agency (or interview): a template under .scr/templates/ to copy
            assert any(f.startswith(".scr/templates/") for f in files), d.path
        else:
            assert d.path in files, d.path


# --- the same clock engine tests for every clock of every regime ---

def _all_clocks() -> list[tuple[str, ClockSpec]]:
    return [(r, c) for r in REGIMES for c in loader.load_regime(r).clocks]


CLOCKS = _all_clocks()
IDS = [f"{r}:{c.id}" for r, c in CLOCKS]


def expected_due(anchor: date, spec: ClockSpec) -> date:
    """The deadline by a plain count: working days one by one, weeks as 7 days, months by the calendar."""
    unit, n = spec.due.unit, spec.due.amount
    step = -1 if spec.before else 1
    if unit == "working_days":
        day, left = anchor, n
        while left:
            day += timedelta(days=step)
            if day.weekday() < 5 and day not in HOLIDAYS:
                left -= 1
    elif unit == "months":
        day = add_months(anchor, step * n)
    else:
        day = anchor + timedelta(days=step * n * (7 if unit == "weeks" else 1))
    if spec.roll != "none":
        move = timedelta(days=-1 if spec.roll == "back" else 1)
        while day.weekday() >= 5 or day in HOLIDAYS:
            day += move
    return day


def _other_choice(regime: Regime, spec: ClockSpec) -> str | None:
    cond = spec.only_if
    assert cond is not None
    event = regime.event(cond.event)
    assert event is not None
    choices = {f.name: f for f in event.fields}[cond.field].choices
    return next((c for c in choices if c != cond.equals), None)


def _review(*events: tuple[str, date, dict[str, Any]], planned: tuple[PlannedEvent, ...] = ()) -> Review:
    built = tuple(Event(e, d, Pos("log.yaml", i + 3, 5), "", f, i) for i, (e, d, f) in enumerate(events))
    info = ReviewInfo("T-01", "Testshire", "x", "Child Q", Pos("review.yaml"))
    return Review("/nonexistent", info, (), (), built, (), (), (), (), planned)


def _started(regime: Regime, spec: ClockSpec, day: date, choice: str | None = None) -> list[tuple[str, date, dict]]:
    """The events that start the clock on `day`, its condition (if any) holding (or given `choice`)."""
    cond = spec.only_if
    fields = {cond.field: choice or cond.equals} if cond else {}
    start = (spec.starts or "", day, fields if cond and cond.event == spec.starts else {})
    if cond and cond.event != spec.starts:
        return [(cond.event, day, fields), start]
    return [start]


def _meet(spec: ClockSpec, day: date) -> list[tuple[str, date, dict]]:
    return [(spec.met_by[0], day, {}), *((r, day, {}) for r in spec.requires_also)]


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.starts], ids=[
    i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.starts])
def test_a_clock_runs_from_its_start_to_its_due_date(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    due = expected_due(START, spec)
    before = clock_status(spec, _review(), regime, START, CAL)
    assert before.state == "not-started" and before.due is None
    running = clock_status(spec, _review(*_started(regime, spec, START)), regime, START, CAL)
    assert (running.state, running.start, running.due) == ("running", START, due)
    assert bool(running.falls_on) == (not CAL.is_working_day(due)), "a deadline on a day off is shown as one"
    assert running.roll == spec.roll and running.statutory == spec.statutory
    if not spec.repeat_until:
        missed = clock_status(spec, _review(*_started(regime, spec, START)), regime, due + timedelta(days=1), CAL)
        assert (missed.state, missed.rag, missed.days_overdue) == ("missed", "red", 1)


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.starts and not c.repeat_until],
                         ids=[i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.starts and not c.repeat_until])
def test_a_clock_is_met_on_time_or_late_by_what_meets_it(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    due = expected_due(START, spec)
    started = _started(regime, spec, START)
    on_time = clock_status(spec, _review(*started, *_meet(spec, due)), regime, due + timedelta(days=30), CAL)
    assert (on_time.state, on_time.rag, on_time.met_on, on_time.late_by_days) == ("met", "green", due, 0)
    late = clock_status(spec, _review(*started, *_meet(spec, due + timedelta(days=3))), regime,
                        due + timedelta(days=30), CAL)
    assert (late.state, late.rag, late.late_by_days) == ("met", "amber", 3)
    if spec.requires_also:
        half = clock_status(spec, _review(*started, (spec.met_by[0], due, {})), regime, START, CAL)
        assert half.state == "running", "met only when everything it requires has happened"
    if spec.not_before:
        early = clock_status(spec, _review(*started, *_meet(spec, START)), regime, START, CAL)
        assert (early.state, early.rag) == ("met", "red")


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.only_if], ids=[
    i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.only_if])
def test_a_clock_whose_condition_fails_does_not_apply(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    other = _other_choice(regime, spec)
    assert other is not None, "a condition with a single choice could never fail"
    events = _started(regime, spec, START, other) if spec.starts else [(spec.only_if.event, START, {  # type: ignore[union-attr]
        spec.only_if.field: other})]  # type: ignore[union-attr]
    assert clock_status(spec, _review(*events), regime, START, CAL).state == "not-applicable"


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.extended_by], ids=[
    i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.extended_by])
def test_an_extension_moves_the_due_date_and_keeps_the_original(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    original = expected_due(START, spec)
    new_date = original + timedelta(days=60)
    extension = (spec.extended_by or "", START + timedelta(days=20), {"new_date": new_date, "reason": "r"})
    status = clock_status(spec, _review(*_started(regime, spec, START), extension), regime, START, CAL)
    assert (status.due, status.original_due) == (new_date, original)
    assert status.extension is not None and status.extension.notified_on is None


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.repeat_until], ids=[
    i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.repeat_until])
def test_a_recurring_clock_is_due_again_after_each_time_it_is_met(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    first = expected_due(START, spec)
    met = (spec.met_by[0], first - timedelta(days=1), {})
    again = clock_status(spec, _review(*_started(regime, spec, START), met), regime, first, CAL)
    assert again.state == "running" and again.due == expected_due(first - timedelta(days=1), spec)
    stopped = clock_status(spec, _review(*_started(regime, spec, START), (spec.repeat_until or "", first, {})),
                           regime, first + timedelta(days=400), CAL)
    assert stopped.state == "met"


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.before], ids=[
    i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.before])
def test_a_clock_before_an_event_counts_back_from_its_planned_then_its_logged_date(regime_id: str,
                                                                                   spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    cond = _started(regime, replace(spec, starts=None), START)[:-1] if spec.only_if else []
    anchor = START + timedelta(days=60)
    due = expected_due(anchor, spec)
    assert clock_status(spec, _review(*cond), regime, START, CAL).state == "not-started"
    plan = (PlannedEvent(spec.before or "", anchor, Pos("plan.yaml", 3, 5)),)
    running = clock_status(spec, _review(*cond, planned=plan), regime, START, CAL)
    assert (running.state, running.due, running.start, running.anchor_planned) == ("running", due, anchor, True)
    late = clock_status(spec, _review(*cond, planned=plan), regime, due + timedelta(days=2), CAL)
    assert (late.state, late.days_overdue) == ("missed", 2)
    held = _review(*cond, *_meet(spec, due), (spec.before or "", anchor, {}), planned=plan)
    met = clock_status(spec, held, regime, anchor + timedelta(days=5), CAL)
    assert (met.state, met.rag, met.met_on, met.anchor_planned) == ("met", "green", due, False)


@pytest.mark.parametrize(("regime_id", "spec"), [(r, c) for r, c in CLOCKS if c.due.unit == "working_days"],
                         ids=[i for i, (_, c) in zip(IDS, CLOCKS, strict=True) if c.due.unit == "working_days"])
def test_working_day_clocks_skip_the_review_s_extra_bank_holidays(regime_id: str, spec: ClockSpec) -> None:
    regime = loader.load_regime(regime_id)
    plain = expected_due(START, spec) if spec.starts else None
    if plain is None:
        return
    extra = WorkingCalendar(HOLIDAYS | {date(2025, 12, 22)})
    moved = clock_status(spec, _review(*_started(regime, spec, START)), regime, START, extra)
    assert moved.due is not None and moved.due > plain
