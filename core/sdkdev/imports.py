"""Which modules of a pack import core's internals instead of ``sdk``.

Used by the conformance check and by the test that keeps the bundled packs honest: a pack that
reaches into ``core`` breaks when core is refactored, which the compatibility policy allows.
"""

from __future__ import annotations

import ast
from pathlib import Path


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def core_imports(directory: Path) -> list[tuple[Path, int, str]]:
    """(file, line, module) for every import of ``core`` or ``core.*`` under ``directory``."""
    hits = []
    for path in sorted(Path(directory).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        hits += [
            (path, line, module)
            for line, module in _imported(tree)
            if module == "core" or module.startswith("core.")
        ]
    return hits
