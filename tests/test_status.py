"""scr status: stage, clocks (RAG, due, days left or overdue), next three due, IMRs, documents; --json; plain text."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clockkit import a_clock_step_later
from tests.conftest import snapshot

ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ANSI = "\x1b["

LOG = """\
events:
  - {event: referral-received, date: 2026-11-02}
  - {event: case-to-chair, date: 2026-11-02}
  - {event: agencies-notified, date: 2026-11-03}
  - event: decision
    date: 2026-11-20
    outcome: review
    reasons: Criteria met
"""
AGENCIES = """\
agencies:
  - {id: csc, name: Testshire Children's Services, sector: social-care}
  - {id: nhs, name: Testshire Health Trust, sector: health}
  - {id: police, name: Testshire Police, sector: police, imr: false}
"""
IMR = ("---\ntitle: IMR of Testshire Children's Services\nversion: 2"
       "\ndate: 2026-11-21\nstatus: draft\nagency: csc\n---\n\n")


@pytest.fixture
def review(new_review: Path) -> Path:
    (new_review / "log.yaml").write_text(LOG, encoding="utf-8")
    (new_review / "agencies.yaml").write_text(AGENCIES, encoding="utf-8")
    (new_review / "05-imr" / "csc").mkdir()
    (new_review / "05-imr" / "csc" / "imr.md").write_text(IMR, encoding="utf-8")
    return new_review


def status_json(scr, root: Path, today: str = "2026-11-23") -> dict:
    ran = scr("status", root, "--json", "--today", today)
    assert ran.code == 0, ran.err
    return json.loads(ran.out)


def test_json_has_every_clock_with_iso_dates_and_rag(review: Path, scr) -> None:
    data = status_json(scr, review)
    assert data["today"] == "2026-11-23"
    assert data["reference"] == "SCR-T-01" and data["child"] == "Child Q" and data["regime"] == "scr-2015"
    assert data["stage"] == {"id": "decision", "title": "Decision"}
    clocks = {c["id"]: c for c in data["clocks"]}
    assert len(clocks) == 16  # with the national panel told of a decision not to review (not applicable here)
    for c in clocks.values():
        assert c["rag"] in {"red", "amber", "green", "grey"}
        for key in ("start", "due", "met_on", "original_due"):
            assert c[key] is None or ISO.match(c[key]), (c["id"], key, c[key])
    ofsted = clocks["ofsted-incident-notification"]
    assert (ofsted["state"], ofsted["rag"], ofsted["due"], ofsted["days_overdue"]) == (
        "missed", "red", "2026-11-09", 14)
    agencies = clocks["agencies-notification"]
    assert (agencies["state"], agencies["rag"], agencies["met_on"]) == ("met", "green", "2026-11-03")
    local = clocks["decision-local-plan"]
    assert (local["state"], local["due"], local["early_by_days"]) == ("met", "2026-11-23", 3)
    completion = clocks["completion"]
    assert (completion["state"], completion["due"], completion["working_days_left"]) == ("running", "2027-05-20", 122)
    assert clocks["national-panel-notification"]["state"] == "not-started"
    assert clocks["retention"]["state"] == "not-started"


def test_next_three_due_are_the_nearest_running_clocks(review: Path, scr) -> None:
    data = status_json(scr, review)
    assert data["next_due"] == ["appointments", "decision-notification", "terms-of-reference-sent"]
    dues = {c["id"]: c["due"] for c in data["clocks"]}
    assert dues["appointments"] == dues["decision-notification"] == "2026-12-11"
    assert dues["terms-of-reference-sent"] == "2026-12-18"


def test_json_lists_imrs_and_documents(review: Path, scr) -> None:
    data = status_json(scr, review)
    imrs = {i["agency"]: i for i in data["imrs"]}
    assert imrs["csc"]["state"] == "draft v2" and imrs["csc"]["date"] == "2026-11-21"
    assert imrs["nhs"]["state"] == "not started"
    assert imrs["police"]["state"] == "not commissioned"
    docs = {d["path"]: d for d in data["documents"]}
    assert [d["path"] for d in data["documents"]] == sorted(docs)
    assert docs["05-imr/csc/imr.md"]["version"] == 2
    assert docs["03-scoping/scoping.md"]["status"] == "draft" and ISO.match(docs["03-scoping/scoping.md"]["date"])


def test_the_issue_example_through_the_cli(new_review: Path, scr) -> None:
    with (new_review / "log.yaml").open("a", encoding="utf-8") as log:  # `scr log` refuses future dates
        log.write("  - {event: incident-known, date: 2026-12-21}\n")
    clocks = {c["id"]: c for c in status_json(scr, new_review, "2026-12-21")["clocks"]}
    panel = clocks["national-panel-notification"]
    assert (panel["start"], panel["due"], panel["working_days_left"]) == ("2026-12-21", "2026-12-30", 5)


def test_extension_in_json_and_text(review: Path, scr) -> None:
    with (review / "log.yaml").open("a", encoding="utf-8") as log:
        log.write("  - {event: extension-agreed, date: 2026-11-22, new_date: 2027-07-30, reason: Trial listed}\n")
    clocks = {c["id"]: c for c in status_json(scr, review)["clocks"]}
    completion = clocks["completion"]
    assert (completion["due"], completion["original_due"]) == ("2027-07-30", "2027-05-20")
    assert completion["extension"] == {"new_date": "2027-07-30", "reason": "Trial listed", "agreed_on": "2026-11-22",
                                       "notified_on": None}
    text = scr("status", review, "--today", "2026-11-23").out
    assert "new date 2027-07-30 (was 2027-05-20)" in text and "reason: Trial listed" in text
    assert "Ofsted not yet told" in text


def test_text_shows_stage_clocks_next_due_imrs_and_documents(review: Path, scr) -> None:
    ran = scr("status", review, "--today", "2026-11-23")
    assert ran.code == 0, ran.err
    out = ran.out
    assert ANSI not in out  # captured output is not a terminal: plain text
    assert out.splitlines()[0] == "SCR-T-01 · Testshire Safeguarding Partnership · Child Q · regime scr-2015"
    assert "Stage: Decision    Today: 2026-11-23" in out
    assert "overdue by 14 days" in out and "● red" in out and "● green" in out
    assert "2026-11-09" in out
    next_due = out.split("Next due")[1].split("IMRs")[0]
    assert [line.split()[0] for line in next_due.strip().splitlines()] == ["2026-12-11", "2026-12-11", "2026-12-18"]
    assert "draft v2" in out and "not commissioned" in out and "not started" in out
    assert "03-scoping/scoping.md" in out


def test_status_never_changes_the_review(review: Path, scr) -> None:
    before = {k: v for k, v in snapshot(review).items() if not k.startswith(".git/scr/")}  # its own cache may
    assert scr("status", review, "--today", "2026-11-23").code == 0
    assert scr("status", review, "--json", "--today", "2026-11-23").code == 0
    assert {k: v for k, v in snapshot(review).items() if not k.startswith(".git/scr/")} == before


def test_status_sees_an_edit_made_after_a_previous_run(review: Path, scr) -> None:
    assert status_json(scr, review)["stage"]["id"] == "decision"
    with (review / "log.yaml").open("a", encoding="utf-8") as log:
        log.write("  - {event: chair-appointed, date: 2026-11-23}\n")
    assert status_json(scr, review)["stage"]["id"] == "scoping"


def test_default_path_is_the_current_folder_or_a_parent(review: Path, scr, monkeypatch) -> None:
    monkeypatch.chdir(review / "05-imr" / "csc")
    ran = scr("status", "--json", "--today", "2026-11-23")
    assert ran.code == 0 and json.loads(ran.out)["reference"] == "SCR-T-01"


def test_no_review_decision_shows_clocks_not_applicable(new_review: Path, scr) -> None:
    (new_review / "log.yaml").write_text(
        "events:\n  - {event: referral-received, date: 2026-11-02}\n"
        "  - {event: decision, date: 2026-11-10, outcome: no-review, reasons: Criteria not met}\n", encoding="utf-8")
    data = status_json(scr, new_review)
    assert data["stage"]["id"] == "not-held"
    states = {c["id"]: c["state"] for c in data["clocks"]}
    assert states["completion"] == states["monthly-update"] == states["appointments"] == "not-applicable"
    assert "not applicable" in scr("status", new_review, "--today", "2026-11-23").out


def test_piped_output_from_a_real_process_is_plain(review: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "CLICOLOR_FORCE", "PY_COLORS")}
    env["TERM"] = "xterm-256color"
    ran = subprocess.run([sys.executable, "-m", "scr_cli.app", "status", str(review), "--today", "2026-11-23"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ANSI not in ran.stdout and "Clocks" in ran.stdout
    assert not set("┃│━─┏┡└") & set(ran.stdout)  # no table borders: one line per row, never wrapped
    rows = [ln for ln in ran.stdout.splitlines() if "Send the terms of reference" in ln and "●" in ln]
    assert len(rows) == 1 and "2026-12-18" in rows[0] and "working days left" in rows[0], ran.stdout
    piped_json = subprocess.run([sys.executable, "-m", "scr_cli.app", "status", str(review), "--json", "--today",
                                 "2026-11-23"], capture_output=True, text=True, env=env, timeout=60)
    assert json.loads(piped_json.stdout)["today"] == "2026-11-23"


def test_extra_bank_holidays_from_config_move_working_day_clocks(new_review: Path, scr) -> None:
    with (new_review / "log.yaml").open("a", encoding="utf-8") as log:
        log.write("  - {event: incident-known, date: 2026-11-02}\n")
    due = {c["id"]: c["due"] for c in status_json(scr, new_review, "2026-11-03")["clocks"]}
    assert due["national-panel-notification"] == "2026-11-09"
    config = new_review / ".scr" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("extra_bank_holidays: []",
                                                                 "extra_bank_holidays: [2026-11-04]"), encoding="utf-8")
    due = {c["id"]: c["due"] for c in status_json(scr, new_review, "2026-11-03")["clocks"]}
    assert due["national-panel-notification"] == "2026-11-10"
    assert due["ofsted-incident-notification"] == "2026-11-09"  # weeks are calendar time


def test_every_json_clock_has_the_same_keys(review: Path, scr) -> None:
    data = status_json(scr, review)
    keys = {frozenset(c) for c in data["clocks"]}
    assert len(keys) == 1
    assert {"id", "state", "rag", "start", "due", "working_days_left", "days_overdue", "extension"} <= next(iter(keys))
    assert data["warnings"] == 0


def _rewrite_in_place_keeping_stamps(path: Path, old: str, new: str) -> None:
    """An edit of the same size whose time stamps end up as before (a coarse clock, or a tool restoring them)."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    with path.open("r+", encoding="utf-8") as fh:  # same inode
        fh.write(text.replace(old, new))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == (st.st_size, st.st_mtime_ns, st.st_ino)


def test_status_cache_is_not_fooled_by_a_same_size_edit_with_the_same_mtime(review: Path, scr) -> None:
    cache = review / ".git" / "scr" / "review-cache.pickle"
    a_clock_step_later(review)
    dues = {c["id"]: c["due"] for c in status_json(scr, review)["clocks"]}
    # the first status caches: every file is older than one step of the file system's clock (measured)
    assert dues["terms-of-reference-sent"] == "2026-12-18" and cache.is_file()
    _rewrite_in_place_keeping_stamps(review / "log.yaml", "date: 2026-11-20", "date: 2026-11-21")
    dues = {c["id"]: c["due"] for c in status_json(scr, review)["clocks"]}
    assert dues["terms-of-reference-sent"] == "2026-12-19"  # the decision moved a day: not the cached answer


def test_status_cache_is_not_written_while_a_file_is_stamped_within_one_clock_step(review: Path, scr) -> None:
    from scr_cli.store.cache import RACY_NS

    cache = review / ".git" / "scr" / "review-cache.pickle"
    a_clock_step_later(review)
    status_json(scr, review)
    step = int((review / ".git/scr/clock-step").read_text().split()[2])
    assert 0 < step < RACY_NS  # measured on this file system, not the 3 s fallback
    written = cache.stat().st_mtime_ns
    log = review / "log.yaml"
    log.write_text(log.read_text(encoding="utf-8").replace("date: 2026-11-20", "date: 2026-11-23"), encoding="utf-8")
    clock = (review / ".git/scr/clock").stat().st_mtime_ns
    os.utime(log, ns=(clock + 60 * 10**9, clock + 60 * 10**9))  # stamped "now" as far as the next status can tell
    dues = {c["id"]: c["due"] for c in status_json(scr, review)["clocks"]}
    assert dues["terms-of-reference-sent"] == "2026-12-21"
    assert cache.stat().st_mtime_ns == written  # a file this recent is not trusted: the cache is not rewritten
    os.utime(log, ns=(clock, clock))  # once a step of the clock has passed since (utime changed ctime), it is
    a_clock_step_later(review)
    assert {c["id"]: c["due"] for c in status_json(scr, review)["clocks"]}["terms-of-reference-sent"] == "2026-12-21"
    assert cache.stat().st_mtime_ns != written


def test_status_cache_sees_an_image_shown_from_outside_the_stage_folders(review: Path) -> None:
    import time

    from scr_cli.store import cache
    from scr_cli.store.cache import RACY_NS

    tor = "04-terms-of-reference/terms-of-reference.md"
    with (review / tor).open("a", encoding="utf-8") as fh:
        fh.write("\n![Genogram](../images/genogram.png)\n")
    (review / "images").mkdir()
    (review / "images/genogram.png").write_bytes(b"fictional genogram 1")
    time.sleep(RACY_NS / 1e9 + 0.2)

    def digest() -> str:
        doc = cache.load(review)[0].document(tor)
        assert doc is not None
        return dict(doc.attached)["images/genogram.png"]

    first = digest()
    assert (review / ".git/scr/review-cache.pickle").is_file()
    (review / "images/genogram.png").write_bytes(b"fictional genogram 2")
    assert digest() != first  # not the cached answer


def test_status_lists_plaintext_the_hooks_would_refuse(new_review: Path, scr) -> None:
    """Default deny (issue 9): a copy or a new file outside the public paths is named before anyone commits it."""
    (new_review / "01-referral" / "referral.md.orig").write_text("a copy\n", encoding="utf-8")
    (new_review / "notes").mkdir()
    (new_review / "notes" / "meeting.txt").write_text("notes\n", encoding="utf-8")
    ran = scr("status", new_review, "--today", "2026-11-23")
    assert ran.code == 0, ran.err
    assert "01-referral/referral.md.orig: not a public path" in ran.out
    assert "notes/meeting.txt: not a public path" in ran.out
    assert "review.yaml: not a public path" not in ran.out and "scoping.md: not a public path" not in ran.out
