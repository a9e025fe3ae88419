"""The cached review is keyed by every file status reads: plan.yaml and the local variant .scr/regime.yaml too.

Each test lets the cache be written (the files older than one step of the file system's clock), changes one
file, lets a step pass again, and expects status to show the change, not the cached answer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.clockkit import a_clock_step_later

CACHE = ".git/scr/review-cache.pickle"
DAY = ".git/scr/status-day.pickle"
VARIANT = """\
# yaml-language-server: $schema=schemas/regime-variant.schema.json
extends: cspr-2018
id: testshire-cspr
clocks:
  - id: rapid-review
    due: {working_days: 10}
    source: "Testshire procedure 4.2 (a rapid review in ten working days)"
"""


def _status(scr: Any, root: Path, today: str) -> dict[str, Any]:
    ran = scr("status", root, "--json", "--today", today)
    assert ran.code == 0, ran.err
    data: dict[str, Any] = json.loads(ran.out)
    return data


def test_a_new_local_variant_is_not_hidden_by_the_cache(tmp_path: Path, scr: Any) -> None:
    root = tmp_path / "rr"
    assert scr("new", root, "--ref", "RR-T-03", "--board", "Testshire", "--child", "Child Q", "--opened",
               "2025-12-17", "--regime", "cspr-2018").code == 0
    assert scr("log", "national-panel-notified", "--date", "2025-12-19", "--review", root).code == 0
    a_clock_step_later(root)

    def rapid() -> str:
        return next(c["due"] for c in _status(scr, root, "2025-12-22")["clocks"] if c["id"] == "rapid-review")

    assert rapid() == "2026-01-14" and (root / CACHE).is_file()
    written = (root / CACHE).stat().st_mtime_ns
    (root / ".scr/regime.yaml").write_text(VARIANT, encoding="utf-8")
    a_clock_step_later(root)
    assert rapid() == "2026-01-07"
    assert (root / CACHE).stat().st_mtime_ns != written  # cached again, under the new key


def test_a_planned_date_is_not_hidden_by_the_cache(new_review: Path, scr: Any) -> None:
    today = "2026-11-30"
    a_clock_step_later(new_review)

    def planned() -> list[str]:
        return [m["planned"] for m in _status(scr, new_review, today)["milestones"] if m["planned"]]

    assert planned() == [] and (new_review / CACHE).is_file()  # cached with nothing planned
    assert scr("plan", "decision", "--date", "2026-12-04", "-C", new_review, "--today", today).code == 0
    a_clock_step_later(new_review)
    assert set(planned()) == {"2026-12-04"}  # each milestone the decision closes


def test_a_day_is_shown_from_what_was_remembered_of_it(new_review: Path, scr: Any) -> None:
    """What status showed on a day is kept (status-day.pickle) and served without reading the review again."""
    a_clock_step_later(new_review)
    first = _status(scr, new_review, "2026-11-30")
    assert (new_review / DAY).is_file() and (new_review / CACHE).is_file()
    (new_review / CACHE).unlink()  # a run that read the review now would write its cache again
    assert _status(scr, new_review, "2026-11-30") == first
    assert not (new_review / CACHE).exists()
    later = _status(scr, new_review, "2026-12-14")  # another day: computed from the review, and kept
    assert (new_review / CACHE).is_file()
    assert later["today"] == "2026-12-14" and later["clocks"] != first["clocks"]
    assert _status(scr, new_review, "2026-11-30") == first  # the first day again, computed again


def test_an_edit_is_not_hidden_by_the_day_remembered(new_review: Path, scr: Any) -> None:
    today = "2026-11-30"
    a_clock_step_later(new_review)
    assert _status(scr, new_review, today)["stage"]["id"] == "referral"
    assert (new_review / DAY).is_file()
    assert scr("log", "decision", "--date", "2026-11-27", "outcome=review",
               "reasons=the criteria are met", "-C", new_review).code == 0
    a_clock_step_later(new_review)
    assert _status(scr, new_review, today)["stage"]["id"] != "referral"
