"""One-way layers and no import cycles, checked by parsing every module's imports (docs/architecture.md).

Every import counts, also one inside a function (it runs as surely as one at the top, only later); only an
import under `if TYPE_CHECKING:` is left out, since it never runs. The layers, from the bottom:

  shared (errors, paths, fileio, atomic, dates) < review < adapters < store < crypto < gate < publish < commands
  < render < cli < app

A module may import its own package and the layers below it, never above. On top of that: review/ imports
only the standard library and itself; only adapters/proc.py runs programs (subprocess); only render/ and
app.py import rich; only cli/ and app.py import typer or click; only store/ imports pydantic; only
publish/ical.py imports icalendar; only crypto/office.py imports msoffcrypto; only publish/ writes SVG
markup; a command never imports another command.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scr_cli"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
LAYERS = ("shared", "review", "adapters", "store", "crypto", "gate", "publish", "commands", "render", "cli", "app")
SHARED = {"scr_cli", "scr_cli.errors", "scr_cli.paths", "scr_cli.fileio", "scr_cli.atomic", "scr_cli.dates",
          "scr_cli.collector"}
APP = {"scr_cli.app", "scr_cli.__main__"}  # `python -m scr_cli` is the app, run another way

# Narrow, justified exceptions: (module, imported name) -> why. Keep this list short.
ALLOWED: dict[tuple[str, str], str] = {}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundled" not in p.parts)


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under `if TYPE_CHECKING:` (annotations only; never imported at run time)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def _imports(path: Path, module: str | None = None) -> list[tuple[str, int]]:
    """Every absolute module name imported at run time (relative imports resolved), with its line.

    `from a import b` yields both `a` and `a.b`, since b may be a module (`from scr_cli import render`).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = module or _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.append((target, node.lineno))
            found += [(f"{target}.{alias.name}", node.lineno) for alias in node.names]
    return found


def _within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def _layer(module: str) -> str:
    if module in SHARED:
        return "shared"
    if module in APP:
        return "app"
    return module.split(".")[1]


def _known(names: set[str], target: str) -> str | None:
    """The module a name refers to: itself, or the package it is imported from (`from pkg import thing`)."""
    while target and target not in names:
        target = target.rpartition(".")[0]
    return target or None


def _breaches() -> list[str]:
    names = {_name(p) for p in _modules()}
    problems: list[str] = []
    for path in _modules():
        module = _name(path)
        rel = path.relative_to(PACKAGE.parent).as_posix()
        layer = _layer(module)
        for target, line in _imports(path):
            top = target.split(".")[0]
            if (module, top) in ALLOWED or (module, target) in ALLOWED:
                continue
            where = f"{rel}:{line}: {module} imports {target}"
            why = _library_breaches(module, layer, target) + _layer_breaches(names, module, layer, target)
            problems += [f"{where} ({reason})" for reason in why]
    return sorted(set(problems))


def _library_breaches(module: str, layer: str, target: str) -> list[str]:
    """The rules on who may use which library: the pure domain, running programs, printing, typer, pydantic."""
    top = target.split(".")[0]
    rules = [
        (layer == "review" and top not in STDLIB and not _within(target, "scr_cli.review"),
         "review/ may import only the standard library and scr_cli.review"),
        (top == "subprocess" and module != "scr_cli.adapters.proc", "only scr_cli/adapters/proc.py may run programs"),
        (top == "rich" and layer not in ("render", "app"), "only render/ and app.py may print with rich"),
        (top in ("typer", "click") and layer not in ("cli", "app"), "only app.py and cli/ may use typer"),
        (top == "pydantic" and layer != "store", "only store/ validates with pydantic"),
        (top == "icalendar" and module != "scr_cli.publish.ical",
         "only publish/ical.py writes iCalendar: `scr status` must not load it"),
        (top == "msoffcrypto" and module != "scr_cli.crypto.office",
         "only crypto/office.py encrypts Office files: one place holds the password protection"),
    ]
    return [reason for broken, reason in rules if broken]


