"""`scr receive`: the demo's police IMR and chronology built as DOCX, edited as Word would, taken back.

The new draft holds exactly the edits (one paragraph changed, one tracked insertion accepted), the version
rises by one and the date is the day received, the chronology gains the row, the comment is kept in
notes.yaml, the received files are kept encrypted, nothing else changed, and the hooks accept the commit.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from scr_cli.commands.lock import lock
from scr_cli.crypto.packets import ciphertext_recipients
from tests import returnkit
from tests.envkit import keyring, make_base, review_copy

IMR = "05-imr/police/imr.md"
CHRONOLOGY = "05-imr/police/chronology.yaml"
RECEIVED = "2026-11-30"
COMMIT_DATE = {"GIT_AUTHOR_DATE": f"{RECEIVED}T12:00:00", "GIT_COMMITTER_DATE": f"{RECEIVED}T12:00:00"}
CHANGED = "eight days later, once the shift had ended."
NEW_ROW = ["4", "14/05/2026, 09:15", "Eastmere Constabulary", "Custody record", "Mr X interviewed under caution",
           "Interview recorded", "Released on bail", "", "Added by the author on review"]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("receive"))


@pytest.fixture
def review(base: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    with review_copy(base) as root:
        monkeypatch.setenv("SCR_GNUPGHOME", str(keyring(root)))
        monkeypatch.setenv("GNUPGHOME", str(keyring(root)))
        monkeypatch.chdir(root)
        yield root


def built(scr, root: Path, *target: str) -> bytes:  # type: ignore[no-untyped-def]
    ran = scr("build", *target, "--format", "docx")
    assert ran.code == 0, ran.err
    name = "imr-police.docx" if target[0] == "imr" else "chronology-police.docx"
    return (root / "build" / name).read_bytes()


def edited_imr(docx: bytes) -> bytes:
    docx = returnkit.replace_text(docx, "eight days later.", CHANGED)
    docx = returnkit.track_insertion(docx, "Notifications must leave within one working day", " of the incident",
                                     ".")
    return returnkit.add_comment(docx, "The delay meant children’s services assessed without knowing of the "
                                       "incident.", "Which record shows when the assessment began?")


def _diff(old: str, new: str) -> list[str]:
    """The lines removed, then the lines added."""
    lines = [ln for ln in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
             if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]
    return [ln for ln in lines if ln[0] == "-"] + [ln for ln in lines if ln[0] == "+"]


def test_the_imr_comes_back_with_exactly_its_edits_and_the_hooks_accept_the_commit(review: Path, scr) -> None:
    before = (review / IMR).read_text(encoding="utf-8")
    returned = review.parent / "returned-imr.docx"
    returned.write_bytes(edited_imr(built(scr, review, "imr", "police")))
    ran = scr("receive", returned, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    after = (review / IMR).read_text(encoding="utf-8")
    assert _diff(before, after) == [
        "-version: 2", "-date: 2026-09-22",
        "-Officers attended a domestic incident at the address. A notification was sent to children's services "
        "eight days later.",
        "-Notifications must leave within one working day.",
        "+version: 3", f"+date: {RECEIVED}",
        "+Officers attended a domestic incident at the address. A notification was sent to children's services "
        + CHANGED,
        "+Notifications must leave within one working day of the incident.",
    ]
    assert "The agency's involvement: 1 paragraph changed" in ran.out
    assert "1 tracked change accepted into the draft" in ran.out and "1 comment kept in notes.yaml" in ran.out
    assert "eight days" not in ran.out + ran.err  # the summary names sections, never the words
    notes = yaml.safe_load((review / "05-imr/police/notes.yaml").read_text(encoding="utf-8"))["notes"]
    assert notes == [{"document": IMR, "version": 2, "received": RECEIVED, "kind": "comment",
                      "author": returnkit.AUTHOR, "when": returnkit.WHEN,
                      "about": "The delay meant children’s services assessed without knowing of the incident.",
                      "text": "Which record shows when the assessment began?"}]
    kept = review / f"05-imr/police/received/{RECEIVED}-imr-v2.docx.gpg"
    assert ciphertext_recipients(kept.read_bytes())  # an OpenPGP message to the readers, never the plaintext
    assert not (review / kept.name[:-4]).exists()
    ran = scr("diff", IMR)
    assert ran.code == 0 and "version 2 (2026-09-22) to version 3" in ran.out and "shift had ended" in ran.out
    _commit(review)


def _commit(root: Path) -> None:
    """Lock and commit through the installed hooks, dated the day received."""
    lock(root, None, keyring(root), date.fromisoformat(RECEIVED))
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    env = {**os.environ, **COMMIT_DATE}
    done = subprocess.run(["git", "commit", "-m", "Returned IMR received"], cwd=root, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    shown = subprocess.run(["git", "show", "--name-only", "--format=", "HEAD"], cwd=root, check=True,
                           capture_output=True, text=True).stdout.split()
    assert all(p.endswith(".gpg") or p == ".gitignore" for p in shown), shown  # no plaintext reached git


def test_listed_changes_stay_out_of_the_draft_and_go_to_the_panel(review: Path, scr) -> None:
    before = (review / IMR).read_text(encoding="utf-8")
    docx = returnkit.track_deletion(built(scr, review, "imr", "police"), "Notifications must leave within ",
                                    "one working day", ".")
    returned = review.parent / "listed.docx"
    returned.write_bytes(docx)
    ran = scr("receive", returned, "--changes", "list", "--today", RECEIVED)
    assert ran.code == 0, ran.err
    assert (review / IMR).read_text(encoding="utf-8") == before  # no word changed: no new draft
    notes = yaml.safe_load((review / "05-imr/police/notes.yaml").read_text(encoding="utf-8"))["notes"]
    assert [(n["kind"], n["text"], n["about"]) for n in notes] == [
        ("deletion", "one working day", "Notifications must leave within one working day.")]
    assert "1 tracked change listed in notes.yaml for the panel" in ran.out
    assert f"{IMR}: the copy that came back changed nothing: it stays version 2 (no new draft)" in ran.out


def test_a_return_that_changed_nothing_is_no_new_draft_but_its_copy_and_comment_are_kept(review: Path, scr) -> None:
    imr, chronology = ((review / p).read_bytes() for p in (IMR, CHRONOLOGY))
    as_sent = review.parent / "as-sent.docx"
    as_sent.write_bytes(returnkit.add_comment(built(scr, review, "imr", "police"), "Notifications must leave "
                                              "within one working day.", "Agreed, no change from us."))
    ran = scr("receive", as_sent, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    assert (review / IMR).read_bytes() == imr  # same version, same date, same bytes
    assert "changed nothing: it stays version 2 (no new draft)" in ran.out and "1 comment kept" in ran.out
    assert (review / f"05-imr/police/received/{RECEIVED}-imr-v2.docx.gpg").is_file()
    notes = yaml.safe_load((review / "05-imr/police/notes.yaml").read_text(encoding="utf-8"))["notes"]
    assert [n["text"] for n in notes] == ["Agreed, no change from us."]
    table = review.parent / "chronology.docx"
    table.write_bytes(built(scr, review, "chronology", "police"))
    ran = scr("receive", table, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    assert (review / CHRONOLOGY).read_bytes() == chronology and "changed nothing: it stays as it is" in ran.out
    assert scr("check").code == 0
    _commit(review)


def test_the_chronology_gains_the_row_and_keeps_every_other_line(review: Path, scr) -> None:
    before = (review / CHRONOLOGY).read_text(encoding="utf-8")
    returned = review.parent / "chronology.docx"
    returned.write_bytes(returnkit.add_row(built(scr, review, "chronology", "police"), NEW_ROW))
    ran = scr("receive", returned, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    after = (review / CHRONOLOGY).read_text(encoding="utf-8")
    added = _diff(before, after)
    assert added == ['+  - {date: "2026-05-14", time: "09:15", source: Custody record, event: Mr X interviewed '
                     "under caution, action: Interview recorded, outcome: Released on bail, recording: "
                     "contemporaneous, comment: Added by the author on review}"]
    assert "1 row added, 0 changed, 0 removed" in ran.out
    assert scr("check").code == 0
    _commit(review)


def test_an_excel_chronology_is_read_back_with_uk_dates(review: Path, scr) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Time", "Source", "Event", "Action", "Outcome", "Recording", "Comment"])
    data = yaml.safe_load((review / CHRONOLOGY).read_text(encoding="utf-8"))["entries"]
    for e in data:
        day = e["date"] if isinstance(e["date"], date) else date.fromisoformat(e["date"])
        sheet.append([day, e.get("time", ""), e["source"], e["event"], e["action"], e["outcome"], e["recording"],
                      e.get("comment", "")])
    sheet.append(["03/06/2026", "", "Case file", "Strategy discussion held", "", "", "retrospective", ""])
    returned = review.parent / "chronology.xlsx"
    book.save(returned)
    before = (review / CHRONOLOGY).read_text(encoding="utf-8")
    ran = scr("receive", returned, "--as", CHRONOLOGY, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    added = _diff(before, (review / CHRONOLOGY).read_text(encoding="utf-8"))
    assert added == ['+  - {date: "2026-06-03", source: Case file, event: Strategy discussion held, action: "", '
                     'outcome: "", recording: retrospective}']
    assert (review / f"05-imr/police/received/{RECEIVED}-chronology.xlsx.gpg").is_file()


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_return_saved_again_by_libreoffice_keeps_its_properties_comment_and_edits(review: Path, scr) -> None:
    edited = review.parent / "in" / "imr-police.docx"
    edited.parent.mkdir()
    edited.write_bytes(edited_imr(built(scr, review, "imr", "police")))
    out = review.parent / "out"
    profile = review.parent / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", str(out), str(edited)], check=True, capture_output=True,
                   timeout=180)
    before = (review / IMR).read_text(encoding="utf-8")
    ran = scr("receive", out / "imr-police.docx", "--today", RECEIVED)
    assert ran.code == 0, ran.err
    changed = _diff(before, (review / IMR).read_text(encoding="utf-8"))
    assert f"+date: {RECEIVED}" in changed and any(CHANGED in ln for ln in changed)
    assert "+Notifications must leave within one working day of the incident." in changed
    assert len(changed) == 8, changed
    notes = yaml.safe_load((review / "05-imr/police/notes.yaml").read_text(encoding="utf-8"))["notes"]
    assert [n["text"] for n in notes] == ["Which record shows when the assessment began?"]


def _encrypted_to_a_reader(root: Path, data: bytes) -> bytes:
    home = str(keyring(root))
    listed = subprocess.run(["gpg", "--homedir", home, "--batch", "--with-colons", "--list-secret-keys"],
                            check=True, capture_output=True, text=True).stdout
    fpr = next(ln.split(":")[9] for ln in listed.splitlines() if ln.startswith("fpr:"))
    return subprocess.run(["gpg", "--homedir", home, "--batch", "--trust-model", "always", "--encrypt",
                           "--recipient", fpr], input=data, check=True, capture_output=True).stdout


def test_a_package_zip_or_openpgp_encrypted_is_opened_and_kept_as_it_came(review: Path, scr) -> None:
    docx = edited_imr(built(scr, review, "imr", "police"))
    package = returnkit.rezip({"imr-police.docx": docx, "README.txt": b"Return this file to the board."})
    sealed = review.parent / "package.zip.gpg"
    sealed.write_bytes(_encrypted_to_a_reader(review, package))
    ran = scr("receive", sealed, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    assert CHANGED in (review / IMR).read_text(encoding="utf-8")
    kept = review / f"05-imr/police/received/{RECEIVED}-imr-v2.gpg.gpg"
    assert kept.is_file()
    ran = scr("receive", sealed, "--today", RECEIVED)  # the same return again: now a stale copy
    assert ran.code == 1 and "a stale copy" in ran.err


def test_images_that_came_back_unchanged_stay_and_a_new_one_is_kept_beside_the_draft(review: Path, scr) -> None:
    from tests import pngkit

    (review / "05-imr/police/images").mkdir()
    pngkit.write_grey(review / "05-imr/police/images/plan.png", pngkit.Grey(4, 4, bytes(range(0, 256, 16))))
    file = review / IMR
    file.write_text(file.read_text(encoding="utf-8").replace(
        "# Methodology\n", "# Methodology\n\n![A plan of the address](images/plan.png)\n"), encoding="utf-8")
    docx = built(scr, review, "imr", "police")

    def copy_figure(xml: str) -> str:  # the author pastes the picture again under the conclusions
        figure = re.search(r'<w:p><w:pPr><w:pStyle w:val="CaptionedFigure" />.*?</w:p>', xml, re.S)
        assert figure is not None
        end = xml.index("</w:p>", xml.index("The agency could have acted sooner")) + len("</w:p>")
        return xml[:end] + figure.group(0) + xml[end:]

    returned = review.parent / "pictures.docx"
    returned.write_bytes(returnkit.edit_part(docx, "word/document.xml", copy_figure))
    before = file.read_text(encoding="utf-8")
    ran = scr("receive", returned, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    changed = _diff(before, file.read_text(encoding="utf-8"))
    media = sorted((review / "05-imr/police/media").iterdir())
    assert len(media) == 1 and media[0].read_bytes() == (review / "05-imr/police/images/plan.png").read_bytes()
    picture = [ln for ln in changed if ln.startswith(f"+![A plan of the address](media/{media[0].name})")]
    assert changed == ["-version: 2", "-date: 2026-09-22", "+version: 3", f"+date: {RECEIVED}", *picture, "+"]
    assert "Conclusions: 1 paragraph added" in ran.out
    _commit(review)  # media/ is sensitive like the rest of 05-imr/: only its .gpg reaches git
    committed = subprocess.run(["git", "ls-files", "05-imr/police/media"], cwd=review, check=True,
                               capture_output=True, text=True).stdout.split()
    assert committed == [f"05-imr/police/media/{media[0].name}.gpg"]


def test_an_interview_record_without_properties_is_matched_by_as_and_its_headings_made_standard(
        review: Path, scr) -> None:
    from scr_cli.adapters import pandoc

    record = "05-imr/police/interviews/officer-a.md"
    (review / record).parent.mkdir()
    template = Path(__file__).parent.parent / "review-template/.scr/templates/imr/interviews/interview-record.md"
    text = template.read_text(encoding="utf-8").replace("date: 2026-01-01", "date: 2026-10-01")
    (review / record).write_text(text, encoding="utf-8")
    body = text.split("---\n", 2)[2]
    # the author retyped it in Word: numbered, lower-case headings and one sentence added
    word = body.replace("# Arrangements", "# 1. arrangements").replace(
        "# Looking back\n", "# 7. LOOKING BACK\n\nThe officer would now share the incident log at once.\n")
    returned = review.parent / "interview.docx"
    pandoc.convert(word, "docx", output=returned)
    ran = scr("receive", returned, "--as", record, "--today", RECEIVED)
    assert ran.code == 0, ran.err
    new = (review / record).read_text(encoding="utf-8")
    assert _diff(text, new) == ["-version: 1", "-date: 2026-10-01", "+version: 2", f"+date: {RECEIVED}",
                                "+The officer would now share the incident log at once.", "+"]
    assert "version: 2" in new and f"date: {RECEIVED}" in new
    assert "# Arrangements\n" in new and "# Looking back\n" in new  # the standard headings, as the regime has them
    assert "# 1. arrangements" not in new and "LOOKING BACK" not in new
    assert "Looking back: 1 paragraph added" in ran.out
    assert (review / f"05-imr/police/interviews/received/{RECEIVED}-officer-a-v1.docx.gpg").is_file()


def test_the_papers_scr_send_packed_come_back_with_the_package_password(review: Path, scr) -> None:
    import io
    import zipfile

    from openpyxl import load_workbook

    from scr_cli.commands.receive import receive
    from scr_cli.crypto import office
    from scr_cli.errors import DataError

    sent = scr("send", "police", "--password", "--today", "2026-11-29")
    assert sent.code == 0, sent.err
    password = re.search(r"password \(shown once, stored nowhere\): (\S+)", sent.out + sent.err)
    assert password is not None
    package = next((review / "build/send").glob("police-*.zip"))
    with zipfile.ZipFile(package) as z:
        imr, chronology = z.read("imr.docx"), z.read("chronology.xlsx")
    edited = returnkit.replace_text(office.decrypt(imr, password.group(1)) or b"", "eight days later.", CHANGED)
    back = review.parent / "imr.docx"
    back.write_bytes(office.encrypt(edited, password.group(1)))  # saved by Word with the password still on
    with pytest.raises(DataError, match="does not open with that password"):
        receive(review, back, None, "accept", date.fromisoformat(RECEIVED), None, "wrong-password")
    done = receive(review, back, None, "accept", date.fromisoformat(RECEIVED), None, password.group(1))
    assert done.version == 3 and CHANGED in (review / IMR).read_text(encoding="utf-8")
    book = load_workbook(io.BytesIO(office.decrypt(chronology, password.group(1)) or b""))
    sheet = book.worksheets[0]
    sheet.append(["police", date(2026, 5, 14), "09:15", "Custody record", "Mr X interviewed under caution",
                  "", "", "contemporaneous", ""])
    out = io.BytesIO()
    book.save(out)
    sheet_back = review.parent / "chronology.xlsx"
    sheet_back.write_bytes(office.encrypt(out.getvalue(), password.group(1)))
    before = (review / CHRONOLOGY).read_text(encoding="utf-8")
    # the workbook carries scr's properties too (kept by openpyxl, as by Excel): no --as needed
    done = receive(review, sheet_back, None, "accept", date.fromisoformat(RECEIVED), None, password.group(1))
    assert done.rows == (1, 0, 0)
    added = _diff(before, (review / CHRONOLOGY).read_text(encoding="utf-8"))
    assert added == ['+  - {date: "2026-05-14", time: "09:15", source: Custody record, event: Mr X interviewed '
                     'under caution, action: "", outcome: "", recording: contemporaneous}']


def _police_imr_signoff(scr) -> str:  # type: ignore[no-untyped-def]
    ran = scr("signoffs")
    row = next(ln for ln in ran.out.splitlines() if ln.startswith(IMR))
    return row.split()[4]  # document, version, person, role, state


def test_a_sign_off_stays_valid_through_an_unchanged_return_and_goes_stale_with_changed_words(
        review: Path, scr) -> None:
    ran = scr("signoff", IMR, "--as", "senior-officer", "--person", "panel-police", "--today", RECEIVED)
    assert ran.code == 0, ran.err
    assert _police_imr_signoff(scr) == "valid"
    docx = built(scr, review, "imr", "police")
    as_sent = review.parent / "as-sent.docx"
    as_sent.write_bytes(docx)
    assert scr("receive", as_sent, "--today", RECEIVED).code == 0
    assert _police_imr_signoff(scr) == "valid"  # nothing the officer signed has changed
    edited = review.parent / "edited.docx"
    edited.write_bytes(returnkit.replace_text(docx, "eight days later.", CHANGED))
    assert scr("receive", edited, "--today", RECEIVED).code == 0
    assert _police_imr_signoff(scr) == "stale"  # the words they signed are not the words of version 3
