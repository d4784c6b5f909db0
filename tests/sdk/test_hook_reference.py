"""docs/hooks.md is generated from the hook docstrings and kept up to date by this test."""

from __future__ import annotations

from pathlib import Path

from core import hooks
from core.sdkdev.hookref import hook_docs, render

ROOT = Path(__file__).resolve().parents[2]


def test_hook_reference_is_up_to_date_with_the_docstrings():
    assert (ROOT / "docs" / "hooks.md").read_text(encoding="utf-8") == render(), (
        "docs/hooks.md is stale: run `python -m core.sdkdev.hookref > docs/hooks.md`"
    )


def test_hook_reference_lists_every_spec_with_its_section_and_docstring():
    docs = {d.name: d for d in hook_docs()}
    assert set(docs) == {n for n in dir(hooks) if n.startswith("guanxi_")}
    assert docs["guanxi_register_pack"].section.startswith("Pack identity")
    assert "tenant: Tenant" in docs["guanxi_register_nav_items"].signature
    assert all(len(d.doc) > 40 for d in docs.values())


def test_firstresult_hooks_are_marked_in_the_reference():
    source = '''
# ----
# Resolving
# ----


@hookspec(firstresult=True)
def guanxi_resolve_price(tenant: Tenant) -> int:
    """Return the price; the first pack that answers wins, the others are not called."""
'''
    [doc] = hook_docs(source)
    assert doc.firstresult and doc.section == "Resolving"
    assert "first non-`None` result wins" in render([doc])


def test_every_hook_has_an_example_that_parses_and_implements_it():
    import ast

    from core.sdkdev.hookexamples import HOOK_EXAMPLES, example_for

    specs = {n for n in dir(hooks) if n.startswith("guanxi_")}
    assert specs - set(HOOK_EXAMPLES) == set(), "add an example to core/sdkdev/hookexamples.py"
    assert set(HOOK_EXAMPLES) - specs == set(), "an example for a hook that does not exist"
    for name in specs:
        tree = ast.parse(example_for(name) or "")
        implemented = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef)
            and any(isinstance(d, ast.Name) and d.id == "hookimpl" for d in node.decorator_list)
        ]
        assert implemented == [name], f"the example filed under {name} implements {implemented}"
