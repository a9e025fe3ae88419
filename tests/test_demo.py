"""scr demo: a complete fictional review with clocks met, one overdue (the monthly update) and an extension."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from scr_cli.app import main
from scr_cli.commands.demo import DAYS_SINCE_REFERRAL
from scr_cli.crypto.packets import ciphertext_recipients, key_ids
from scr_cli.publish.leakscan import chunks_of
from scr_cli.review.clocks import add_months
from scr_cli.store.yamlfile import load_file
from tests.conftest import git

TODAY = "2026-11-29"
REFERRAL = date(2026, 11, 29) - timedelta(days=DAYS_SINCE_REFERRAL)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("demo") / "demo-review"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["demo", str(root), "--today", TODAY])
    assert code == 0
    return root, buffer.getvalue()


def clocks(scr, root: Path) -> dict[str, dict]:
    ran = scr("status", root, "--json", "--today", TODAY)
    assert ran.code == 0, ran.err
    return {c["id"]: c for c in json.loads(ran.out)["clocks"]}


def test_demo_prints_its_status_and_where_it_is(demo: tuple[Path, str]) -> None:
    root, out = demo
    assert "SCR-DEMO-01 · Eastmere Safeguarding Children Partnership · Child M" in out
    assert f"Demo review created in {root}" in out and "all names are invented" in out
    assert f"Try: cd {root} && scr status && scr check" in out


def test_some_clocks_are_met(demo: tuple[Path, str], scr) -> None:
    root, out = demo
    met = [c for c in clocks(scr, root).values() if c["state"] == "met"]
    assert len(met) >= 8
    assert any(c["late_by_days"] > 0 for c in met), "one clock met late (terms of reference)"
    assert "days early" in out and "days late" in out


def test_the_monthly_update_is_overdue(demo: tuple[Path, str], scr) -> None:
    root, out = demo
    monthly = clocks(scr, root)["monthly-update"]
    assert (monthly["state"], monthly["rag"]) == ("missed", "red")
    last = REFERRAL + timedelta(days=137)
    assert monthly["last_met"] == last.isoformat()
    assert monthly["days_overdue"] == 31 and "overdue by 31" in out  # the table may wrap "days"
    others = [c["id"] for c in clocks(scr, root).values() if c["state"] == "missed"]
    assert others == ["monthly-update"]


def test_the_extension_shows_both_dates_and_that_ofsted_was_told(demo: tuple[Path, str], scr) -> None:
    root, out = demo
    completion = clocks(scr, root)["completion"]
    decision = REFERRAL + timedelta(days=17)
    assert completion["state"] == "running"
    assert completion["original_due"] == add_months(decision, 6).isoformat()
    assert completion["due"] == (REFERRAL + timedelta(days=260)).isoformat()
    ext = completion["extension"]
    assert ext["notified_on"] == (REFERRAL + timedelta(days=163)).isoformat()
    assert ext["agreed_on"] == (REFERRAL + timedelta(days=160)).isoformat()
    line = next(ln for ln in out.splitlines() if ln.startswith("Extension ("))
    assert f"new date {completion['due']}" in line and f"(was {completion['original_due']})" in line
    assert f"Ofsted told {ext['notified_on']}" in line


def test_demo_is_a_committed_git_repository_that_passes_check(demo: tuple[Path, str], scr) -> None:
    root, _ = demo
    assert int(git(root, "rev-list", "--count", "HEAD")) >= 2
    assert git(root, "status", "--porcelain").strip() == ""
    ran = scr("check", root, "--today", TODAY)
    assert ran.code == 0, ran.out
    assert "check passed: 0 error(s)" in ran.out


def test_demo_has_people_agencies_and_imrs(demo: tuple[Path, str], scr) -> None:
    root, _ = demo
    data = json.loads(scr("status", root, "--json", "--today", TODAY).out)
    assert data["stage"]["id"] == "overview"
    sectors = {i["sector"] for i in data["imrs"]}
    assert {"social-care", "health", "education", "police"} <= sectors


def test_the_demo_papers_are_scoped(demo: tuple[Path, str]) -> None:
    """Each agency's folder is encrypted to the core readers and that agency's IMR author and senior officer.

    The demo has logged imr-circulated and overview-draft-circulated, so every panel member reads the IMRs,
    the chronologies and the overview report too (the regime's `circulated` rules); nothing else.
    """
    root, _ = demo
    owner = {k: f.stem for f in (root / ".scr/keys").glob("*.asc") for k in key_ids(f.read_bytes())[1]}
    core = {"board-chair", "business-manager", "panel-chair", "overview-author"}
    own = {"police": {"imr-police", "panel-police"}, "school": {"imr-education", "panel-education"},
           "community-health": {"imr-health", "panel-health"},
           "childrens-services": {"imr-social-care", "panel-social-care"}}
    files = [p for p in root.rglob("*.gpg") if not {".git", ".demo-gnupg"} & set(p.parts)]
    for file in files:
        rel = file.relative_to(root).as_posix()
        got = sorted(owner.get(k, "?") for k in ciphertext_recipients(file.read_bytes()))
        agency = rel.split("/")[1] if rel.startswith("05-imr/") else None
        authors = {a for o in own.values() for a in o if a.startswith("imr-")}
        panel = {a for o in own.values() for a in o if a.startswith("panel-")}
        expected = core | (own[agency] if agency else authors if rel.startswith("06-overview/") else set())
        circulated = rel.endswith(("/imr.md.gpg", "/chronology.yaml.gpg", "06-overview/overview-report.md.gpg"))
        assert got == sorted(expected | (panel if circulated else set())), rel
    assert sum(f.as_posix().count("/05-imr/") for f in files) == 8


def test_demo_is_the_same_whenever_it_is_made_for_the_same_day(demo: tuple[Path, str], tmp_path: Path,
                                                               scr) -> None:
    root, _ = demo
    assert scr("demo", tmp_path / "again", "--today", TODAY).code == 0
    first = json.loads(scr("status", root, "--json", "--today", TODAY).out)
    second = json.loads(scr("status", tmp_path / "again", "--json", "--today", TODAY).out)
    assert first["clocks"] == second["clocks"] and first["stage"] == second["stage"]


def test_demo_refuses_a_used_folder(tmp_path: Path, scr) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("x")
    ran = scr("demo", tmp_path / "used", "--today", TODAY)
    assert ran.code == 1 and "already exists and is not empty" in ran.err
    assert sorted(p.name for p in (tmp_path / "used").iterdir()) == ["x"]


def test_demo_makes_a_board_the_portfolio_can_be_pointed_at(demo: tuple[Path, str], scr) -> None:
    root, out = demo
    board = root.parent / f"{root.name}-board"
    assert f"Try: scr portfolio {board}" in out
    assert sorted(p.name for p in board.iterdir()) == ["rr-demo-03", "rr-demo-03.git", "scr-demo-01.git",
                                                       "scr-demo-02", "scr-demo-02.git"]
    ran = scr("portfolio", board, "--json", "--today", TODAY)
    assert ran.code == 0, ran.err
    rows = {r["reference"]: r for r in json.loads(ran.out)["reviews"]}
    assert set(rows) == {"SCR-DEMO-01", "SCR-DEMO-02", "RR-DEMO-03"}  # a work tree and its bare clone: once
    second = rows["SCR-DEMO-02"]
    assert second["stage"] == "monitoring" and second["adopted"] and second["themes"]
    assert [a["title"] for a in second["actions_overdue"]] == ["A4 (police)"]
    assert second["actions"]["complete"] == 1 and [p["title"] for p in second["proceedings_open"]]
    assert rows["SCR-DEMO-01"]["stage"] == "overview"
    assert rows["RR-DEMO-03"]["regime"] == "cspr-2018" and not rows["RR-DEMO-03"]["adopted"]


def test_the_second_review_is_signed_and_passes_its_checks(demo: tuple[Path, str], scr) -> None:
    root, _ = demo
    second = root.parent / f"{root.name}-board" / "scr-demo-02"
    assert git(second, "status", "--porcelain").strip() == ""
    actions = json.loads(scr("actions", "--format", "json", "-C", second, "--today", TODAY).out)["actions"]
    assert {a["id"]: a["completion"] for a in actions}["A1"] == "signed"  # verified with gpg here
    ran = scr("check", second, "--today", TODAY)
    assert ran.code == 0 and "0 error(s)" in ran.out, ran.out
    assert scr("log", "action-plan-completed", "--date", TODAY, "--review", second).code == 1


def test_demo_refuses_when_its_board_folder_is_in_use(tmp_path: Path, scr) -> None:
    (tmp_path / "demo-review-board").mkdir()
    (tmp_path / "demo-review-board" / "x").write_text("x")
    ran = scr("demo", tmp_path / "demo-review", "--today", TODAY)
    assert ran.code == 1 and "demo-review-board already exists" in ran.err
    assert not (tmp_path / "demo-review").exists()


def test_the_demo_pack_has_a_genogram_and_both_editions_build(demo: tuple[Path, str], scr) -> None:
    """The demo family drawn: the pack shows it with real names; the public SVG and PDF only with pseudonyms."""
    root, _ = demo
    family = load_file(root / "family.yaml", "family.yaml").data
    pseudonyms = [m["pseudonym"] for m in family["members"]]
    real = [n for m in family["members"] for n in m["real_names"]]
    pack = " ".join(" ".join(c.text.split()) for c in chunks_of(root / "build" / "review-pack.pdf"))
    assert "Genogram" in pack and "Ottoline Thistlewood" in pack
    for fmt in ("svg", "pdf"):
        ran = scr("build", "genogram", "--public", "--format", fmt, "-C", root)
        assert ran.code == 0, ran.err
        text = " ".join(" ".join(c.text.split()) for c in chunks_of(root / "build" / f"genogram-public.{fmt}"))
        assert all(p in text for p in pseudonyms), text
        assert not [n for n in real if n.lower() in text.lower()]
    assert git(root, "status", "--porcelain").strip() == ""
