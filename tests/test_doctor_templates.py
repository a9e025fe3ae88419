"""`scr doctor` and the templates a new review commits: an untouched copy of one never held case data.

`scr new` commits `.scr/templates/` (an IMR, its chronology and an interview record). An agency copies them
into 05-imr/<agency>/, where they are sensitive; byte for byte they are still the committed template, which
must not read as "plaintext in git history — consider the data disclosed". Once case data is written into
the copy, a committed copy of *that* is reported, as before.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

INTERVIEW = "05-imr/police/interviews/interview-record.md"


def test_an_untouched_template_copy_is_clean(new_review: Path, scr) -> None:
    target = new_review / INTERVIEW
    target.parent.mkdir(parents=True)
    shutil.copy(new_review / ".scr/templates/imr/interviews/interview-record.md", target)
    shutil.copy(new_review / ".scr/templates/imr/imr.md", new_review / "05-imr/police/imr.md")
    ran = scr("doctor", "-C", new_review)
    assert "git history" not in ran.out and "disclosed" not in ran.out
    assert f"note: {INTERVIEW}: unlocked plaintext" in ran.out  # still told to lock it


def test_case_data_in_git_history_is_still_reported(new_review: Path, scr) -> None:
    target = new_review / INTERVIEW
    target.parent.mkdir(parents=True)
    text = (new_review / ".scr/templates/imr/interviews/interview-record.md").read_text(encoding="utf-8")
    target.write_text(text + "\nThe practitioner remembered the visit of 3 March.\n", encoding="utf-8")
    subprocess.run(["git", "add", "-f", INTERVIEW], cwd=new_review, check=True)
    subprocess.run(["git", "commit", "-q", "--no-verify", "-m", "oops"], cwd=new_review, check=True)
    ran = scr("doctor", "-C", new_review)
    assert ran.code == 1
    assert f"{INTERVIEW}: its plaintext is in git history" in ran.out
