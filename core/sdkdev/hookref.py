"""The hook reference (docs/hooks.md), generated from the specifications in ``core/hooks.py``.

    python -m core.sdkdev.hookref > docs/hooks.md

The docstrings in ``core/hooks.py`` are the single source; a test fails when docs/hooks.md differs
from what this module renders, so the reference cannot drift from the code.
"""

from __future__ import annotations

import ast
import inspect
import sys
from dataclasses import dataclass
from pathlib import Path

from core import CORE_API_VERSION, hooks
from core.sdkdev.deprecations import DEPRECATED_HOOKS
from core.sdkdev.hookexamples import example_for

HOOKS_SOURCE = Path(hooks.__file__)


@dataclass(frozen=True)
class HookDoc:
    section: str
    name: str
    signature: str
    firstresult: bool
    doc: str


def _is_hookspec(decorator: ast.expr) -> tuple[bool, bool]:
    """(is a hookspec, is firstresult) for one decorator node."""
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    if not (isinstance(target, ast.Name) and target.id == "hookspec"):
        return False, False
    first = isinstance(decorator, ast.Call) and any(
        kw.arg == "firstresult" and isinstance(kw.value, ast.Constant) and kw.value.value is True
        for kw in decorator.keywords
    )
    return True, first


def _sections(lines: list[str]) -> dict[int, str]:
    """Line number (1-based) of each banner title: ``# ---`` / ``# Title`` / ``# ---``."""
    found = {}
    for i in range(1, len(lines) - 1):
        if (
            lines[i - 1].startswith("# ---")
            and lines[i + 1].startswith("# ---")
            and lines[i].startswith("# ")
        ):
            found[i + 1] = lines[i][2:].strip()
    return found


def hook_docs(source: str | None = None) -> list[HookDoc]:
    """Every hook specification in source order, with its banner section."""
    text = source if source is not None else HOOKS_SOURCE.read_text(encoding="utf-8")
    sections = _sections(text.splitlines())
    docs = []
    for node in ast.parse(text).body:
        if not isinstance(node, ast.FunctionDef):
            continue
        flags = [_is_hookspec(d) for d in node.decorator_list]
        if not any(is_spec for is_spec, _ in flags):
            continue
        section = next(
            (title for line, title in sorted(sections.items(), reverse=True) if line < node.lineno), "Hooks"
        )
        returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
        signature = f"def {node.name}({ast.unparse(node.args)}){returns}"
        docs.append(
            HookDoc(
                section,
                node.name,
                signature,
                any(first for _, first in flags),
                inspect.cleandoc(ast.get_docstring(node) or ""),
            )
        )
    return docs


def render(docs: list[HookDoc] | None = None) -> str:
    """The Markdown reference: the module's overview, then one entry per hook under its section."""
    docs = hook_docs() if docs is None else docs
    out = [
        "# Hook reference",
        "",
        f"Core API {CORE_API_VERSION}.  Generated from the hook specifications by "
        "`python -m core.sdkdev.hookref > docs/hooks.md`; edit the docstrings, not this file.",
        "",
        inspect.cleandoc(hooks.__doc__ or ""),
        "",
        "Implement a hook in your pack's `plugin.py` with `from sdk import hookimpl`; an",
        "implementation may take any subset of the arguments shown.  A `guanxi_register_<things>`",
        "hook is usually declared instead: the `<things>` key of the pack's `pack.toml`",
        "(see [Write a vertical pack](write-a-pack.md)).",
    ]
    section = None
    for doc in docs:
        if doc.section != section:
            section = doc.section
            out += ["", f"## {section}"]
        combine = (
            "first non-`None` result wins (`firstresult`)"
            if doc.firstresult
            else "every implementation runs; results are collected"
        )
        out += [
            "",
            f"### `{doc.name}`",
            "",
            "```python",
            doc.signature,
            "```",
            "",
            f"*Results:* {combine}.",
            "",
            doc.doc,
        ]
        example = example_for(doc.name)
        if example:
            out += ["", "*Example* (the tutorial's `hotel` pack):", "", "```python", example, "```"]
    out += ["", "## Deprecated hooks", ""]
    if DEPRECATED_HOOKS:
        out += ["| Old name | Use instead | Deprecated in | Removed in |", "| --- | --- | --- | --- |"]
        out += [f"| `{d.old}` | `{d.new}` | {d.since} | {d.removed_in} |" for d in DEPRECATED_HOOKS.values()]
    else:
        out.append(f"None in core API {CORE_API_VERSION}.")
    return "\n".join(out) + "\n"


def main() -> None:
    sys.stdout.write(render())


if __name__ == "__main__":
    main()
