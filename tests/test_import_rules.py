"""The import rules that keep core and packs separable, computed from the source.

Never: core (or sdk) imports a pack; a pack imports core except through ``sdk``; a pack imports
another pack.  Core and sdk have no import cycle at module level.  And start-up stays light:
``import sdk`` and commands that do not need them load no database, analytics, spreadsheet,
Chinese-text or web-server library.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_DIRS = [ROOT / "core", ROOT / "sdk"]
PACK_SOURCES = sorted(p for p in (ROOT / "plugins").glob("*/src/*") if (p / "__init__.py").is_file())
#: What no start-up path may import before a command needs it.
HEAVY = (
    "numpy",
    "scipy",
    "pypinyin",
    "opencc",
    "openpyxl",
    "fastapi",
    "uvicorn",
    "guanxi_retail.analytics.service",
)
#: ``import sdk`` is what every pack's plugin.py pays for: not even the database layer.
HEAVY_FOR_SDK = (*HEAVY, "sqlalchemy", "sqlmodel")


# -- reading imports from the source --------------------------------------------------------------


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_level(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Statements that run when the module is imported: ``if``/``try`` branches, not functions,
    classes' methods or ``if TYPE_CHECKING:`` blocks."""
    for node in body:
        if isinstance(node, ast.If):
            if not _is_type_checking(node.test):
                yield from _module_level(node.body)
            yield from _module_level(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _module_level(block)
        else:
            yield node


def _imports(tree: ast.Module, package: str, *, module_level: bool) -> Iterator[tuple[int, str, str]]:
    """(line, module, name) per imported name; ``name`` is "" for ``import module``."""
    nodes = _module_level(tree.body) if module_level else ast.walk(tree)
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ""
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join([*parts, *([node.module] if node.module else [])])
            else:
                source = node.module or ""
            for alias in node.names:
                yield node.lineno, source, alias.name


def _modules(directory: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package tree at ``directory``."""
    found = {}
    for path in sorted(directory.rglob("*.py")):
        parts = list(path.relative_to(directory.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def _every_import(directory: Path) -> Iterator[tuple[str, str]]:
    """("file:line", imported module) for every import anywhere in a package tree."""
    for module, path in _modules(directory).items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for line, source, _name in _imports(tree, _package_of(module, path), module_level=False):
            yield f"{path.relative_to(directory.parent.parent)}:{line}", source


def _top(module: str) -> str:
    return module.partition(".")[0]


def import_graph(directories: list[Path]) -> dict[str, set[str]]:
    """Module -> modules of the same trees it imports when it is imported (module level only)."""
    modules: dict[str, Path] = {}
    for directory in directories:
        modules.update(_modules(directory))
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = set()
        for _line, source, name in _imports(tree, _package_of(module, path), module_level=True):
            if name and f"{source}.{name}" in modules:
                targets.add(f"{source}.{name}")
            elif source in modules:
                targets.add(source)
        graph[module] = targets - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


# -- the rules ------------------------------------------------------------------------------------


def test_core_and_sdk_never_import_a_pack():
    found = [
        f"{where}: {module}"
        for directory in CORE_DIRS
        for where, module in _every_import(directory)
        if _top(module).startswith("guanxi_")
    ]
    assert found == [], "core reaches packs only through hooks:\n" + "\n".join(found)


def test_packs_import_core_only_through_sdk():
    found = [
        f"{where}: {module}"
        for directory in PACK_SOURCES
        for where, module in _every_import(directory)
        if _top(module) == "core"
    ]
    assert found == [], "import these names from sdk (add them there if missing):\n" + "\n".join(found)


def test_packs_never_import_each_other():
    found = [
        f"{where}: {module}"
        for directory in PACK_SOURCES
        for where, module in _every_import(directory)
        if _top(module).startswith("guanxi_") and _top(module) != directory.name
    ]
    assert found == [], "packs talk through hooks, not imports:\n" + "\n".join(found)


def test_core_and_sdk_have_no_import_cycle_at_module_level():
    found = cycles(import_graph(CORE_DIRS))
    assert found == [], "module-level import cycles:\n" + "\n".join(" <-> ".join(c) for c in found)


def test_the_import_scan_sees_function_level_relative_and_type_checking_imports(tmp_path):
    package = tmp_path / "src" / "guanxi_demo"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import core.models\n"
        "def f():\n    from guanxi_other import x\nfrom . import b\n"
    )
    (package / "b.py").write_text("from .a import f\n")
    assert sorted(module for _where, module in _every_import(package)) == [
        "core.models",
        "guanxi_demo",
        "guanxi_demo.a",
        "guanxi_other",
        "typing",
    ]
    graph = import_graph([package])
    assert graph["guanxi_demo.a"] == {"guanxi_demo.b"}  # the function and TYPE_CHECKING don't run
    assert cycles(graph) == [["guanxi_demo.a", "guanxi_demo.b"]]


# -- light start-up -------------------------------------------------------------------------------


def _loaded_by(code: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules a fresh interpreter holds after running ``code`` (which prints nothing else
    on the last line), and what it printed before."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    *before, last = done.stdout.strip().splitlines()
    return set(json.loads(last)), "\n".join(before)


def _heavy(modules: set[str], heavy: tuple[str, ...]) -> list[str]:
    """Which of ``heavy`` (or a submodule of one) is among ``modules``."""
    return sorted(h for h in heavy if any(m == h or m.startswith(f"{h}.") for m in modules))


def test_importing_sdk_loads_only_the_hook_marker_records_and_errors():
    modules, _ = _loaded_by("import sdk")
    assert _heavy(modules, HEAVY_FOR_SDK) == []


def test_every_sdk_name_still_resolves():
    import sdk

    missing = [name for name in sdk.__all__ if getattr(sdk, name, None) is None]
    assert missing == []
    assert set(sdk.__all__) <= set(dir(sdk))


RUN_GUANXI = (
    "import sys\nfrom core.cli.main import main\nsys.argv = ['guanxi', {args}]\n"
    "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
)


def test_guanxi_help_loads_no_database_analytics_or_web_library():
    modules, _ = _loaded_by(RUN_GUANXI.format(args="'--help'"))
    assert _heavy(modules, HEAVY_FOR_SDK) == []


def test_guanxi_help_still_lists_every_pack_command(guanxi_registry):
    from core.packs.facade import StartupHooks

    _, shown = _loaded_by(RUN_GUANXI.format(args="'--help'"))
    names = [record.name for record in StartupHooks(guanxi_registry).cli_commands()]
    assert names and all(name in shown for name in names), shown


@pytest.mark.parametrize("command", [["plugins", "list"], ["tenants", "list"]])
def test_commands_that_do_not_need_them_load_no_analytics_or_web_library(command, guanxi_database_url):
    args = ", ".join(repr(a) for a in command)
    modules, _ = _loaded_by(RUN_GUANXI.format(args=args), env={"GUANXI_DATABASE_URL": guanxi_database_url})
    assert _heavy(modules, HEAVY) == []
