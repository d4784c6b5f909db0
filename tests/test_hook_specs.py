"""Meta-tests: every hook is documented and has a test named after it."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

from core import hooks

ROOT = Path(__file__).resolve().parents[1]
SPECS = sorted(name for name in dir(hooks) if name.startswith("guanxi_"))


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in [*ROOT.glob("tests/**/test_*.py"), *ROOT.glob("plugins/*/tests/**/test_*.py")]:
        names |= set(re.findall(r"def (test_\w+)", path.read_text(encoding="utf-8")))
    return names


def test_every_hook_carries_the_project_prefix_and_a_docstring():
    assert SPECS, "no hook specifications found"
    for name in SPECS:
        doc = inspect.getdoc(getattr(hooks, name)) or ""
        assert len(doc) > 40, f"{name} needs a docstring saying when it runs and what it returns"


def test_every_hook_has_a_test_named_after_it():
    tests = _test_names()
    untested = [name for name in SPECS if not any(name in t for t in tests)]
    assert untested == [], f"hooks without a test named test_<hook>...: {untested}"