def _layer_breaches(names: set[str], module: str, layer: str, target: str) -> list[str]:
    """The rules between scr's own modules: imports only go down, and a command never imports another."""
    if target.split(".")[0] != "scr_cli":
        return []
    inner = _known(names, target)
    if inner is None or inner == "scr_cli":
        return []
    other = _layer(inner)
    reasons = []
    if LAYERS.index(other) > LAYERS.index(layer):
        reasons.append(f"{layer} is below {other}: it may not import it")
    if layer == "commands" and other == "commands" and inner != "scr_cli.commands" and inner != module:
        reasons.append("a command never imports another command: share code through a package")
    return reasons


def _graph() -> dict[str, set[str]]:
    """module -> the modules it imports at run time (a package's __init__ counts as a module)."""
    names = {_name(p) for p in _modules()}
    graph: dict[str, set[str]] = {n: set() for n in names}
    for path in _modules():
        module = _name(path)
        for target, _ in _imports(path):
            if not target.startswith("scr_cli"):
                continue
            inner = _known(names, target)
            if inner and inner != module:
                graph[module].add(inner)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    item = stack.pop()
                    on_stack.discard(item)
                    component.append(item)
                    if item == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_modules_are_found() -> None:
    names = {_name(p) for p in _modules()}
    assert {"scr_cli.app", "scr_cli.review.clocks", "scr_cli.adapters.proc", "scr_cli.commands.status",
            "scr_cli.store.loader", "scr_cli.gate.hooks", "scr_cli.crypto.lock", "scr_cli.publish.build"} <= names


def test_every_module_has_a_layer() -> None:
    unknown = sorted(n for n in (_name(p) for p in _modules()) if _layer(n) not in LAYERS)
    assert not unknown, f"modules outside every layer (add them to a package or to SHARED): {unknown}"


def test_no_layer_is_breached() -> None:
    breaches = _breaches()
    assert not breaches, "layer breaches:\n" + "\n".join(breaches)


def test_only_publish_writes_svg() -> None:
    """The genogram's layout is pure (review/genogram.py gives coordinates); drawing it is publish/'s work."""
    markup = re.compile(r"<svg[\s>]")  # an element written, not the b"<svg" a file type is recognised by
    writers = sorted(_name(p) for p in _modules() if markup.search(p.read_text(encoding="utf-8"))
                     and _layer(_name(p)) != "publish")
    assert not writers, f"modules outside publish/ that write SVG: {writers}"


def test_there_is_no_import_cycle() -> None:
    found = cycles(_graph())
    assert not found, "import cycles (imports inside functions included):\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_cycle_finder_finds_a_cycle_through_an_import_inside_a_function(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("from scr_cli.x import b\n")
    b.write_text("def f():\n    from scr_cli.x import a\n")
    graph = {"scr_cli.x.a": {t for t, _ in _imports(a, "scr_cli.x.a") if t.count(".") == 2},
             "scr_cli.x.b": {t for t, _ in _imports(b, "scr_cli.x.b") if t.count(".") == 2}}
    assert cycles(graph) == [["scr_cli.x.a", "scr_cli.x.b"]]
    assert cycles({"p": {"q"}, "q": set()}) == []


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import subprocess\n", "scr_cli/commands/x.py", "subprocess"),
        ("from rich.table import Table\n", "scr_cli/commands/x.py", "rich.table"),
        ("from scr_cli import render\n", "scr_cli/commands/x.py", "scr_cli.render"),
        ("from ..render import status\n", "scr_cli/commands/x.py", "scr_cli.render"),
        ("from . import clocks\n", "scr_cli/review/x.py", "scr_cli.review.clocks"),
        ("def f():\n    from scr_cli.gate import hooks\n", "scr_cli/crypto/x.py", "scr_cli.gate.hooks"),
    ],
)
def test_the_import_reader_sees_every_form(tmp_path: Path, source: str, module: str, expected: str) -> None:
    path = tmp_path / "x.py"
    path.write_text(source)
    name = module.removesuffix(".py").replace("/", ".")
    assert expected in [target for target, _ in _imports(path, name)]


def test_an_import_for_annotations_only_is_not_counted(tmp_path: Path) -> None:
    path = tmp_path / "x.py"
    path.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from scr_cli.cli import hooks\n")
    assert "scr_cli.cli.hooks" not in [t for t, _ in _imports(path, "scr_cli.crypto.x")]
