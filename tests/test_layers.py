"""One-way layers, checked by parsing every module's imports (architecture.md, practice 1).

app -> cli -> commands -> (store | adapters | review); review/ imports only the standard library and itself;
only adapters/proc.py imports subprocess; only render/ and app.py import rich; only app.py and cli/ import typer.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "scr_cli"
STDLIB = set(sys.stdlib_module_names) | {"__future__"}

# Narrow, justified exceptions: (module, imported top-level name) -> why. Keep this list short.
ALLOWED: dict[tuple[str, str], str] = {}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_bundled" not in p.parts)


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str | None = None) -> list[tuple[str, int]]:
    """Every absolute module name imported (relative imports resolved), with its line.

    `from a import b` yields both `a` and `a.b`, since b may be a module (`from scr_cli import render`).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    module = module or _name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int]] = []
    for node in ast.walk(tree):
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


def _breaches() -> list[str]:
    problems: list[str] = []
    for path in _modules():
        module = _name(path)
        rel = path.relative_to(PACKAGE.parent).as_posix()
        for target, line in _imports(path):
            top = target.split(".")[0]
            if (module, top) in ALLOWED or (module, target) in ALLOWED:
                continue
            where = f"{rel}:{line}: {module} imports {target}"
            if _within(module, "scr_cli.review") and top not in STDLIB and not _within(target, "scr_cli.review"):
                problems.append(f"{where} (review/ may import only the standard library and scr_cli.review)")
            if top == "subprocess" and module != "scr_cli.adapters.proc":
                problems.append(f"{where} (only scr_cli/adapters/proc.py may run programs)")
            if top == "rich" and not (_within(module, "scr_cli.render") or module == "scr_cli.app"):
                problems.append(f"{where} (only render/ and app.py may print with rich)")
            if top in ("typer", "click") and not (_within(module, "scr_cli.cli") or module == "scr_cli.app"):
                problems.append(f"{where} (only app.py and cli/ may use typer)")
            if _within(module, "scr_cli.commands") and (
                _within(target, "scr_cli.render") or _within(target, "scr_cli.cli") or target == "scr_cli.app"
            ):
                problems.append(f"{where} (commands return results; they never render or parse arguments)")
            if _within(module, "scr_cli.adapters") and any(
                _within(target, f"scr_cli.{layer}") for layer in ("commands", "cli", "render", "app")
            ):
                problems.append(f"{where} (adapters are the bottom layer)")
            if not (_within(module, "scr_cli.cli") or module == "scr_cli.app") and _within(target, "scr_cli.cli"):
                problems.append(f"{where} (only app.py assembles cli/)")
            if module != "scr_cli.app" and target == "scr_cli.app":
                problems.append(f"{where} (nothing imports the app)")
    return sorted(set(problems))


def test_modules_are_found() -> None:
    names = {_name(p) for p in _modules()}
    assert {"scr_cli.app", "scr_cli.review.clocks", "scr_cli.adapters.proc", "scr_cli.commands.status"} <= names


def test_no_layer_is_breached() -> None:
    breaches = _breaches()
    assert not breaches, "layer breaches:\n" + "\n".join(breaches)


@pytest.mark.parametrize(
    ("source", "module", "expected"),
    [
        ("import subprocess\n", "scr_cli/commands/x.py", "subprocess"),
        ("from rich.table import Table\n", "scr_cli/commands/x.py", "rich.table"),
        ("from scr_cli import render\n", "scr_cli/commands/x.py", "scr_cli.render"),
        ("from ..render import status\n", "scr_cli/commands/x.py", "scr_cli.render"),
        ("from . import clocks\n", "scr_cli/review/x.py", "scr_cli.review.clocks"),
    ],
)
def test_the_import_reader_sees_every_form(tmp_path: Path, source: str, module: str, expected: str) -> None:
    path = tmp_path / "x.py"
    path.write_text(source)
    name = module.removesuffix(".py").replace("/", ".")
    assert expected in [target for target, _ in _imports(path, name)]
