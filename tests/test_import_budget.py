"""The import budget of the commands run most often: a warm `scr status`, `scr hook pre-commit`, a no-op `scr lock`.

Each runs in a fresh interpreter that records `sys.modules` before scr starts, so what the interpreter itself
loaded (a site .pth file on some machines imports tempfile) is not counted. What scr then imports is held to a
list: every scr_cli module by name, every other package by its top-level name (a C accelerator such as
`_json` is counted under nothing: it comes with the module that needs it). A module outside the list fails the
test with the chain of imports that brought it in, so a new import on a hot path is a decision made here, in
the list, not an accident. Typer, click, rich, pydantic, pandoc and typst are in no list (issue 10: each costs
tens of milliseconds, and these paths print plain text and read files already validated), nor is tempfile in
status's (9 ms, for a crash log seldom written).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clockkit import a_clock_step_later
from tests.gpgkit import KeyKit, keykit_fixture, locked_review  # noqa: F401 - fixture

DAY = "2026-11-23"


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# the standard library every path may use (top-level names); BUDGET adds what one path needs beyond it
# (importlib and encodings are the interpreter's own: which of their submodules are loaded before scr starts
# differs between a venv and a system Python, and inspect imports importlib.machinery where it is not)
STDLIB = _names("""
    ast base64 binascii bisect bz2 collections copy dataclasses datetime difflib dis encodings fcntl gc hashlib
    heapq hmac importlib inspect json linecache locale lzma math opcode random secrets select selectors shutil
    signal struct subprocess threading token tokenize typing unicodedata weakref zlib
""")

# scr's own modules shared by every path: finding the review, reading files, running a program, the error boundary
_CORE = """
    scr_cli scr_cli.adapters scr_cli.adapters.gpg scr_cli.adapters.proc scr_cli.adapters.verdicts scr_cli.app
    scr_cli.atomic scr_cli.cli scr_cli.collector scr_cli.commands scr_cli.crypto scr_cli.crypto.entropy
    scr_cli.crypto.packets scr_cli.crypto.readers scr_cli.crypto.state scr_cli.errors scr_cli.fileio scr_cli.gate
    scr_cli.gate.signatures scr_cli.gate.trust scr_cli.paths scr_cli.review scr_cli.review.canonical
    scr_cli.review.followup_rules scr_cli.review.layout scr_cli.review.lengths scr_cli.review.model
    scr_cli.review.passages
    scr_cli.review.references scr_cli.review.regime scr_cli.review.scopes scr_cli.review.signoff scr_cli.store
    scr_cli.store.settings scr_cli.store.tree scr_cli.store.yamlfile
"""

BUDGET: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # path: (scr_cli modules, other packages by top-level name: the standard library's beyond STDLIB, then others)
    "status": (_names(_CORE + """
        scr_cli.cli.hot scr_cli.commands.status scr_cli.crypto.context scr_cli.crypto.journal scr_cli.dates
        scr_cli.render scr_cli.render.plain scr_cli.render.planning scr_cli.render.status scr_cli.review.clock_judge
        scr_cli.review.clocks scr_cli.review.followup_summary scr_cli.review.intake scr_cli.review.milestones
        scr_cli.review.monitoring scr_cli.review.planning scr_cli.review.proceedings scr_cli.review.progress
        scr_cli.review.publication scr_cli.store.bankholidays scr_cli.store.cache scr_cli.store.root
    """), frozenset({"calendar", "pickle", "yaml"})),
    "hook pre-commit": (_names(_CORE + """
        scr_cli.adapters.git scr_cli.adapters.unicode_data scr_cli.cli.hooks scr_cli.commands.hook
        scr_cli.gate.gittree scr_cli.gate.hooks scr_cli.gate.pasted scr_cli.gate.sensitive scr_cli.gate.standard_rules
        scr_cli.gate.transition scr_cli.review.drafts scr_cli.review.pseudonyms scr_cli.review.sections
        scr_cli.review.tracking_build scr_cli.review.unifold scr_cli.review.variant scr_cli.store.frontmatter
        scr_cli.store.standard
    """), frozenset({"html", "string", "tempfile", "zipfile", "yaml", "regex", "confusable_homoglyphs"})),
    "lock": (_names(_CORE + """
        scr_cli.adapters.git scr_cli.cli.hot scr_cli.commands.lock scr_cli.crypto.context scr_cli.crypto.homes
        scr_cli.crypto.journal scr_cli.crypto.lock scr_cli.crypto.private scr_cli.dates scr_cli.gate.gittree
        scr_cli.gate.lock_rules scr_cli.gate.standard_rules scr_cli.gate.transition scr_cli.render
        scr_cli.render.crypto scr_cli.render.plain scr_cli.review.drafts scr_cli.review.sections
        scr_cli.review.tracking_build scr_cli.review.variant scr_cli.store.frontmatter scr_cli.store.root
        scr_cli.store.standard
    """), frozenset({"tempfile", "yaml"})),
}

# a fresh interpreter runs one command through app.main and says what it imported, and from where
PROBE = """\
import sys
before = set(sys.modules)
import builtins, io
first = {}
real = builtins.__import__
def spy(name, *args, **kwargs):
    if name not in sys.modules and name not in first:
        frame, chain = sys._getframe(1), []
        while frame is not None and len(chain) < 7:
            chain.append(f'{frame.f_code.co_filename}:{frame.f_lineno}')
            frame = frame.f_back
        first[name] = ' <- '.join(chain)
    return real(name, *args, **kwargs)
