"""Synthetic reviews for the benchmarks: many agencies, log events, commits and chronology rows.

Every date is placed before today, so the reviews are valid whatever day a benchmark runs.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from _common import bench_env

SECTORS = ["social-care", "health", "education", "police", "probation", "housing", "voluntary", "other"]
EVENTS_PER_DAY = 3
VERBS = ["visited", "phoned", "wrote to", "met", "assessed", "referred", "reviewed", "discussed", "escalated",
         "closed", "opened", "checked on", "emailed", "saw", "recorded"]
WHO = ["mother", "father", "the child", "the school nurse", "the GP", "a neighbour", "the social worker",
       "the health visitor", "the housing officer", "the police officer", "grandmother", "the teacher"]
WHERE = ["at home", "at school", "at the clinic", "by phone", "at the office", "at the hospital", "in court",
         "at the nursery", "at a strategy meeting", "at the family centre"]
ABOUT = ["attendance", "injuries", "housing", "a missed appointment", "the care plan", "a bruise", "sleep",
         "feeding", "school work", "a referral", "contact", "the move", "arrears", "a disclosure", "medication"]


def start_for(events: int, today: date) -> date:
    """The referral date that lets `events` events (three a day) end a fortnight before today."""
    return today - timedelta(days=events // EVENTS_PER_DAY + 30)


def make_review(root: Path, scr: str, events: int, commits: int, today: date, agencies: int = 40) -> None:
    """A review with `agencies` agencies, `events` log events and about `commits` commits."""
    env = bench_env()
    start = start_for(events, today)
    subprocess.run([scr, "new", str(root), "--ref", "SCR-BENCH", "--board", "Benchmark Partnership",
                    "--child", "Child B", "--referral-received", start.isoformat()], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    if commits > 2:
        _history(root, commits - 2)
    (root / "agencies.yaml").write_text(agencies_yaml(agencies))
    (root / "log.yaml").write_text(log_yaml(events, start, agencies))
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "Synthetic agencies and log"], cwd=root, check=True,
                   env=env)


def _history(root: Path, count: int) -> None:
    """`count` commits through fast-import: quick to make, and no hooks involved."""
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True).stdout
    stream = []
    for i in range(count):
        front = f"---\ntitle: Progress\nversion: {i + 1}\ndate: 2020-01-06\nstatus: draft\n---\n"
        content = f"{front}\nProgress note {i}\n".encode()
        stream.append(f"commit refs/heads/main\ncommitter Bench <bench@example.invalid> {1577836800 + i * 3600} +0000\n"
                      f"data {len(f'note {i}')}\nnote {i}\n")
        if i == 0:
            stream.append(f"from {head.strip()}\n")
        stream.append(f"M 100644 inline 08-publication/progress.md\ndata {len(content)}\n{content.decode()}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input="".join(stream).encode(), check=True)
    subprocess.run(["git", "reset", "-q", "--hard", "main"], cwd=root, check=True)


def agencies_yaml(count: int) -> str:
    lines = ["# yaml-language-server: $schema=.scr/schemas/agencies.schema.json", "agencies:"]
    for i in range(count):
        lines += [f"  - id: agency-{i:02d}", f"    name: Agency number {i}", f"    sector: {SECTORS[i % len(SECTORS)]}"]
    return "\n".join(lines) + "\n"


def log_yaml(count: int, start: date, agencies: int) -> str:
    lines = ["# yaml-language-server: $schema=.scr/schemas/log.schema.json", "events:",
             f"  - {{event: referral-received, date: {start}}}",
             f"  - {{event: case-to-chair, date: {start}}}",
             f"  - event: decision\n    date: {start + timedelta(days=14)}\n    outcome: review\n"
             "    reasons: Synthetic benchmark review"]
    day = start + timedelta(days=15)
    for i in range(count - 3):
        agency = f"agency-{i % agencies:02d}"
        if i % 3 == 0:
            lines.append(f"  - {{event: monthly-update, date: {day}, note: Update {i}}}")
        elif i % 3 == 1:
            lines.append(f"  - {{event: imr-received, date: {day}, agency: {agency}}}")
        else:
            lines.append(f"  - {{event: interview-held, date: {day}, agency: {agency}, note: Interview {i}}}")
        if i % EVENTS_PER_DAY == EVENTS_PER_DAY - 1:
            day += timedelta(days=1)
    return "\n".join(lines) + "\n"


def chronology_rows(count: int, agencies: int, today: date, seed: int = 7) -> dict[str, list[dict[str, str]]]:
    """`count` chronology entries spread over the agencies and the last years, in varied words.

    About one in forty entries repeats another agency's event a few days apart (an apparent conflict).
    """
    import random

    rng = random.Random(seed)
    span = max(365, count // 4)
    first = today - timedelta(days=span + 30)
    out: dict[str, list[dict[str, str]]] = {f"agency-{a:02d}": [] for a in range(agencies)}
    previous: list[tuple[date, str]] = []
    for i in range(count):
        agency = f"agency-{i % agencies:02d}"
        if previous and i % 40 == 39:
            when, text = previous[rng.randrange(len(previous))]
            when += timedelta(days=rng.randint(1, 9))
        else:
            when = first + timedelta(days=rng.randrange(span))
            text = f"{rng.choice(WHO).capitalize()} {rng.choice(VERBS)} {rng.choice(WHO)} {rng.choice(WHERE)} " \
                   f"about {rng.choice(ABOUT)} ({i})"
            previous.append((when, text))
        out[agency].append({"date": when.isoformat(), "event": text, "action": f"Action {i}",
                            "outcome": f"Outcome {i}", "source": f"Record {i}"})
    return out
