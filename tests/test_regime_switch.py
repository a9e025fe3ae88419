"""scr regime switch: a live review moves to other rules, logged, checked and committed; its history stays valid."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tests.conftest import git, snapshot

TODAY = "2026-11-30"


def test_an_scr_converted_to_a_local_review_keeps_its_history(new_review: Path, scr: Any) -> None:
    assert scr("log", "incident-known", "--date", "2026-10-30", "--review", new_review).code == 0
    git(new_review, "commit", "-q", "-am", "Log the incident")
    ran = scr("regime", "switch", "cspr-2018", "--reason", "The board converts the review", "-C", new_review,
              "--today", TODAY)
    assert ran.code == 0, ran.err
    assert "now follows cspr-2018 (was scr-2015)" in ran.out
    assert yaml.safe_load((new_review / "review.yaml").read_text(encoding="utf-8"))["regime"] == "cspr-2018"
    last = yaml.safe_load((new_review / "log.yaml").read_text(encoding="utf-8"))["events"][-1]
    assert last == {"event": "regime-switched", "date": date(2026, 11, 30),
                    "from_regime": "scr-2015", "to_regime": "cspr-2018", "reason": "The board converts the review"}
    assert git(new_review, "status", "--porcelain") == ""
    assert git(new_review, "log", "-1", "--format=%s").startswith("Switch the review from scr-2015 to cspr-2018")
    check = scr("check", new_review, "--today", TODAY)
    assert " 0 error(s)" in check.out, check.out  # referral-received, an scr-2015 event, stays valid history
    data = json.loads(scr("status", new_review, "--json", "--today", TODAY).out)
    assert data["regime"] == "cspr-2018"
    notify = next(c for c in data["clocks"] if c["id"] == "national-panel-notification")
    assert notify["start"] == "2026-10-30"  # an event both regimes know goes on driving the clock


def test_the_switch_lists_what_to_fix_under_the_new_rules(new_review: Path, scr: Any) -> None:
    (new_review / "people.yaml").write_text(
        "people:\n  - {id: chair, name: Amos Thistlewood, roles: [panel-chair], organisation: Independent}\n",
        encoding="utf-8")
    git(new_review, "commit", "-q", "-am", "The panel chair")
    ran = scr("regime", "switch", "cspr-2018", "--reason", "Converted", "-C", new_review, "--today", TODAY)
    assert ran.code == 0, ran.err
    assert "to fix under the new rules" in ran.out and "unknown role 'panel-chair'" in ran.out
    assert "Amos" not in ran.out


def test_a_switch_with_uncommitted_changes_is_refused_and_changes_nothing(new_review: Path, scr: Any) -> None:
    assert scr("log", "incident-known", "--date", "2026-10-30", "--review", new_review).code == 0
    before = snapshot(new_review)
    ran = scr("regime", "switch", "cspr-2018", "--reason", "r", "-C", new_review, "--today", TODAY)
    assert ran.code == 1 and "log.yaml has changes that are not committed" in ran.err
    assert snapshot(new_review) == before


def test_a_local_variant_moves_with_the_review_or_the_switch_is_undone(new_review: Path, scr: Any) -> None:
    variant = new_review / ".scr/regime.yaml"
    variant.write_text("extends: scr-2015\nclocks:\n  - {id: panel-convened, due: {days: 5}, source: local 1.5}\n",
                       encoding="utf-8")
    git(new_review, "add", "-A")
    git(new_review, "commit", "-q", "-m", "Local variant")
    before = snapshot(new_review)
    ran = scr("regime", "switch", "cspr-2018", "--reason", "r", "-C", new_review, "--today", TODAY)
    assert ran.code == 1
    assert ran.err.startswith("scr: error: .scr/regime.yaml:3:") and "no clock 'panel-convened'" in ran.err
    assert "nothing was changed" in ran.err
    assert snapshot(new_review) == before, "every file is put back and nothing is committed"
    variant.write_text("extends: scr-2015\nclocks:\n  - {id: national-panel-notification, due: {working_days: 4},"
                       " source: local}\n", encoding="utf-8")
    git(new_review, "commit", "-q", "-am", "Local variant for both")
    ran = scr("regime", "switch", "cspr-2018", "--reason", "r", "-C", new_review, "--today", TODAY)
    assert ran.code == 0, ran.err
    assert yaml.safe_load(variant.read_text(encoding="utf-8"))["extends"] == "cspr-2018"
    assert ".scr/regime.yaml" in git(new_review, "show", "--name-only", "--format=", "HEAD")