builtins.__import__ = spy
for extra in EXTRA:
    __import__(extra)
from scr_cli.app import main
sys.stdout = sys.stderr = io.StringIO()
code = main(ARGS)
sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
new = {m: first.get(m, first.get(m.split('.')[0], '?')) for m in sys.modules if m not in before}
import json  # after the count: the probe's own report is not scr's import
print(json.dumps({'code': code, 'loaded': 'scr_cli.store.loader' in sys.modules, 'new': new}))
"""


def imported(args: list[str], cwd: Path, extra: tuple[str, ...] = ()) -> dict[str, object]:
    """What one run of scr imported: {'code', 'loaded' (did it read the files), 'new': {module: first importer}}."""
    script = PROBE.replace("EXTRA", repr(list(extra))).replace("ARGS", repr(args))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=cwd).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    return result


def over_budget(path: str, new: dict[str, str]) -> dict[str, str]:
    """The modules a run imported beyond its path's budget, each with the imports that brought it in."""
    ours, others = BUDGET[path]
    over = {}
    for module, where in new.items():
        top = module.split(".")[0]
        if top == "scr_cli":
            allowed = module in ours
        elif top.startswith("_") or top == "cython_runtime":
            allowed = True  # a C part of a module already counted (json's _json, libyaml's Cython runtime)
        else:
            allowed = top in others or top in STDLIB
        if not allowed:
            over[module] = where
    return over


def warm_status(root: Path, extra: tuple[str, ...] = ()) -> dict[str, object]:
    """A `scr status` that read the cache (on a loaded machine the first runs may find the files too recent)."""
    for _ in range(5):
        a_clock_step_later(root)
        run = imported(["status", "-C", str(root), "--today", DAY], root, extra)
        if not run["loaded"]:
            return run
    pytest.fail(f"no run of `scr status` under {root} read the cache")


def test_a_warm_status_imports_only_its_budget(new_review: Path) -> None:
    run = warm_status(new_review)
    assert run["code"] == 0
    assert not over_budget("status", run["new"])  # type: ignore[arg-type]


def test_the_pre_commit_hook_imports_only_its_budget(new_review: Path) -> None:
    tor = new_review / "04-terms-of-reference/terms-of-reference.md"
    tor.write_text(tor.read_text() + "\nA sentence added to the draft.\n")
    subprocess.run(["git", "add", "-A"], cwd=new_review, check=True)
    run = imported(["hook", "pre-commit"], new_review)
    assert run["code"] in (0, 1)  # the verdict is the hook tests' business; what it took to reach it is ours
    assert not over_budget("hook pre-commit", run["new"])  # type: ignore[arg-type]


def test_a_lock_with_nothing_to_do_imports_only_its_budget(keykit: KeyKit, tmp_path: Path) -> None:
    root = tmp_path / "r"
    home = locked_review(root, keykit)
    run = imported(["lock", "-C", str(root), "--gnupghome", str(home)], root)
    assert run["code"] == 0
    assert not over_budget("lock", run["new"])  # type: ignore[arg-type]


@pytest.mark.parametrize("heavy", ["rich", "pydantic", "typer"])
def test_an_import_outside_the_budget_is_named_with_its_importer(new_review: Path, heavy: str) -> None:
    # the same warm status with one heavy package imported on its way: the check must name it
    run = warm_status(new_review, extra=(heavy,))
    over = over_budget("status", run["new"])  # type: ignore[arg-type]
    assert heavy in over and "<string>" in over[heavy]
