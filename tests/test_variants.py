"""A board's local variant (.scr/regime.yaml): its numbers change the clocks with no code change; the loader
refuses what the law does not allow; the hooks' fast reader and `scr check`'s loader agree on what it means."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scr_cli.gate.transition import load_regime_fast
from scr_cli.review.variant import resolve
from scr_cli.store import loader
from scr_cli.store.regimes import regime_data, shipped
from scr_cli.store.tree import WorkTree
from tests.conftest import git

HEAD = "# yaml-language-server: $schema=schemas/regime-variant.schema.json\nextends: cspr-2018\nid: testshire-cspr\n"
TEN_DAYS = HEAD + """\
clocks:
  - id: rapid-review
    due: {working_days: 10}
    source: "Testshire procedure 4.2 (a rapid review in ten working days)"
"""


@pytest.fixture
def rapid(tmp_path: Path, scr: Any) -> Path:
    root = tmp_path / "rr"
    assert scr("new", root, "--ref", "RR-T-02", "--board", "Testshire", "--child", "Child Q", "--opened",
               "2025-12-17", "--regime", "cspr-2018").code == 0
    assert scr("log", "national-panel-notified", "--date", "2025-12-19", "--review", root).code == 0
    return root


def due(scr: Any, root: Path, clock: str, today: str = "2025-12-22") -> str | None:
    ran = scr("status", root, "--json", "--today", today)
    assert ran.code == 0, ran.err
    data = json.loads(ran.out)
    return next(c["due"] for c in data["clocks"] if c["id"] == clock)


def test_a_variant_that_shortens_a_clock_moves_its_due_date(rapid: Path, scr: Any) -> None:
    assert due(scr, rapid, "rapid-review") == "2026-01-14"
    (rapid / ".scr/regime.yaml").write_text(TEN_DAYS, encoding="utf-8")
    assert due(scr, rapid, "rapid-review") == "2026-01-07"  # ten working days, the holidays still skipped
    ran = scr("status", rapid, "--json", "--today", "2025-12-22")
    assert json.loads(ran.out)["rules"] == "testshire-cspr"
    text = scr("status", rapid, "--today", "2025-12-22").out
    assert "regime testshire-cspr (local variant of cspr-2018)" in text
    shown = scr("regime", "show", "-C", rapid).out
    assert "10 working days" in shown and "set by testshire-cspr" in shown and "Testshire procedure 4.2" in shown
    (rapid / ".scr/regime.yaml").unlink()
    assert due(scr, rapid, "rapid-review") == "2026-01-14"


def test_a_variant_may_not_remove_a_statutory_clock(rapid: Path, scr: Any) -> None:
    (rapid / ".scr/regime.yaml").write_text(HEAD + "remove:\n  clocks: [rapid-review]\n", encoding="utf-8")
    ran = scr("status", rapid, "--today", "2025-12-22")
    assert ran.code == 1 and ran.out == ""
    line = ran.err.strip()
    assert re.match(r"^scr: error: \.scr/regime\.yaml:5:12: 'rapid-review' is a statutory clock and cannot be "
                    r"removed — .+", line), line
    check = scr("check", rapid, "--today", "2025-12-22")
    assert check.code == 1 and ".scr/regime.yaml:5:12: error: 'rapid-review' is a statutory clock" in check.out


def test_leaving_a_clock_out_of_the_variant_keeps_it(rapid: Path, scr: Any) -> None:
    (rapid / ".scr/regime.yaml").write_text(HEAD + "title: Testshire rapid reviews\n", encoding="utf-8")
    assert due(scr, rapid, "rapid-review") == "2026-01-14"
    assert due(scr, rapid, "national-panel-notification") == "2025-12-24"


def test_a_variant_may_drop_a_local_target_and_add_its_own_clock_and_event(rapid: Path, scr: Any) -> None:
    (rapid / ".scr/regime.yaml").write_text(HEAD + """\
events:
  - {id: first-week-meeting, title: Partnership strategy meeting in the first week}
clocks:
  - id: first-week
    title: Hold the partnership's strategy meeting
    starts: incident-known
    due: {days: 7}
    roll: back
    met_by: [first-week-meeting]
    source: "Testshire procedure 2.1 (first week)"
remove:
  clocks: [reviewer-appointment]
""", encoding="utf-8")
    ran = scr("status", rapid, "--json", "--today", "2025-12-22")
    assert ran.code == 0, ran.err
    found = {c["id"]: c for c in json.loads(ran.out)["clocks"]}
    assert "reviewer-appointment" not in found
    assert found["first-week"]["due"] == "2025-12-24" and found["first-week"]["statutory"] is True
    assert scr("log", "first-week-meeting", "--date", "2025-12-22", "--review", rapid).code == 0
    assert scr("check", rapid, "--today", "2025-12-22").code == 0


def test_the_hooks_read_the_same_rules_as_scr_check(rapid: Path) -> None:
    (rapid / ".scr/regime.yaml").write_text(TEN_DAYS + "remove:\n  clocks: [lcspr-completion]\n", encoding="utf-8")
    slow = loader.load(rapid).regime
    fast = load_regime_fast(WorkTree(rapid))
    assert fast == slow
    assert {c.id: c.due.amount for c in fast.clocks}["rapid-review"] == 10


def test_a_commit_of_a_broken_variant_is_refused_at_its_line(rapid: Path) -> None:
    (rapid / ".scr/regime.yaml").write_text(HEAD + "remove:\n  clocks: [national-panel-notification]\n",
                                            encoding="utf-8")
    git(rapid, "add", ".scr/regime.yaml")
    done = subprocess.run(["git", "commit", "-q", "-m", "variant"], cwd=rapid, capture_output=True, text=True)
    assert done.returncode == 1
    assert "scr: error: .scr/regime.yaml:5:12: 'national-panel-notification' is a statutory clock" in done.stderr
    (rapid / ".scr/regime.yaml").write_text(TEN_DAYS, encoding="utf-8")
    git(rapid, "add", ".scr/regime.yaml")
    git(rapid, "commit", "-q", "-m", "variant")  # a good one goes in


def test_the_merge_is_pure_and_leaves_the_shipped_regime_untouched() -> None:
    before = json.dumps(regime_data("cspr-2018"), default=str, sort_keys=True)
    merged, problems = resolve({"extends": "cspr-2018", "clocks": [
        {"id": "rapid-review", "due": {"working_days": 10}, "source": "local"}]}, regime_data, shipped())
    assert not problems and merged is not None
    assert next(c for c in merged["clocks"] if c["id"] == "rapid-review")["due"] == {"working_days": 10}
    assert json.dumps(regime_data("cspr-2018"), default=str, sort_keys=True) == before
