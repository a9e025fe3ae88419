"""The machine gets in the way: every command that reads or writes review files, against each environment case.

A symbolic link loop, a named pipe (FIFO) or a device where a file belongs, a read-only or immutable file or
folder, a read-only file system and a full disk: one line on stderr naming the path and the cause, exit 2,
no traceback and nothing changed (or half-written) in the review. Where the case does not stop the command
(a read-only file that it only reads) it must simply work and change nothing. Each command runs in a child
process, so a read that blocked would fail by timeout instead of hanging the suite. Cases needing root
(chattr, mount, mknod) are skipped where they cannot be set up.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.envkit import (
    TODAY,
    Ran,
    chattr,
    fill,
    keyring,
    make_base,
    mount,
    review_copy,
    run,
    size_of,
    snapshot,
    umount,
)

LINE = re.compile(r"^scr: error: (?P<what>.+) — (?P<fix>.+)$")
EDITOR = "#!/bin/sh\nprintf 'edited in the test\\n' >> \"$1\"\n"


@dataclass(frozen=True)
class Command:
    name: str
    args: tuple[str, ...]
    reads: str | None  # the file it reads, where loops, FIFOs and devices are planted
    writes: str | None  # the file it writes (None: it only reads)
    stopped_by: frozenset[str] = frozenset({"read-only-fs", "full-disk"})  # the disk-wide cases that stop it
    prepare: Callable[[Path], None] | None = None


def _append(rel: str) -> Callable[[Path], None]:
    def change(root: Path) -> None:
        with open(root / rel, "a", encoding="utf-8") as handle:
            handle.write("# changed by the test\n")
    return change


def _remove(rel: str) -> Callable[[Path], None]:
    return lambda root: (root / rel).unlink()


def _put(rel: str) -> Callable[[Path], None]:
    def put(root: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(b"an earlier output\n")
    return put


def _to_one_reader(root: Path) -> None:
    """family.yaml.gpg encrypted to the board chair only, so `scr rekey` has a file to re-encrypt."""
    home = keyring(root)
    listing = subprocess.run(["gpg", "--homedir", str(home), "--with-colons", "--list-keys", "board-chair"],
                             capture_output=True, text=True, check=True).stdout
    fpr = next(ln.split(":")[9] for ln in listing.splitlines() if ln.startswith("fpr:"))
    subprocess.run(["gpg", "--homedir", str(home), "--batch", "--yes", "--trust-model", "always", "-r", fpr,
                    "-o", str(root / "family.yaml.gpg"), "-e", str(root / "family.yaml")], check=True,
                   capture_output=True)


NEW = ("--ref", "SCR-T-09", "--board", "Testshire Partnership", "--child", "Child Q",
       "--referral-received", "2026-11-02")
COMMANDS = [
    Command("status", ("status", ".", "--today", TODAY), "review.yaml", None, stopped_by=frozenset()),
    Command("check", ("check", ".", "--today", TODAY), "agencies.yaml", None, stopped_by=frozenset()),
    Command("log", ("log", "panel-convened", "--date", "2026-11-20"), "log.yaml", "log.yaml"),
    Command("new", ("new", "fresh", *NEW), "fresh", "fresh"),
    Command("lock", ("lock",), "family.yaml", "family.yaml.gpg", prepare=_append("family.yaml")),
    Command("unlock", ("unlock", "--force"), "family.yaml.gpg", "family.yaml", prepare=_append("family.yaml")),
    Command("rekey", ("rekey",), "family.yaml.gpg", "family.yaml.gpg", prepare=_to_one_reader),
    Command("edit", ("edit", "family.yaml"), "family.yaml.gpg", "family.yaml.gpg", prepare=_remove("family.yaml")),
    Command("keys-list", ("keys", "list"), ".scr/keys/readers.yaml", None, stopped_by=frozenset()),
    Command("keys-remove", ("keys", "remove", "business-manager"), ".scr/keys/readers.yaml",
            ".scr/keys/readers.yaml"),
    Command("signoff", ("signoff", "06-overview/overview-report.md", "--as", "panel-chair"),
            "06-overview/overview-report.md", "signoffs.yaml"),
    Command("draft", ("draft", "bump", "03-scoping/scoping.md"), "03-scoping/scoping.md", "03-scoping/scoping.md"),
    Command("build", ("build", "action-plan", "--format", "html"), "07-action-plan/action-plan.yaml",
            "build/action-plan.html", prepare=_put("build/action-plan.html")),
    Command("diff", ("diff", "03-scoping/scoping.md", "--format", "html"), "03-scoping/scoping.md",
            "build/diff/scoping-v1-v2.html", prepare=_put("build/diff/scoping-v1-v2.html")),
    # doctor writes nothing, but holds .git/scr/lock open for writing (one scr command at a time)
    Command("doctor", ("doctor",), "family.yaml", None, stopped_by=frozenset({"read-only-fs"})),
    Command("demo", ("demo", "again", "--today", TODAY), "again", "again"),
]
CREATED = {"new", "demo"}  # commands whose target is a folder they make


@dataclass
class Planted:
    """What a case did to the review: the cause the error must give, and a path it must name."""

    says: tuple[str, ...]
    names: tuple[str, ...]
    code: int = 2
    cleanup: list[Callable[[], None]] = field(default_factory=list)


def _loop(root: Path, rel: str) -> None:
    target = root / rel
    if os.path.lexists(target):
        target.unlink()
    target.symlink_to(target.name)


def _fifo(root: Path, rel: str) -> None:
    (root / rel).unlink()
    os.mkfifo(root / rel)


def _device(root: Path, rel: str) -> None:
    (root / rel).unlink()
    try:  # a real character device (/dev/zero's numbers) where root may make one; a link to it elsewhere
        os.mknod(root / rel, 0o600 | stat.S_IFCHR, os.makedev(1, 5))
    except OSError:
        (root / rel).symlink_to("/dev/zero")


def _read_case(kind: str) -> Callable[[Path, Command], Planted | str]:
    plant, says = {"symlink-loop": (_loop, "loops"), "fifo": (_fifo, "named pipe"),
                   "device": (_device, "device file")}[kind]

    def case(root: Path, cmd: Command) -> Planted | str:
        assert cmd.reads is not None
        if cmd.name in CREATED and kind != "symlink-loop":
            return "a folder is made there: a FIFO in its place is an existing path (exit 1)"
        plant(root, cmd.reads)
        return Planted((says,), (cmd.reads,))
    return case


def _write_target(root: Path, cmd: Command, folder: bool) -> tuple[Path, str]:
    rel = cmd.writes if cmd.writes is not None else cmd.reads
    assert rel is not None
    if folder or cmd.name in CREATED:
        parent = Path(rel).parent.as_posix()
        return (root / parent if parent != "." else root), ("" if parent == "." else parent)
    return root / rel, rel


def _read_only(folder: bool) -> Callable[[Path, Command], Planted | str]:
    def case(root: Path, cmd: Command) -> Planted | str:
        if cmd.name in CREATED and not folder:
            return "the command makes a new folder: there is no file to make read-only"
        target, rel = _write_target(root, cmd, folder)
        target.chmod(0o500 if target.is_dir() else 0o400)  # no bits for others: `scr doctor` has nothing to say
        code = 2 if cmd.writes is not None else 0
        return Planted(("read-only", "permission denied"), (rel or str(root), Path(cmd.writes or "").name), code)
    return case


def _immutable(folder: bool) -> Callable[[Path, Command], Planted | str]:
    def case(root: Path, cmd: Command) -> Planted | str:
        if cmd.name in CREATED and not folder:
            return "the command makes a new folder: there is no file to make immutable"
        target, rel = _write_target(root, cmd, folder)
        if not chattr(target, "+i"):
            return "chattr +i needs root and ext4/xfs"
        planted = Planted(("not permitted",), (rel or str(root), Path(cmd.writes or "").name),
                          2 if cmd.writes is not None else 0)
        planted.cleanup.append(lambda: chattr(target, "-i") and None)
        return planted
    return case


def _written(cmd: Command) -> tuple[str, ...]:
    """The file a command writes and its folder: a failure may name either (mkstemp fails in the folder)."""
    if cmd.writes is None:
        return ()
    parent = Path(cmd.writes).parent.as_posix()
    return (cmd.writes,) if parent == "." else (cmd.writes, parent)


def _read_only_fs(root: Path, cmd: Command) -> Planted | str:
    if not (mount("--bind", str(root), str(root)) and mount("-o", "remount,bind,ro", str(root))):
        umount(root)
        return "mounting needs root (and a kernel that allows it here)"
    planted = Planted(("read-only",), (str(root), *_written(cmd), ".git"), 2 if "read-only-fs" in cmd.stopped_by else 0)
    planted.cleanup.append(lambda: umount(root))
    return planted


def _full_disk(root: Path, cmd: Command) -> Planted | str:
    """The review moved onto a small tmpfs (its size plus a little), which is then filled to the last byte."""
    import shutil

    size = size_of(root) + 4096 * sum(1 for _ in root.rglob("*")) + 2 * 1024 * 1024  # tmpfs counts pages
    saved = root.with_name("saved")
    root.rename(saved)
    root.mkdir()
    if not mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(root)):
        root.rmdir()
        saved.rename(root)
        return "mounting a tmpfs needs root (and a kernel that allows it here)"
    shutil.copytree(saved, root, symlinks=True, dirs_exist_ok=True)
    fill(root)
    code = 2 if "full-disk" in cmd.stopped_by else 0
    planted = Planted(("no space",), (str(root), *_written(cmd), ".git", "gpg"), code)
    planted.cleanup.append(lambda: umount(root))
    return planted


CASES: dict[str, Callable[[Path, Command], Planted | str]] = {
    "symlink-loop": _read_case("symlink-loop"),
    "fifo": _read_case("fifo"),
    "device": _read_case("device"),
    "read-only-file": _read_only(folder=False),
    "read-only-folder": _read_only(folder=True),
    "immutable-file": _immutable(folder=False),
    "immutable-folder": _immutable(folder=True),
    "read-only-fs": _read_only_fs,
    "full-disk": _full_disk,
}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_base(tmp_path_factory.mktemp("envbase"))


@pytest.fixture
def review(base: Path) -> Iterator[Path]:
    with review_copy(base) as root:
        editor = root.parent / "editor.sh"
        editor.write_text(EDITOR)
        editor.chmod(0o755)
        yield root


def _leftovers(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if p.name.endswith(".scrtmp")
            or p.name.startswith(".fresh.scr-new") or p.name.startswith(".again.scr-new")]


SLOW_CASES = {"read-only-fs", "full-disk", "immutable-file", "immutable-folder"}  # mounts and attributes
SLOW_COMMANDS = {"demo", "keys-remove", "rekey", "edit"}  # several gpg runs each
TABLE = [pytest.param(cmd, case, id=f"{cmd.name}-{case}",
                      marks=[pytest.mark.slow] if case in SLOW_CASES or cmd.name in SLOW_COMMANDS else [])
         for cmd in COMMANDS for case in CASES]


@pytest.mark.parametrize(("cmd", "case"), TABLE)
def test_environment_case(cmd: Command, case: str, review: Path) -> None:
    if cmd.prepare is not None:
        cmd.prepare(review)
    planted = CASES[case](review, cmd)
    if isinstance(planted, str):
        pytest.skip(planted)
    try:
        before = snapshot(review)
        ran = run(review, *cmd.args, env={"EDITOR": str(review.parent / "editor.sh")})
        after = snapshot(review)
    finally:
        for undo in planted.cleanup:
            undo()
    _judge(cmd, case, planted, ran, before, after)
    assert _leftovers(review) == [], "a temporary file was left behind"


def _judge(cmd: Command, case: str, planted: Planted, ran: Ran, before: dict[str, object],
           after: dict[str, object]) -> None:
    assert "Traceback" not in ran.out + ran.err, ran.err
    assert ran.code == planted.code, (case, cmd.name, ran.code, ran.err[-500:], ran.out[-300:])
    if planted.code == 0:
        if cmd.writes is None:
            assert after == before, "a command that only reads changed the review"
        return
    lines = ran.err.strip().splitlines()
    assert len(lines) == 1, ran.err
    m = LINE.match(lines[0])
    assert m, lines[0]
    assert any(s in m["what"].lower() for s in planted.says), (case, lines[0])
    assert any(n and n in m["what"] for n in planted.names), (case, planted.names, lines[0])
    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    assert changed == [], f"{cmd.name} changed {changed[:5]} although it failed"


def test_every_command_of_the_brief_is_in_the_table() -> None:
    wanted = {"status", "check", "log", "new", "lock", "unlock", "rekey", "edit", "keys", "signoff", "draft",
              "build", "diff", "doctor", "demo"}
    assert wanted <= {c.name.split("-")[0] for c in COMMANDS}


def test_standard_output_on_a_full_disk(review: Path) -> None:
    """/dev/full answers every write with ENOSPC: output that cannot be written is exit 2 with the cause."""
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "scr_cli.app", "status", ".", "--today", TODAY], cwd=review,
                              stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines() == [
        "scr: error: no space left on the disk — free some space and run the command again"]


def test_an_output_file_on_dev_full_is_refused(review: Path) -> None:
    """`scr diff -o /dev/full`: a device is not a file to write a comparison into (exit 2, the path named)."""
    ran = run(review, "diff", "03-scoping/scoping.md", "--format", "html", "-o", "/dev/full")
    assert ran.code == 2, ran.err
    assert ran.err.strip() == "scr: error: /dev/full: is a device file, not a regular file — replace it with the " \
                              "file itself"


def test_an_oserror_without_a_known_cause_is_still_a_crash_report() -> None:
    """Only errors that describe the machine become exit 2; anything else keeps its crash log (exit 3)."""
    from scr_cli.app import _environment

    assert _environment(OSError(errno.ENOSPC, "No space left on device", "/x/log.yaml")) is not None
    assert _environment(OSError(errno.ENOENT, "No such file or directory", "/x")) is None
    assert _environment(ValueError("x")) is None
